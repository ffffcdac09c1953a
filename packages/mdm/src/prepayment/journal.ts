/**
 * The prepayment ledger's journal: an append-only NDJSON file, one record per line. An append
 * resolves once its lines are written and fsync'd; appends that arrive while a write is in flight
 * go together into the next write (group commit). Opening reads every line back; a last line
 * without its newline is the torn write of a crash: it is dropped with a warning and cut from the
 * file. Any other line that is not JSON is corruption and stops the open.
 */
import { mkdir, open, readFile, rename, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where the ledger's warnings go (a torn journal line, a command the head-end refused). */
export interface LedgerLog {
  warn(message: string, context?: Record<string, unknown>): void;
}

/** A journal line is not JSON (not a torn last line): the file was damaged. */
export class PrepaymentJournalError extends Error {
  override readonly name = 'PrepaymentJournalError';
}

type FileHandle = Awaited<ReturnType<typeof open>>;

interface Pending {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** @internal An NDJSON file with fsync'd group-committed appends. */
export class LedgerJournal {
  readonly path: string;
  #handle: FileHandle | undefined;
  #pending: Pending[] = [];
  #flushing: Promise<void> | undefined;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** Opens (creating the file and its directory when needed) and returns every complete record. */
  static async open(path: string, log: LedgerLog): Promise<{ journal: LedgerJournal; records: unknown[] }> {
    await mkdir(dirname(path), { recursive: true });
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      bytes = Buffer.alloc(0);
    }
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end < bytes.length) {
      log.warn(
        `Prepayment journal ${path}: dropped a torn last line of ${bytes.length - end} bytes (a write cut by a crash)`,
        { path, bytes: bytes.length - end },
      );
      await truncate(path, end);
    }
    const records: unknown[] = [];
    bytes
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          records.push(JSON.parse(line));
        } catch (e) {
          throw new PrepaymentJournalError(`Prepayment journal ${path} line ${i + 1}: not a JSON value`, {
            cause: e,
          });
        }
      });
    return { journal: new LedgerJournal(path, await open(path, 'a')), records };
  }

  /** Appends one line per record; resolves once they are on disk. */
  append(records: readonly unknown[]): Promise<void> {
    if (!this.#handle) {
      return Promise.reject(new PrepaymentJournalError(`Prepayment journal ${this.path} is closed`));
    }
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ text, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /**
   * Replaces the whole file with `records`, atomically: written and fsync'd to a temporary file,
   * renamed over the journal, the directory fsync'd. A crash leaves the old file or the new one.
   * The caller makes sure no append runs meanwhile (they would be refused).
   */
  async rewrite(records: readonly unknown[]): Promise<void> {
    await this.#flushing;
    const old = this.#handle;
    if (!old) throw new PrepaymentJournalError(`Prepayment journal ${this.path} is closed`);
    this.#handle = undefined;
    try {
      const temp = `${this.path}.compacting`;
      const out = await open(temp, 'w');
      try {
        await out.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(temp, this.path);
      const dir = await open(dirname(this.path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } finally {
      await old.close();
      this.#handle = await open(this.path, 'a');
    }
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
        if (!handle) throw new PrepaymentJournalError(`Prepayment journal ${this.path} is closed`);
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
