/** Submitting one command to the journal's command service and running it to its end. */
import { type Command, CommandState, InProcessBus } from '@gridmeter/domain';
import { CommandJournal, type CommandResult, CommandService } from '@gridmeter/headend';
import { type ActionOptions, actionOf, type CommandVerb } from './command-actions.js';
import { HeadendFailedError, HeadendUsageError } from './errors.js';
import type { TargetSpec } from './options.js';
import { openTarget } from './target.js';
import { createHeadEnd, sessionsOf } from './wire.js';

/** What `gridmeter headend command <verb>` runs with, already checked. */
export interface CommandRun {
  readonly journal: string;
  readonly target: TargetSpec;
  readonly verb: CommandVerb;
  readonly meterId: string;
  readonly options: ActionOptions;
  readonly priority: number;
  readonly idempotencyKey?: string;
  readonly requestedBy: string;
}

/** The command after the run, its result, and whether the idempotency key returned an earlier one. */
export interface CommandOutcome {
  readonly command: Command;
  readonly result: CommandResult | undefined;
  readonly reused: boolean;
}

/**
 * Submits a command to a {@link CommandService} on the journal (the same idempotency key returns
 * the first command and queues nothing), runs the queue until idle over the head-end's pool and
 * sessions, and returns the command in its final state.
 */
export async function runCommand(run: CommandRun): Promise<CommandOutcome> {
  const action = actionOf(run.verb, run.options);
  const journal = await CommandJournal.open(run.journal);
  try {
    const registry = await openTarget(run.target);
    registry.require(run.meterId);
    const bus = new InProcessBus();
    const headEnd = createHeadEnd(registry, { bus, concurrency: 16 });
    const service = new CommandService({
      journal,
      pool: headEnd.pool,
      sessionFor: sessionsOf(headEnd),
      bus,
      pathOf: (id) => registry.require(id).endpoint.host,
    });
    try {
      const before =
        run.idempotencyKey === undefined ? undefined : journal.byIdempotencyKey(run.idempotencyKey);
      if (before && before.meterId !== run.meterId) {
        throw new HeadendUsageError(
          `idempotency key "${run.idempotencyKey}" belongs to command ${before.id} for meter ${before.meterId}`,
        );
      }
      const submitted = await service.submit({
        meterId: run.meterId,
        action,
        priority: run.priority,
        requestedBy: run.requestedBy,
        ...(run.idempotencyKey === undefined ? {} : { idempotencyKey: run.idempotencyKey }),
      });
      await service.runUntilIdle();
      return { command: service.get(submitted.id), result: service.result(submitted.id), reused: !!before };
    } finally {
      await headEnd.close();
    }
  } finally {
    await journal.close();
  }
}

/** Throws when the command did not succeed, with its state and reason. */
export function requireSucceeded(c: Command): void {
  if (c.state === CommandState.succeeded) return;
  throw new HeadendFailedError(
    c.state === CommandState.queued
      ? `command ${c.id} is still queued (it will run again later): ${c.result ?? 'no result yet'}`
      : `command ${c.id} ended ${c.state}: ${c.result ?? 'no reason recorded'}`,
  );
}
