/**
 * The benchmark's processes and how they talk: the runner forks each child with its own node
 * flags (tsx's loader included), sends commands `{ id, cmd, … }` and awaits the reply with the
 * same id. Children exit when the runner goes away.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Fleet spec shared by the server and clients (clients derive each meter's LLS password from it). */
export const NOW = Date.UTC(2026, 10, 8, 9, 7, 30);
/** Three days of history before NOW: a meter's first read catches up ~300 intervals. */
export const HISTORY_START = Date.UTC(2026, 10, 5);
export const SEED = 42;

export interface ProcessSample {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** User + system CPU time since the process started, µs. */
  readonly cpuMicros: number;
  readonly openFiles: number;
  readonly openFileLimit: number;
}

export function sampleProcess(): ProcessSample {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: m.rss,
    heapUsedBytes: m.heapUsed,
    cpuMicros: cpu.user + cpu.system,
    openFiles: openFiles(),
    openFileLimit: openFileLimit(),
  };
}

function openFiles(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

/** The soft RLIMIT_NOFILE of this process (Linux), or -1. */
function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined ? -1 : Number(soft);
  } catch {
    return -1;
  }
}

type Reply = { readonly id: number; readonly error?: string } & Record<string, unknown>;

/** A forked child that answers commands. */
export class Child {
  readonly name: string;
  readonly process: ChildProcess;
  #next = 1;
  readonly #waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  #exited: Error | undefined;

  constructor(name: string, script: string, args: readonly string[] = [], nodeFlags: readonly string[] = []) {
    this.name = name;
    this.process = fork(new URL(script, import.meta.url), args, {
      execArgv: [...process.execArgv, ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process.on('message', (m: Reply) => {
      const w = this.#waiting.get(m.id);
      if (!w) return;
      this.#waiting.delete(m.id);
      if (m.error) w.reject(new Error(`${name}: ${m.error}`));
      else w.resolve(m);
    });
    this.process.on('exit', (code, signal) => {
      this.#exited = new Error(`${name} exited (code ${code}, signal ${signal})`);
      for (const w of this.#waiting.values()) w.reject(this.#exited);
      this.#waiting.clear();
    });
  }

  /** Sends a command and waits for its reply (at most `timeoutMs`). */
  call<T>(cmd: Record<string, unknown>, timeoutMs = 120_000): Promise<T> {
    if (this.#exited) return Promise.reject(this.#exited);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`${this.name}: no reply to ${String(cmd.cmd)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as unknown as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.process.send({ ...cmd, id });
    });
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

/**
 * The child side: runs `handler` for each command and replies; exits when the parent disconnects.
 */
export function serveCommands(
  handler: (cmd: { readonly cmd: string } & Record<string, unknown>) => Promise<Record<string, unknown>>,
): void {
  if (!process.send) throw new Error('This script is a benchmark child; run bench/run.ts');
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { id: number; cmd: string } & Record<string, unknown>) => {
    handler(m).then(
      (r) => process.send?.({ ...r, id: m.id }),
      (e: unknown) => process.send?.({ id: m.id, error: e instanceof Error ? e.stack : String(e) }),
    );
  });
}
