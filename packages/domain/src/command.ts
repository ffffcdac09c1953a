import type { MeterId } from './identity.js';

/**
 * The lifecycle of a command sent to a meter. A command is `queued` until a worker takes it,
 * `in-progress` while a session runs it, and ends in exactly one terminal state.
 *
 * ```
 * queued ──► in-progress ──► succeeded | failed
 *   │   ◄──────┘ (retry after a transient failure)
 *   └──► expired | cancelled         in-progress ──► expired
 * ```
 */
export const CommandState = {
  queued: 'queued',
  inProgress: 'in-progress',
  succeeded: 'succeeded',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
} as const;
export type CommandState = (typeof CommandState)[keyof typeof CommandState];

const TRANSITIONS: Readonly<Record<CommandState, readonly CommandState[]>> = {
  queued: ['in-progress', 'expired', 'cancelled'],
  'in-progress': ['succeeded', 'failed', 'expired', 'queued'],
  succeeded: [],
  failed: [],
  expired: [],
  cancelled: [],
};

/** Terminal states: the command will never run again. */
export function isTerminal(state: CommandState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function canTransition(from: CommandState, to: CommandState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Thrown when a command is moved along an edge its lifecycle does not have. */
export class IllegalCommandTransitionError extends Error {
  override readonly name = 'IllegalCommandTransitionError';
  constructor(
    readonly from: CommandState,
    readonly to: CommandState,
  ) {
    super(`Command cannot go from ${from} to ${to}`);
  }
}

/** Returns `to` if the lifecycle allows `from → to`, else throws {@link IllegalCommandTransitionError}. */
export function transition(from: CommandState, to: CommandState): CommandState {
  if (!canTransition(from, to)) throw new IllegalCommandTransitionError(from, to);
  return to;
}

/** What a command asks a meter to do. */
export type CommandAction =
  | { readonly kind: 'read-now'; readonly what: 'registers' | 'instantaneous' | 'load-profile' | 'events' }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'set-limiter'; readonly thresholdW: number }
  | { readonly kind: 'set-clock'; readonly to?: number }
  | { readonly kind: 'program-calendar'; readonly tariffId: string; readonly activateAt: number }
  | { readonly kind: 'top-up'; readonly amountMinor: number; readonly currency: string }
  | {
      readonly kind: 'firmware-upgrade';
      readonly imageId: string;
      readonly module: 'metrology' | 'communication' | 'application';
      readonly activateAt?: number;
    };
export type CommandKind = CommandAction['kind'];

/** A command as queued, with its identity and lifecycle. */
export interface Command {
  readonly id: string;
  readonly meterId: MeterId;
  readonly action: CommandAction;
  readonly state: CommandState;
  /** Higher runs first. */
  readonly priority: number;
  /** Same key, same command: a second submission returns the first. */
  readonly idempotencyKey?: string;
  /** Who asked (user or system component), for the audit. */
  readonly requestedBy: string;
  readonly createdAt: number;
  /** After this instant (epoch ms) a command not yet done ends as `expired`. */
  readonly expiresAt?: number;
  readonly attempts: number;
  readonly updatedAt: number;
  /** Why it failed, or what the meter answered. */
  readonly result?: string;
}
