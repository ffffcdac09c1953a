import type { Clock, CommandAction, CommandKind } from '@gridmeter/domain';
import type { JsonData } from '../journal-events.js';
import type { CalendarFor, CommandSession, ImageFor } from '../ports.js';

/** What an executor found on the meter after acting: a line for people and the values read back. */
export interface ExecutionOutcome {
  readonly detail: string;
  readonly data?: JsonData;
}

/** What executors may use besides the session. */
export interface ExecutorContext {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** For `program-calendar`: the tables of a tariff. */
  readonly calendarFor?: CalendarFor;
  /** For `firmware-upgrade`: the image bytes of an image id. */
  readonly imageFor?: ImageFor;
}

/**
 * Runs one kind of command on an associated session and verifies the result by reading back
 * what the meter now says; throws `CommandVerificationError` when the meter disagrees.
 */
export type Executor<K extends CommandKind = CommandKind> = (
  session: CommandSession,
  action: Extract<CommandAction, { kind: K }>,
  context: ExecutorContext,
) => Promise<ExecutionOutcome>;
