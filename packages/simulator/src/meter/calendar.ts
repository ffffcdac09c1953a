/**
 * Activity calendar (IEC 62056-6-2 §4.5.5, class_id 20) as a TOU engine: the active and passive
 * season/week/day profile tables, the passive → active switch at activate_passive_calendar_time or
 * on `activate_passive_calendar`, and the rate (the day profile action's script_selector) at any
 * instant, with the tables that were active then.
 */
import {
  type CosemDateTime,
  cosemDateTimeFromBytes,
  cosemTimeFromBytes,
  type DayProfile,
  type DayProfileAction,
  type Season,
  type SpecialDayEntry,
  type WeekProfile,
} from '@gridmeter/dlms';
import { EventCode, ignoreEvents, type OnMeterEvent } from './event-codes.js';
import { History } from './history.js';
import { type LocalParts, latestOccurrence, localParts, partsOfDay, secondOfDayOf } from './local-date.js';
import { SpecialDaysTable } from './special-days.js';

/** One calendar: the attributes 2–5 (active) or 6–9 (passive) of an Activity calendar. */
export interface CalendarTables {
  readonly calendarName: Uint8Array;
  readonly seasonProfile: readonly Season[];
  readonly weekProfileTable: readonly WeekProfile[];
  readonly dayProfileTable: readonly DayProfile[];
}

/** An empty calendar: no seasons, so no rate. */
export const EMPTY_CALENDAR: CalendarTables = {
  calendarName: new Uint8Array(0),
  seasonProfile: [],
  weekProfileTable: [],
  dayProfileTable: [],
};

export interface TouCalendarOptions {
  /** Local time = UTC + this (fixed; no daylight saving). */
  readonly utcOffsetMinutes: number;
  /** The active calendar from the beginning of time (default: empty). */
  readonly active?: CalendarTables;
  readonly passive?: CalendarTables;
  readonly specialDays?: SpecialDaysTable;
  readonly onEvent?: OnMeterEvent;
}

interface Switch {
  readonly seconds: number;
  readonly scriptSelector: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * Day schedules by (tables, special days in force, local day): pure in those, shared by every
 * calendar (a fleet's meters share the default tables). Tables and entry lists are never changed
 * in place: programming records new ones.
 */
const DAY_SCHEDULES = new WeakMap<
  CalendarTables,
  WeakMap<readonly SpecialDayEntry[], Map<number, Switch[] | undefined>>
>();
const MAX_CACHED_DAYS = 4096;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function schedule(actions: readonly DayProfileAction[]): Switch[] {
  return actions
    .map((a) => ({
      seconds: secondOfDayOf(cosemTimeFromBytes(a.startTime)),
      scriptSelector: a.scriptSelector,
    }))
    .sort((a, b) => a.seconds - b.seconds);
}

/**
 * The TOU calendar of a meter. Every mutator takes the simulated instant `at` (UTC epoch ms) and
 * first applies a pending passive activation that fell due at or before it; queries of past
 * instants use the tables active then.
 *
 * @example
 * const cal = new TouCalendar({ utcOffsetMinutes: 60, active: defaultTouCalendar() });
 * cal.rateAt(Date.UTC(2026, 0, 14, 17)); // 3 (peak, 18:00 local on a winter Wednesday)
 */
export class TouCalendar {
  readonly utcOffsetMinutes: number;
  readonly specialDays: SpecialDaysTable;
  readonly #active: History<CalendarTables>;
  readonly #onEvent: OnMeterEvent;
  #passive: CalendarTables;
  #activationTime: number | undefined;

  constructor(options: TouCalendarOptions) {
    this.utcOffsetMinutes = options.utcOffsetMinutes;
    this.specialDays = options.specialDays ?? new SpecialDaysTable();
    this.#active = new History(options.active ?? EMPTY_CALENDAR);
    this.#passive = options.passive ?? EMPTY_CALENDAR;
    this.#onEvent = options.onEvent ?? ignoreEvents;
  }

  /** The active calendar as of the latest change (call {@link settle} first to apply a due activation). */
  get active(): CalendarTables {
    return this.#active.latest;
  }

  get passive(): CalendarTables {
    return this.#passive;
  }

  /** activate_passive_calendar_time as UTC epoch ms; undefined when none is pending. */
  get activationTime(): number | undefined {
    return this.#activationTime;
  }

  /** Every activation: (from, tables), the initial calendar first (from −Infinity). */
  activations(): { from: number; value: CalendarTables }[] {
    return this.#active.changes();
  }

  /** Applies the pending activation if its time is ≤ `now` (event 9 at the activation time). */
  settle(now: number): void {
    const due = this.#activationTime;
    if (due !== undefined && due <= now) {
      this.#activationTime = undefined;
      this.#switch(due);
    }
  }

  /** Writes (part of) the passive calendar (attributes 6–9); event 19. */
  programPassive(tables: Partial<CalendarTables>, at: number): void {
    this.settle(at);
    this.#passive = { ...this.#passive, ...tables };
    this.#onEvent({ at, code: EventCode.passive_tou_programmed, log: 'standard' });
  }

  /** Writes activate_passive_calendar_time (attribute 10); undefined cancels a pending activation. */
  setActivationTime(time: number | undefined, at: number): void {
    this.settle(at);
    this.#activationTime = time;
    this.settle(at);
  }

  /** `activate_passive_calendar` (method 1): the passive calendar becomes active from `at`; event 9. */
  activatePassive(at: number): void {
    this.settle(at);
    this.#switch(at);
  }

  #switch(at: number): void {
    this.#active.record(at, this.#passive);
    this.#onEvent({ at, code: EventCode.tou_activated, log: 'standard' });
  }

  /** The calendar active at `t`, counting a pending activation due by then. */
  activeAt(t: number): CalendarTables {
    const due = this.#activationTime;
    if (due !== undefined && due <= t && due >= this.#active.latestFrom) return this.#passive;
    return this.#active.at(t);
  }

  /**
   * The TOU rate (the script_selector of the day profile action in force) at `t`, or 0 when the
   * calendar names none (no season started, an unknown week or day id).
   */
  rateAt(t: number): number {
    const tables = this.activeAt(t);
    const local = t + this.utcOffsetMinutes * 60_000;
    const dayNumber = Math.floor(local / MS_PER_DAY);
    const secondOfDay = Math.floor((local - dayNumber * MS_PER_DAY) / 1000);
    let day = this.#daySchedule(tables, dayNumber, t);
    let current: Switch | undefined;
    // The schedule is sorted by start: the last switch at or before the time of day is in force.
    if (day) {
      for (const s of day) {
        if (s.seconds > secondOfDay) break;
        current = s;
      }
    }
    if (current) return current.scriptSelector;
    // Before the day's first switch the previous day's last action is still in force (§4.5.5).
    for (let back = 1; back <= 7; back++) {
      day = this.#daySchedule(tables, dayNumber - back, t);
      const last = day?.at(-1);
      if (last) return last.scriptSelector;
    }
    return 0;
  }

  /** The day_id that applies on the local day of `t`: a special day's, else the season's week's. */
  dayIdAt(t: number): number | undefined {
    return this.#dayId(this.activeAt(t), localParts(t, this.utcOffsetMinutes), t);
  }

  #dayId(tables: CalendarTables, day: LocalParts, t: number): number | undefined {
    const special = this.specialDays.dayIdOn(day, t);
    if (special !== undefined) return special;
    const season = this.#seasonOn(tables, day);
    if (!season) return undefined;
    const week = tables.weekProfileTable.find((w) => sameBytes(w.weekProfileName, season.weekName));
    return week?.[WEEKDAYS[day.dayOfWeek - 1] ?? 'monday'];
  }

  /** The season whose start is the latest at or before the end of `day` (§4.5.5 season_profile). */
  #seasonOn(tables: CalendarTables, day: LocalParts): Season | undefined {
    const endOfDay = (day.dayNumber + 1) * 86_400_000 - 1;
    let best: Season | undefined;
    let bestStart = Number.NEGATIVE_INFINITY;
    for (const s of tables.seasonProfile) {
      const start = latestOccurrence(this.#pattern(s.seasonStart), endOfDay);
      if (start !== undefined && start >= bestStart) {
        best = s;
        bestStart = start;
      }
    }
    return best;
  }

  #pattern(bytes: Uint8Array): CosemDateTime {
    return cosemDateTimeFromBytes(bytes);
  }

  /**
   * The sorted switches of local day `dayNumber`. They depend only on the tables, the special days
   * in force and the day, so meters sharing tables (the default calendar) share the answers.
   */
  #daySchedule(tables: CalendarTables, dayNumber: number, t: number): Switch[] | undefined {
    const special = this.specialDays.entriesAt(t);
    let bySpecial = DAY_SCHEDULES.get(tables);
    if (!bySpecial) {
      bySpecial = new WeakMap();
      DAY_SCHEDULES.set(tables, bySpecial);
    }
    let byDay = bySpecial.get(special);
    if (!byDay) {
      byDay = new Map();
      bySpecial.set(special, byDay);
    }
    if (byDay.has(dayNumber)) return byDay.get(dayNumber);
    const dayId = this.#dayId(tables, partsOfDay(dayNumber), t);
    const profile = tables.dayProfileTable.find((d) => d.dayId === dayId);
    const result = profile ? schedule(profile.daySchedule) : undefined;
    if (byDay.size >= MAX_CACHED_DAYS) byDay.clear();
    byDay.set(dayNumber, result);
    return result;
  }
}
