/**
 * An append-only NDJSON file: one JSON value per line, each `append` written and fsync'd before
 * it resolves. Appends that arrive while a write is in flight are committed together in the next
 * write (group commit). Opening replays every line; a last line without its newline is the torn
 * write of a crash: it is dropped with a warning and cut from the file, so the next append starts
 * on a clean line. Any other line that is not JSON is corruption and stops the open.
 */
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalClosedError, JournalCorruptError } from './errors.js';
import type { CommandLog } from './ports.js';

interface PendingAppend {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** What an open found in the file. */
export interface NdjsonReplay {
  /** Every complete line, parsed, in file order. */
  readonly values: unknown[];
  /** The torn last line that was dropped (its text), if any. */
  readonly droppedTail?: string;
}

/**
 * @example
 * const { log, replay } = await NdjsonLog.open('/var/lib/gridmeter/commands.ndjson');
 * await log.append([{ type: 'submitted', at: Date.now() }]); // on disk once resolved
 */
export class NdjsonLog {
  readonly path: string;
  #handle: Awaited<ReturnType<typeof open>> | undefined;
  #pending: PendingAppend[] = [];
  #flushing: Promise<void> | undefined;

  private constructor(path: string, handle: Awaited<ReturnType<typeof open>>) {
    this.path = path;
    this.#handle = handle;
  }

  /** Opens (creating it and its directory if needed) and replays the file. */
  static async open(path: string, log?: CommandLog): Promise<{ log: NdjsonLog; replay: NdjsonReplay }> {
    await mkdir(dirname(path), { recursive: true });
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      bytes = Buffer.alloc(0);
    }
    const lastNewline = bytes.lastIndexOf(0x0a);
    const complete = bytes.subarray(0, lastNewline + 1);
    const tail = bytes.subarray(lastNewline + 1);
    let droppedTail: string | undefined;
    if (tail.length > 0) {
      droppedTail = tail.toString('utf8');
      log?.warn(
        `Journal ${path}: dropped a torn last line of ${tail.length} bytes (a write cut by a crash)`,
        {
          path,
          bytes: tail.length,
        },
      );
      await truncate(path, complete.length);
    }
    const values: unknown[] = [];
    const lines = complete.toString('utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line));
      } catch (e) {
        throw new JournalCorruptError(path, i + 1, 'not a JSON value', { cause: e });
      }
    });
    const handle = await open(path, 'a');
    const replay: NdjsonReplay = droppedTail === undefined ? { values } : { values, droppedTail };
    return { log: new NdjsonLog(path, handle), replay };
  }

  /** Appends the values, one line each; resolves once they are fsync'd. */
  append(values: readonly unknown[]): Promise<void> {
    if (!this.#handle) return Promise.reject(new JournalClosedError(`Journal ${this.path} is closed`));
    const text = values.map((v) => `${JSON.stringify(v)}\n`).join('');
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ text, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    await this.#flushing;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        const handle = this.#handle;
        if (!handle) throw new JournalClosedError(`Journal ${this.path} is closed`);
        await handle.write(batch.map((p) => p.text).join(''));
        await handle.sync();
        for (const p of batch) p.resolve();
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.#flushing = undefined;
  }
}
