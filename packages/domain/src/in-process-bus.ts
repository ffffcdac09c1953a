import {
  type Bus,
  BusError,
  type BusHandler,
  type BusMessage,
  checkPattern,
  checkSubject,
  type SubscribeOptions,
  type Subscription,
  subjectMatches,
} from './ports/bus.js';

interface Subscriber {
  readonly pattern: string;
  readonly handler: BusHandler;
  readonly queue: string | undefined;
  active: boolean;
}

export interface InProcessBusOptions {
  /** Where handler failures go; by default they are printed to stderr. */
  readonly onHandlerError?: (error: unknown, subject: string, message: BusMessage) => void;
}

/**
 * The {@link Bus} for a single process. Delivery is in publish order; `publish` resolves when
 * every matching subscriber (one per queue group, round robin) has handled the message, which
 * gives publishers natural backpressure.
 *
 * @example
 * const bus = new InProcessBus();
 * bus.subscribe(Subjects.allReadings, (m) => store(m));
 * await bus.publish(Subjects.intervalBlock('GM1'), { type: 'interval-block', block });
 */
export class InProcessBus implements Bus {
  readonly #subscribers: Subscriber[] = [];
  readonly #queueTurn = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #onHandlerError: NonNullable<InProcessBusOptions['onHandlerError']>;
  #closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.#onHandlerError =
      options.onHandlerError ??
      ((error, subject) => {
        console.error(`Bus handler for ${subject} failed:`, error);
      });
  }

  publish(subject: string, message: BusMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new BusError(`Cannot publish to ${subject}: the bus is closed`));
    try {
      checkSubject(subject);
    } catch (e) {
      return Promise.reject(e);
    }
    const delivery = this.#deliver(subject, message);
    this.#inFlight.add(delivery);
    return delivery.finally(() => this.#inFlight.delete(delivery));
  }

  subscribe(subject: string, handler: BusHandler, options: SubscribeOptions = {}): Subscription {
    checkPattern(subject);
    const sub: Subscriber = { pattern: subject, handler, queue: options.queue, active: true };
    this.#subscribers.push(sub);
    return {
      subject,
      unsubscribe: () => {
        sub.active = false;
        const i = this.#subscribers.indexOf(sub);
        if (i >= 0) this.#subscribers.splice(i, 1);
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #deliver(subject: string, message: BusMessage): Promise<void> {
    const targets: Subscriber[] = [];
    const groups = new Map<string, Subscriber[]>();
    for (const s of this.#subscribers) {
      if (!s.active || !subjectMatches(s.pattern, subject)) continue;
      if (s.queue === undefined) targets.push(s);
      else {
        const key = `${s.queue}\u0000${s.pattern}`;
        const members = groups.get(key) ?? [];
        members.push(s);
        groups.set(key, members);
      }
    }
    for (const [key, members] of groups) {
      const turn = this.#queueTurn.get(key) ?? 0;
      targets.push(members[turn % members.length]!);
      this.#queueTurn.set(key, turn + 1);
    }
    await Promise.all(
      targets.map(async (s) => {
        try {
          await s.handler(message, subject);
        } catch (e) {
          this.#onHandlerError(e, subject, message);
        }
      }),
    );
  }
}
