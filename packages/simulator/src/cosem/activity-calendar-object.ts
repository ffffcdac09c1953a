/**
 * Activity calendar (IEC 62056-6-2 §4.5.5, class_id 20 version 0) at 0.0.13.0.0.255 over a
 * {@link TouCalendar}: attributes 2–5 (active) read-only, 6–10 (passive, activation time)
 * read-write, method 1 `activate_passive_calendar`. A due activation is applied before every access.
 */
import {
  type CosemServerObject,
  type DlmsData,
  dayProfileTableConverter,
  seasonProfileConverter,
  weekProfileTableConverter,
} from '@gridmeter/dlms';
import type { CalendarTables, TouCalendar } from '../meter/calendar.js';
import {
  dateTimeAttribute,
  dateTimeBytes,
  fromData,
  instantOf,
  noParameter,
  noSuchAttribute,
  noSuchMethod,
  readOnly,
  sharedLogicalName,
  simple,
} from './object-support.js';

const octets = simple('calendar_name', 'octet-string');
const dateTime = dateTimeAttribute('activate_passive_calendar_time');

/** Logical name of the Activity calendar (IEC 62056-6-1). */
export const ACTIVITY_CALENDAR_LN = '0.0.13.0.0.255';

/**
 * @example
 * const object = new ActivityCalendarObject(calendar, () => clock.now());
 * new DlmsServer({ systemTitle, objects: [object], associations });
 */
export class ActivityCalendarObject implements CosemServerObject {
  readonly classId = 20;
  readonly version = 0;
  readonly logicalName: Uint8Array;

  constructor(
    readonly calendar: TouCalendar,
    readonly now: () => number,
    name = ACTIVITY_CALENDAR_LN,
  ) {
    this.logicalName = sharedLogicalName(name);
  }

  get(attributeId: number): DlmsData {
    this.calendar.settle(this.now());
    if (attributeId >= 2 && attributeId <= 5) return this.#tables(this.calendar.active, attributeId - 2);
    if (attributeId >= 6 && attributeId <= 9) return this.#tables(this.calendar.passive, attributeId - 6);
    if (attributeId === 10) {
      return dateTime.toData(dateTimeBytes(this.calendar.activationTime, this.calendar.utcOffsetMinutes));
    }
    return noSuchAttribute(attributeId);
  }

  set(attributeId: number, value: DlmsData): void {
    const at = this.now();
    const c = this.calendar;
    switch (attributeId) {
      case 6:
        c.programPassive({ calendarName: fromData(octets, value) }, at);
        return;
      case 7:
        c.programPassive({ seasonProfile: fromData(seasonProfileConverter, value) }, at);
        return;
      case 8:
        c.programPassive({ weekProfileTable: fromData(weekProfileTableConverter, value) }, at);
        return;
      case 9:
        c.programPassive({ dayProfileTable: fromData(dayProfileTableConverter, value) }, at);
        return;
      case 10:
        c.setActivationTime(instantOf(fromData(dateTime, value), this.calendar.utcOffsetMinutes), at);
        return;
      default:
        if (attributeId >= 2 && attributeId <= 5) readOnly(attributeId);
        noSuchAttribute(attributeId);
    }
  }

  action(methodId: number, parameters: DlmsData | undefined): undefined {
    if (methodId !== 1) noSuchMethod(methodId);
    noParameter(parameters);
    this.calendar.activatePassive(this.now());
    return undefined;
  }

  #tables(tables: CalendarTables, which: number): DlmsData {
    switch (which) {
      case 0:
        return octets.toData(tables.calendarName);
      case 1:
        return seasonProfileConverter.toData(tables.seasonProfile);
      case 2:
        return weekProfileTableConverter.toData(tables.weekProfileTable);
      default:
        return dayProfileTableConverter.toData(tables.dayProfileTable);
    }
  }
}
