/**
 * The head-end benchmark's processes and how they talk (the style of packages/simulator/bench):
 * the runner forks each child with its own node flags (tsx's loader and the `source` export
 * condition, so the children run the packages' TypeScript sources; with `--dist` they run the
 * built dist/ instead, as `tsc -b` emits it), sends commands `{ id, cmd, … }`
 * and awaits the reply with the same id. Children exit when the runner goes away.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const DAY_MS = 86_400_000;

/** The fleet both sides derive: the simulator serves it, the head-end derives its keys from the seed. */
export const SEED = 42;
/** Midnight UTC starting "today"; the simulator's frozen clock stands at 00:20, so yesterday is complete. */
export const TODAY = Date.UTC(2026, 10, 8);
export const NOW = TODAY + 20 * 60_000;
export const YESTERDAY = TODAY - DAY_MS;
/** Two days of history: a meter's first session catches up ~194 intervals. */
export const HISTORY_START = TODAY - 2 * DAY_MS;

export interface ProcessSample {
  readonly rssBytes: number;
  /** Peak resident set size of the process so far (getrusage ru_maxrss). */
  readonly maxRssBytes: number;
  readonly heapUsedBytes: number;
  /** User + system CPU time since the process started, µs. */
  readonly cpuMicros: number;
  /** Of which in the kernel (system time: sockets, connects, loopback delivery), µs. */
  readonly systemMicros: number;
  readonly openFiles: number;
}

export function sampleProcess(): ProcessSample {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: m.rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: m.heapUsed,
    cpuMicros: cpu.user + cpu.system,
    systemMicros: cpu.system,
    openFiles: openFiles(),
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
export function openFileLimit(): number {
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

  constructor(name: string, script: string, nodeFlags: readonly string[] = []) {
    this.name = name;
    const conditions =
      process.argv.includes('--dist') || process.execArgv.some((a) => a.startsWith('--conditions'))
        ? []
        : ['--conditions=source'];
    this.process = fork(new URL(script, import.meta.url), [], {
      execArgv: [...process.execArgv, ...conditions, ...nodeFlags],
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
  call<T>(cmd: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
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

  /** Asks the child to exit on its own (lets --cpu-prof write its profile), then kills it. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((r) => this.process.once('exit', () => r()));
    this.process.send({ id: 0, cmd: 'exit' });
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

/**
 * The child side: runs `handler` for each command and replies; `exit` ends the process cleanly.
 * Exits when the parent disconnects.
 */
export function serveCommands(
  handler: (cmd: { readonly cmd: string } & Record<string, unknown>) => Promise<Record<string, unknown>>,
): void {
  if (!process.send)
    throw new Error('This script is a benchmark child; run integration/bench/headend-collect.ts');
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { id: number; cmd: string } & Record<string, unknown>) => {
    if (m.cmd === 'exit') {
      process.exit(0);
    }
    handler(m).then(
      (r) => process.send?.({ ...r, id: m.id }),
      (e: unknown) => process.send?.({ id: m.id, error: e instanceof Error ? e.stack : String(e) }),
    );
  });
}
