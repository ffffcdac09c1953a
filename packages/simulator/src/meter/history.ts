/**
 * A value that changes at instants: (from, value) pairs in time order, so the value at any past
 * instant can be answered. Used by the meter functions whose state the simulator must be able to
 * replay (the active calendar, the relay, module versions).
 */
export class History<T> {
  readonly #from: number[] = [];
  readonly #values: T[] = [];

  /** `initial` holds from the beginning of time. */
  constructor(initial: T) {
    this.#from.push(Number.NEGATIVE_INFINITY);
    this.#values.push(initial);
  }

  /** The latest value. */
  get latest(): T {
    return this.#values[this.#values.length - 1] as T;
  }

  /** The instant the latest value took effect (−Infinity for the initial one). */
  get latestFrom(): number {
    return this.#from[this.#from.length - 1] as number;
  }

  /** Records `value` from instant `from`. Throws `RangeError` when `from` is before the latest change. */
  record(from: number, value: T): void {
    if (from < this.latestFrom) {
      throw new RangeError(`Cannot record a change at ${from}: the latest change is at ${this.latestFrom}`);
    }
    this.#from.push(from);
    this.#values.push(value);
  }

  /** The value in effect at instant `t` (the last one recorded from an instant ≤ t). */
  at(t: number): T {
    let lo = 0;
    let hi = this.#from.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#from[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.#values[lo] as T;
  }

  /** Every change as (from, value), oldest first, the initial value included. */
  changes(): { from: number; value: T }[] {
    return this.#from.map((from, i) => ({ from, value: this.#values[i] as T }));
  }
}
