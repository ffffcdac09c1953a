/** The event logs of IDIS meters (profile generic objects capturing clock and event code). */
export type MeterLogName =
  | 'standard'
  | 'fraud'
  | 'disconnect'
  | 'power-quality'
  | 'firmware'
  | 'power-failure';

/** One logged event: when (by the fleet's true time and by the meter's clock) and which code. */
export interface LoggedEvent {
  /** Simulated UTC epoch ms. */
  readonly at: number;
  /** The meter's clock reading at that instant (what the log stores). */
  readonly meterTime: number;
  readonly code: number;
  readonly log: MeterLogName;
  /** What caused it, for the truth log: a scenario id, "command", "prepayment"… */
  readonly cause?: string;
}

/** Bounded per-log ring of events, in time order (a meter's log keeps its most recent entries). */
export class EventLog {
  readonly capacity: number;
  readonly #logs = new Map<MeterLogName, LoggedEvent[]>();

  constructor(capacity = 500) {
    this.capacity = capacity;
  }

  add(event: LoggedEvent): void {
    let list = this.#logs.get(event.log);
    if (!list) {
      list = [];
      this.#logs.set(event.log, list);
    }
    // Events normally arrive in order; an out-of-order one is inserted in place.
    let i = list.length;
    while (i > 0 && list[i - 1]!.at > event.at) i--;
    list.splice(i, 0, event);
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
  }

  /** Events of one log with `from <= at < to`. */
  entries(log: MeterLogName, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): LoggedEvent[] {
    return (this.#logs.get(log) ?? []).filter((e) => e.at >= from && e.at < to);
  }

  all(): LoggedEvent[] {
    return [...this.#logs.values()].flat().sort((a, b) => a.at - b.at);
  }

  count(log: MeterLogName): number {
    return this.#logs.get(log)?.length ?? 0;
  }
}
