import { randomUUID } from 'node:crypto';
import {
  type Bus,
  type Clock,
  type Command,
  type CommandAction,
  CommandState,
  isTerminal,
  Subjects,
  systemClock,
  meterId as toMeterId,
} from '@gridmeter/domain';
import { PoolWorkError } from '../pool/types.js';
import { settle } from './definitive.js';
import { CommandNotCancellableError, CommandNotFoundError } from './errors.js';
import { DEFAULT_EXECUTORS, type ExecutorTable, execute } from './executors/index.js';
import type { ExecutionOutcome } from './executors/types.js';
import type { AuditEntry, CommandJournal, CommandResult } from './journal.js';
import type { JsonData } from './journal-events.js';
import {
  type CalendarFor,
  type CommandLog,
  type CommandPool,
  consoleLog,
  type ImageFor,
  type SessionFor,
} from './ports.js';
import { sharedAbortController } from './shared-abort.js';

/** What `submit` takes. */
export interface SubmitRequest {
  readonly meterId: string;
  readonly action: CommandAction;
  /** Higher runs first (default 0). */
  readonly priority?: number;
  /** Same key, same command: a second submission returns the first, also after a restart. */
  readonly idempotencyKey?: string;
  readonly requestedBy: string;
  /** Epoch ms after which a command that has not run ends as `expired`. */
  readonly expiresAt?: number;
}

export interface CommandServiceOptions {
  readonly journal: CommandJournal;
  readonly pool: CommandPool;
  readonly sessionFor: SessionFor;
  readonly bus?: Bus;
  readonly clock?: Clock;
  readonly calendarFor?: CalendarFor;
  readonly imageFor?: ImageFor;
  /** Replaces built-in executors by kind. */
  readonly executors?: Partial<ExecutorTable>;
  /** The pool path of a meter (default: the meter id). */
  readonly pathOf?: (meterId: string) => string;
  /** Commands running at once (default 16); the pool's own limits apply beneath. */
  readonly concurrency?: number;
  /** How often the worker looks for expired and due commands when nothing wakes it (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Times a command may be taken off the queue before a re-queueable failure fails it (default 3). */
  readonly maxRuns?: number;
  /** Delay before a re-queued command runs again (default 60 s). */
  readonly requeueDelayMs?: number;
  readonly log?: CommandLog;
}

/** Who the worker writes in the audit. */
export const WORKER_ACTOR = 'command-worker';

/** Pool failures after which a command goes back to the queue instead of failing (the meter may come back). */
const REQUEUE_REASONS = new Set(['circuit-open']);

/**
 * Commands with a durable lifecycle: submitted into the {@link CommandJournal}, taken by a worker
 * in priority then age order (one command per meter at a time), run through the pool on a session
 * from `sessionFor` by the executor of their kind, and ended as succeeded, failed, expired or
 * cancelled; every end is published as a `command-result` on the bus.
 *
 * @example
 * const service = new CommandService({ journal, pool, sessionFor, bus });
 * service.start();
 * await service.submit({ meterId: 'GM00000042', action: { kind: 'disconnect' }, requestedBy: 'ops:alice', idempotencyKey: 'ticket-991' });
 */
export class CommandService {
  readonly #o: CommandServiceOptions;
  readonly #clock: Clock;
  readonly #log: CommandLog;
  readonly #executors: ExecutorTable;
  readonly #inflight = new Map<string, Promise<void>>();
  readonly #busyMeters = new Set<string>();
  readonly #notBefore = new Map<string, number>();
  #abort = sharedAbortController();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: CommandServiceOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? consoleLog;
    this.#executors = { ...DEFAULT_EXECUTORS, ...options.executors } as ExecutorTable;
  }

  /**
   * Queues a command; resolves once it is durable. With a known idempotency key it returns the
   * first command submitted with that key and queues nothing.
   */
  async submit(request: SubmitRequest): Promise<Command> {
    const meterId = toMeterId(request.meterId);
    if (request.requestedBy.trim() === '') throw new RangeError('requestedBy must name who asks');
    const priority = request.priority ?? 0;
    if (!Number.isFinite(priority)) throw new RangeError(`priority must be a finite number, got ${priority}`);
    const now = this.#clock.now();
    const command: Command = {
      id: randomUUID(),
      meterId,
      action: request.action,
      state: CommandState.queued,
      priority,
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
      requestedBy: request.requestedBy,
      createdAt: now,
      ...(request.expiresAt !== undefined ? { expiresAt: request.expiresAt } : {}),
      attempts: 0,
      updatedAt: now,
    };
    const { command: stored, created } = await this.#o.journal.submit(command, request.requestedBy);
    if (created) this.#wake?.();
    return stored;
  }

  /** Cancels a queued command; throws {@link CommandNotCancellableError} in any other state. */
  async cancel(id: string, by: string): Promise<Command> {
    const command = this.get(id);
    if (command.state !== CommandState.queued) throw new CommandNotCancellableError(id, command.state);
    const cancelled = await this.#o.journal.transition(id, CommandState.cancelled, by, {
      result: { detail: `cancelled by ${by}` },
    });
    await this.#publish(cancelled);
    return cancelled;
  }

  /** The command; throws {@link CommandNotFoundError} for an unknown id. */
  get(id: string): Command {
    const command = this.#o.journal.get(id);
    if (!command) throw new CommandNotFoundError(id);
    return command;
  }

  /** Commands in submission order, filtered by meter and state. */
  list(filter: { readonly meterId?: string; readonly state?: CommandState } = {}): Command[] {
    return this.#o.journal.list(filter);
  }

  /** The audit trail: submitted, each transition and attempt, and the result, with who and when. */
  audit(id: string): readonly AuditEntry[] {
    this.get(id);
    return this.#o.journal.audit(id);
  }

  /** What the meter answered for a command that ended (detail and the values read back). */
  result(id: string): CommandResult | undefined {
    this.get(id);
    return this.#o.journal.result(id);
  }

  /** Starts the worker loop. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = sharedAbortController();
    this.#loop = this.#work();
  }

  /**
   * Stops taking commands, aborts those running (they go back to `queued`, to run after the next
   * start) and resolves when the worker is idle.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#abort.abort(new Error('command service stopped'));
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inflight.values()]);
    this.#loop = undefined;
  }

  /**
   * Runs the queue until nothing is runnable now: expires what is due, runs what is queued (in
   * priority order, respecting `concurrency`) and waits for it. For tests and one-shot tools.
   */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      this.#tick();
      if (this.#inflight.size === 0) return;
      await Promise.race(this.#inflight.values());
    }
  }

  async #work(): Promise<void> {
    while (this.#running) {
      this.#tick();
      await new Promise<void>((resolve) => {
        const timer = this.#clock.setTimeout(resolve, this.#o.pollIntervalMs ?? 1_000);
        this.#wake = () => {
          timer.cancel();
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Expires due commands and starts runnable ones up to the concurrency limit. */
  #tick(): void {
    const now = this.#clock.now();
    const queued = this.#o.journal.list({ state: CommandState.queued });
    for (const c of queued) {
      if (c.expiresAt !== undefined && c.expiresAt <= now) void this.#guard(c.id, this.#expire(c));
    }
    const limit = this.#o.concurrency ?? 16;
    const runnable = queued
      .filter(
        (c) => (c.expiresAt === undefined || c.expiresAt > now) && (this.#notBefore.get(c.id) ?? 0) <= now,
      )
      .sort(
        (a, b) =>
          b.priority - a.priority ||
          a.createdAt - b.createdAt ||
          this.#o.journal.sequenceOf(a.id) - this.#o.journal.sequenceOf(b.id),
      );
    for (const c of runnable) {
      if (this.#inflight.size >= limit) break;
      if (this.#busyMeters.has(c.meterId) || this.#inflight.has(c.id)) continue;
      this.#busyMeters.add(c.meterId);
      void this.#guard(c.id, this.#run(c), c.meterId);
    }
  }

  /** Tracks a command's work in flight; a journal failure is logged, never left unhandled. */
  #guard(id: string, work: Promise<void>, meterId?: string): Promise<void> {
    const tracked = work
      .catch((e: unknown) => {
        this.#log.warn(`Command ${id}: ${e instanceof Error ? e.message : String(e)}`, { commandId: id });
      })
      .finally(() => {
        this.#inflight.delete(id);
        if (meterId !== undefined) this.#busyMeters.delete(meterId);
        this.#wake?.();
      });
    this.#inflight.set(id, tracked);
    return tracked;
  }

  async #expire(c: Command): Promise<void> {
    const ended = await this.#o.journal.transition(c.id, CommandState.expired, WORKER_ACTOR, {
      result: { detail: `expired at ${new Date(c.expiresAt ?? 0).toISOString()} before it ran` },
    });
    await this.#publish(ended);
  }

  async #run(queued: Command): Promise<void> {
    const { journal } = this.#o;
    const id = queued.id;
    if (journal.get(id)?.state !== CommandState.queued) return;
    await journal.transition(id, CommandState.inProgress, WORKER_ACTOR);
    const signal = this.#abort.signal;
    let outcome: ExecutionOutcome;
    try {
      const settled = await this.#o.pool.run(
        queued.meterId,
        this.#o.pathOf?.(queued.meterId) ?? queued.meterId,
        async (attempt, workSignal) => {
          await journal.attempt(id, WORKER_ACTOR, `pool attempt ${attempt}`);
          const session = await this.#o.sessionFor(queued.meterId, workSignal);
          try {
            return await settle(() =>
              execute(this.#executors, session, queued.action, {
                clock: this.#clock,
                signal: workSignal,
                ...(this.#o.calendarFor ? { calendarFor: this.#o.calendarFor } : {}),
                ...(this.#o.imageFor ? { imageFor: this.#o.imageFor } : {}),
              }),
            );
          } finally {
            await session.close().catch(() => undefined);
          }
        },
        { priority: queued.priority, signal },
      );
      if (!settled.ok) throw settled.error;
      outcome = settled.value;
    } catch (e) {
      await this.#failed(queued, e, signal.aborted);
      return;
    }
    await this.#end(id, CommandState.succeeded, outcome);
  }

  async #failed(c: Command, error: unknown, stopped: boolean): Promise<void> {
    const { journal } = this.#o;
    const message = error instanceof Error ? error.message : String(error);
    if (stopped) {
      await journal.transition(c.id, CommandState.queued, WORKER_ACTOR, {
        note: `requeued: the service stopped while it ran (${message})`,
      });
      return;
    }
    const now = this.#clock.now();
    if (c.expiresAt !== undefined && c.expiresAt <= now) {
      await this.#end(c.id, CommandState.expired, { detail: `expired while running: ${message}` });
      return;
    }
    const runs = journal.audit(c.id).filter((a) => a.to === CommandState.inProgress).length;
    if (
      error instanceof PoolWorkError &&
      REQUEUE_REASONS.has(error.reason) &&
      runs < (this.#o.maxRuns ?? 3)
    ) {
      this.#notBefore.set(c.id, now + (this.#o.requeueDelayMs ?? 60_000));
      await journal.transition(c.id, CommandState.queued, WORKER_ACTOR, {
        note: `requeued after run ${runs}: ${message}`,
      });
      return;
    }
    const data: JsonData = {
      error: error instanceof Error ? error.name : 'Error',
      ...(error instanceof PoolWorkError ? { reason: error.reason, poolAttempts: error.attempts } : {}),
    };
    await this.#end(c.id, CommandState.failed, { detail: message, data });
  }

  async #end(id: string, state: CommandState, outcome: ExecutionOutcome): Promise<void> {
    const ended = await this.#o.journal.transition(id, state, WORKER_ACTOR, {
      result: { detail: outcome.detail, ...(outcome.data !== undefined ? { data: outcome.data } : {}) },
    });
    this.#notBefore.delete(id);
    await this.#publish(ended);
  }

  async #publish(c: Command): Promise<void> {
    const bus = this.#o.bus;
    if (!bus || !isTerminal(c.state)) return;
    try {
      await bus.publish(Subjects.commandResult(c.meterId), {
        type: 'command-result',
        commandId: c.id,
        meterId: c.meterId,
        state: c.state,
        ...(c.result !== undefined ? { detail: c.result } : {}),
        at: c.updatedAt,
      });
    } catch (e) {
      this.#log.warn(
        `Command ${c.id}: the bus refused its result: ${e instanceof Error ? e.message : String(e)}`,
        {
          commandId: c.id,
        },
      );
    }
  }
}
