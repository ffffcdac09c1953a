import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readFileIfExistsSync } from './atomic-file.js';

/** How an audited action ended: done, refused for lack of rights, or failed. */
export type AuditResult = 'ok' | 'denied' | 'failed';

/** One audited action: who did what to which target, when, and how it ended. */
export interface AuditRecord {
  readonly id: number;
  /** Wall-clock epoch ms. */
  readonly at: number;
  /** Username (or the attempted one, for a failed login). */
  readonly user: string;
  /** Dotted verb, e.g. `command.create`, `interval.edit`, `login.failed`. */
  readonly action: string;
  readonly target: string;
  readonly result: AuditResult;
  readonly detail?: string;
}

export interface AuditLogOptions {
  /** An NDJSON file every record is appended to. */
  readonly file?: string;
  readonly now?: () => number;
}

/**
 * The API's append-only audit log: in memory, and appended to an NDJSON file when given (open
 * one with {@link AuditLog.open} to read back earlier records).
 *
 * @example
 * const audit = await AuditLog.open({ file: 'audit.ndjson' });
 * audit.record({ user: 'ops', action: 'command.create', target: 'GM0001', result: 'ok' });
 */
export class AuditLog {
  readonly #file: string | undefined;
  readonly #now: () => number;
  readonly #records: AuditRecord[] = [];
  #writes: Promise<void> = Promise.resolve();
  #dirReady = false;

  /** Reads the records `options.file` already holds, so that ids continue after them. */
  constructor(options: AuditLogOptions = {}) {
    this.#file = options.file;
    this.#now = options.now ?? Date.now;
    if (options.file) {
      const text = readFileIfExistsSync(options.file);
      for (const line of text?.split('\n') ?? []) {
        if (line.trim() === '') continue;
        try {
          this.#records.push(JSON.parse(line) as AuditRecord);
        } catch {
          // A torn last line after a crash: the record was never acknowledged.
        }
      }
    }
  }

  /** A log over `options.file` with its earlier records (same as `new`). */
  static async open(options: AuditLogOptions = {}): Promise<AuditLog> {
    return new AuditLog(options);
  }

  /** Appends a record (stamped with the next id and the time) and returns it. */
  record(entry: Omit<AuditRecord, 'id' | 'at'>): AuditRecord {
    const last = this.#records[this.#records.length - 1];
    const rec: AuditRecord = { id: (last?.id ?? 0) + 1, at: this.#now(), ...entry };
    this.#records.push(rec);
    const file = this.#file;
    if (file) {
      const write = async () => {
        if (!this.#dirReady) {
          await mkdir(dirname(file), { recursive: true });
          this.#dirReady = true;
        }
        await appendFile(file, `${JSON.stringify(rec)}\n`);
      };
      this.#writes = this.#writes.then(write, write);
    }
    return rec;
  }

  /** Records, newest first, optionally of one user and/or action (prefix match: `command` matches `command.create`). */
  list(filter: { readonly user?: string; readonly action?: string } = {}): AuditRecord[] {
    const out: AuditRecord[] = [];
    for (let i = this.#records.length - 1; i >= 0; i--) {
      const r = this.#records[i] as AuditRecord;
      if (filter.user !== undefined && r.user !== filter.user) continue;
      if (
        filter.action !== undefined &&
        r.action !== filter.action &&
        !r.action.startsWith(`${filter.action}.`)
      )
        continue;
      out.push(r);
    }
    return out;
  }

  /** Resolves when every record so far is on disk. */
  flush(): Promise<void> {
    return this.#writes;
  }
}
