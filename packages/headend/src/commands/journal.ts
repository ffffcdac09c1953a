import { type Clock, type Command, CommandState, systemClock, transition } from '@gridmeter/domain';
import { CommandNotFoundError, JournalCorruptError } from './errors.js';
import {
  isJournalEvent,
  type JournalEvent,
  type JsonData,
  type ResultEvent,
  type SubmittedEvent,
} from './journal-events.js';
import { NdjsonLog } from './ndjson-log.js';
import type { CommandLog } from './ports.js';

/** One line of a command's audit trail: who did what, when, and with what result. */
export interface AuditEntry {
  readonly at: number;
  readonly by: string;
  readonly event: JournalEvent['type'];
  readonly from?: CommandState;
  readonly to?: CommandState;
  readonly attempt?: number;
  /** A note, or the result detail. */
  readonly detail?: string;
  readonly data?: JsonData;
}

/** What the meter answered for a command that ended. */
export interface CommandResult {
  readonly state: CommandState;
  readonly detail: string;
  readonly data?: JsonData;
}

interface Entry {
  command: Command;
  /** Order of submission, the tie-breaker after createdAt. */
  readonly seq: number;
  readonly audit: AuditEntry[];
  result?: CommandResult;
}

/** Who writes the re-queue of commands a crash left in progress. */
export const RECOVERY_ACTOR = 'journal-recovery';

export interface CommandJournalOptions {
  readonly clock?: Clock;
  readonly log?: CommandLog;
}

/**
 * Durable storage of commands and their audit trail: an append-only NDJSON file of
 * {@link JournalEvent}s. A call that changes a command resolves once its event is fsync'd.
 * Opening replays the file (a torn last line is dropped with a warning), rebuilds every command
 * and the idempotency key index, and puts commands left `in-progress` by a crash back to `queued`
 * with an audit note, so they run again.
 *
 * @example
 * const journal = await CommandJournal.open('/var/lib/gridmeter/commands.ndjson');
 * journal.recovered; // ids re-queued because the last run stopped while they ran
 */
export class CommandJournal {
  readonly path: string;
  /** Ids of the commands re-queued on open (they were in progress when the head-end stopped). */
  readonly recovered: readonly string[];
  readonly #log: NdjsonLog;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #byKey = new Map<string, string>();
  /** Submissions not yet fsync'd: a duplicate of their key waits for them before it resolves. */
  readonly #unsynced = new Map<string, Promise<void>>();
  #seq = 0;

  private constructor(log: NdjsonLog, clock: Clock) {
    this.path = log.path;
    this.#log = log;
    this.#clock = clock;
    this.recovered = [];
  }

  /** Opens (or creates) the journal at `path`, replays it and re-queues interrupted commands. */
  static async open(path: string, options: CommandJournalOptions = {}): Promise<CommandJournal> {
    const { log, replay } = await NdjsonLog.open(path, options.log);
    const journal = new CommandJournal(log, options.clock ?? systemClock);
    replay.values.forEach((value, i) => {
      if (!isJournalEvent(value)) throw new JournalCorruptError(path, i + 1, 'not a command journal event');
      journal.#apply(value, i + 1);
    });
    const interrupted = [...journal.#entries.values()].filter(
      (e) => e.command.state === CommandState.inProgress,
    );
    const at = journal.#clock.now();
    const events: JournalEvent[] = interrupted.map((e) => ({
      v: 1,
      type: 'transitioned',
      at,
      id: e.command.id,
      by: RECOVERY_ACTOR,
      from: CommandState.inProgress,
      to: CommandState.queued,
      note: 'requeued on open: the head-end stopped while the command was in progress',
    }));
    for (const e of events) journal.#apply(e, 0);
    if (events.length > 0) await log.append(events);
    (journal as { recovered: readonly string[] }).recovered = interrupted.map((e) => e.command.id);
    return journal;
  }

  /** The command with this id, or undefined. */
  get(id: string): Command | undefined {
    return this.#entries.get(id)?.command;
  }

  /** The command submitted with this idempotency key, or undefined. */
  byIdempotencyKey(key: string): Command | undefined {
    const id = this.#byKey.get(key);
    return id === undefined ? undefined : this.get(id);
  }

  /** Commands in submission order, filtered by meter and state. */
  list(filter: { readonly meterId?: string; readonly state?: CommandState } = {}): Command[] {
    return [...this.#entries.values()]
      .filter((e) => filter.meterId === undefined || e.command.meterId === filter.meterId)
      .filter((e) => filter.state === undefined || e.command.state === filter.state)
      .map((e) => e.command);
  }

  /** The submission sequence number of a command (orders commands created in the same millisecond). */
  sequenceOf(id: string): number {
    return this.#entry(id).seq;
  }

  /** The audit trail of a command, oldest first. */
  audit(id: string): readonly AuditEntry[] {
    return [...this.#entry(id).audit];
  }

  /** The recorded result of a command that ended, or undefined. */
  result(id: string): CommandResult | undefined {
    return this.#entry(id).result;
  }

  /**
   * Records a new command (state `queued`). With an idempotency key already known, nothing is
   * written and the first command is returned with `created: false`.
   */
  async submit(command: Command, by: string): Promise<{ command: Command; created: boolean }> {
    const key = command.idempotencyKey;
    if (key !== undefined) {
      const first = this.byIdempotencyKey(key);
      if (first) {
        await this.#unsynced.get(first.id);
        return { command: first, created: false };
      }
    }
    if (this.#entries.has(command.id)) throw new RangeError(`Command id ${command.id} is already taken`);
    if (command.state !== CommandState.queued) {
      throw new RangeError(`A new command must be queued, got ${command.state}`);
    }
    const event: SubmittedEvent = {
      v: 1,
      type: 'submitted',
      at: command.createdAt,
      id: command.id,
      by,
      command,
    };
    this.#apply(event, 0);
    const written = this.#log.append([event]);
    this.#unsynced.set(command.id, written);
    try {
      await written;
    } finally {
      this.#unsynced.delete(command.id);
    }
    return { command, created: true };
  }

  /**
   * Moves a command to `to` (checked by the domain lifecycle, throws
   * `IllegalCommandTransitionError`), with an optional result written just before it.
   */
  async transition(
    id: string,
    to: CommandState,
    by: string,
    options: { readonly note?: string; readonly result?: { detail: string; data?: JsonData } } = {},
  ): Promise<Command> {
    const from = this.#entry(id).command.state;
    transition(from, to);
    const at = this.#clock.now();
    const events: JournalEvent[] = [];
    if (options.result) {
      const r: ResultEvent = {
        v: 1,
        type: 'result',
        at,
        id,
        by,
        state: to,
        detail: options.result.detail,
        ...(options.result.data !== undefined ? { data: options.result.data } : {}),
      };
      events.push(r);
    }
    events.push({
      v: 1,
      type: 'transitioned',
      at,
      id,
      by,
      from,
      to,
      ...(options.note !== undefined ? { note: options.note } : {}),
    });
    for (const e of events) this.#apply(e, 0);
    await this.#log.append(events);
    return this.#entry(id).command;
  }

  /** Records the start of an attempt on the meter; returns the command with its attempt count. */
  async attempt(id: string, by: string, note?: string): Promise<Command> {
    const entry = this.#entry(id);
    const event: JournalEvent = {
      v: 1,
      type: 'attempt',
      at: this.#clock.now(),
      id,
      by,
      attempt: entry.command.attempts + 1,
      ...(note !== undefined ? { note } : {}),
    };
    this.#apply(event, 0);
    await this.#log.append([event]);
    return entry.command;
  }

  /** Waits for pending writes and closes the file. */
  close(): Promise<void> {
    return this.#log.close();
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new CommandNotFoundError(id);
    return entry;
  }

  /** Applies one event to the in-memory state; `line` > 0 while replaying (for error messages). */
  #apply(event: JournalEvent, line: number): void {
    if (event.type === 'submitted') {
      if (this.#entries.has(event.id)) {
        throw new JournalCorruptError(this.path, line, `command ${event.id} submitted twice`);
      }
      this.#entries.set(event.id, {
        command: event.command,
        seq: this.#seq++,
        audit: [{ at: event.at, by: event.by, event: 'submitted', to: CommandState.queued }],
      });
      const key = event.command.idempotencyKey;
      if (key !== undefined && !this.#byKey.has(key)) this.#byKey.set(key, event.id);
      return;
    }
    const entry = this.#entries.get(event.id);
    if (!entry)
      throw new JournalCorruptError(this.path, line, `event ${event.type} for unknown command ${event.id}`);
    const c = entry.command;
    switch (event.type) {
      case 'transitioned':
        entry.command = { ...c, state: event.to, updatedAt: event.at };
        entry.audit.push({
          at: event.at,
          by: event.by,
          event: 'transitioned',
          from: event.from,
          to: event.to,
          ...(event.note !== undefined ? { detail: event.note } : {}),
        });
        return;
      case 'attempt':
        entry.command = { ...c, attempts: event.attempt, updatedAt: event.at };
        entry.audit.push({
          at: event.at,
          by: event.by,
          event: 'attempt',
          attempt: event.attempt,
          ...(event.note !== undefined ? { detail: event.note } : {}),
        });
        return;
      case 'result':
        entry.command = { ...c, result: event.detail, updatedAt: event.at };
        entry.result = {
          state: event.state,
          detail: event.detail,
          ...(event.data !== undefined ? { data: event.data } : {}),
        };
        entry.audit.push({
          at: event.at,
          by: event.by,
          event: 'result',
          to: event.state,
          detail: event.detail,
          ...(event.data !== undefined ? { data: event.data } : {}),
        });
        return;
    }
  }
}
