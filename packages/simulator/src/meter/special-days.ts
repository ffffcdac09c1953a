/**
 * Special days table (IEC 62056-6-2 §4.5.4, class_id 11): dates (wildcards allowed) on which the
 * Activity calendar uses a given day profile instead of the weekday's. Changes are kept with their
 * instant so the rate of a past instant uses the table as it was then.
 */
import { cosemDateFromBytes, type SpecialDayEntry } from '@gridmeter/dlms';
import { History } from './history.js';
import { dateMatches, type LocalParts } from './local-date.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Entry lists already checked and sorted, by the list given: meters built from one list (the
 * default special days) share the sorted one, and with it the TOU calendar's day cache. The
 * lists are never changed in place (an insert or delete records a new list).
 */
const CHECKED = new WeakMap<readonly SpecialDayEntry[], readonly SpecialDayEntry[]>();

function sorted(entries: readonly SpecialDayEntry[]): readonly SpecialDayEntry[] {
  return [...entries].sort((a, b) => a.index - b.index);
}

/**
 * The special days of a meter.
 *
 * @example
 * const days = new SpecialDaysTable([{ index: 1, specialdayDate: cosemDateToBytes({ month: 12, dayOfMonth: 25 }), dayId: 2 }]);
 * days.dayIdOn(localParts(Date.UTC(2026, 11, 25, 12), 60), Date.UTC(2026, 11, 25, 12)); // 2
 */
export class SpecialDaysTable {
  readonly #history: History<readonly SpecialDayEntry[]>;

  constructor(entries: readonly SpecialDayEntry[] = []) {
    let checked = CHECKED.get(entries);
    if (!checked) {
      for (const e of entries) cosemDateFromBytes(e.specialdayDate);
      checked = sorted(entries);
      CHECKED.set(entries, checked);
    }
    this.#history = new History(checked);
  }

  /** The current entries, ordered by index. */
  get entries(): readonly SpecialDayEntry[] {
    return this.#history.latest;
  }

  /** The entries in force at instant `t`. */
  entriesAt(t: number): readonly SpecialDayEntry[] {
    return this.#history.at(t);
  }

  /**
   * `insert` (§4.5.4 method 1): adds an entry; an entry with the same index or the same date is
   * overwritten. Throws `CodecError` when the date is not 5 bytes.
   */
  insert(entry: SpecialDayEntry, at: number): void {
    cosemDateFromBytes(entry.specialdayDate);
    const kept = this.entries.filter(
      (e) => e.index !== entry.index && !sameBytes(e.specialdayDate, entry.specialdayDate),
    );
    this.#history.record(at, sorted([...kept, entry]));
  }

  /** `delete` (§4.5.4 method 2): removes the entry with `index`; false when there was none. */
  delete(index: number, at: number): boolean {
    const kept = this.entries.filter((e) => e.index !== index);
    if (kept.length === this.entries.length) return false;
    this.#history.record(at, kept);
    return true;
  }

  /** Replaces every entry (a SET of attribute 2 `entries`). */
  replace(entries: readonly SpecialDayEntry[], at: number): void {
    for (const e of entries) cosemDateFromBytes(e.specialdayDate);
    this.#history.record(at, sorted(entries));
  }

  /** The day_id of the special day `day` is, with the table as it was at `t`; the lowest index wins. */
  dayIdOn(day: LocalParts, t: number): number | undefined {
    for (const e of this.entriesAt(t)) {
      if (dateMatches(cosemDateFromBytes(e.specialdayDate), day)) return e.dayId;
    }
    return undefined;
  }
}
