import type { CommandState } from '../command.js';
import type { MeterEvent } from '../events.js';
import type { MeterId } from '../identity.js';
import type { IntervalBlock, RegisterRead } from '../reading.js';

/** Messages that travel between head-end, MDM and the rest, keyed on `type`. */
export type BusMessage =
  | { readonly type: 'interval-block'; readonly block: IntervalBlock }
  | { readonly type: 'register-read'; readonly read: RegisterRead }
  | { readonly type: 'meter-event'; readonly event: MeterEvent }
  | {
      readonly type: 'command-result';
      readonly commandId: string;
      readonly meterId: MeterId;
      readonly state: CommandState;
      readonly detail?: string;
      readonly at: number;
    };

/**
 * Subjects follow NATS syntax: dot-separated tokens; in subscriptions `*` matches one token and
 * a final `>` matches one or more. Meter ids are valid tokens (they hold no dots).
 */
export const Subjects = {
  intervalBlock: (meterId: string) => `gridmeter.readings.interval.${meterId}`,
  registerRead: (meterId: string) => `gridmeter.readings.register.${meterId}`,
  meterEvent: (meterId: string) => `gridmeter.events.${meterId}`,
  commandResult: (meterId: string) => `gridmeter.commands.result.${meterId}`,
  allReadings: 'gridmeter.readings.>',
  allEvents: 'gridmeter.events.>',
  allCommandResults: 'gridmeter.commands.result.>',
} as const;

export type BusHandler = (message: BusMessage, subject: string) => void | Promise<void>;

export interface SubscribeOptions {
  /** Subscribers sharing a queue group split the messages: each goes to one of them. */
  readonly queue?: string;
}

export interface Subscription {
  readonly subject: string;
  unsubscribe(): void;
}

/**
 * The message bus port. Adapters: in-process ({@link InProcessBus}) for one process, NATS
 * JetStream when several processes share the work. `publish` resolves once the bus has taken
 * responsibility for the message (in-process: every handler finished); a handler's failure is
 * reported to the bus's error sink, never to the publisher.
 */
export interface Bus {
  publish(subject: string, message: BusMessage): Promise<void>;
  subscribe(subject: string, handler: BusHandler, options?: SubscribeOptions): Subscription;
  /** Waits for in-flight deliveries, then refuses further publishes. */
  close(): Promise<void>;
}

/** Thrown by `publish` on a closed bus or an invalid subject. */
export class BusError extends Error {
  override readonly name = 'BusError';
}

const TOKEN = /^[^\s.*>]+$/;

/** Throws {@link BusError} unless `subject` is a concrete subject (no wildcards). */
export function checkSubject(subject: string): void {
  if (!subject.split('.').every((t) => TOKEN.test(t))) {
    throw new BusError(`Invalid subject "${subject}": tokens must be non-empty, without spaces, '*' or '>'`);
  }
}

/** Throws {@link BusError} unless `pattern` is a valid subscription subject. */
export function checkPattern(pattern: string): void {
  const tokens = pattern.split('.');
  tokens.forEach((t, i) => {
    const ok = TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1);
    if (!ok) throw new BusError(`Invalid subscription subject "${pattern}"`);
  });
}

/** NATS subject matching: `*` one token, trailing `>` one or more tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const t = p[i];
    if (t === '>') return s.length > i;
    if (i >= s.length) return false;
    if (t !== '*' && t !== s[i]) return false;
  }
  return p.length === s.length;
}
