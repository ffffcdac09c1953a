/**
 * Activity calendar (IEC 62056-6-2 §4.5.5) season/week/day profile tables and Special days table
 * (§4.5.4) entries. Dates and times stay the octet-strings the Blue Book gives them
 * (date-time 12 bytes, date 5, time 4; §4.1.6.1).
 */
import { arrayPart, converter, type DataConverter, P, structPart } from './converter.js';

/** season: from `seasonStart` on, the week profile named `weekName` applies. */
export interface Season {
  readonly seasonProfileName: Uint8Array;
  readonly seasonStart: Uint8Array;
  readonly weekName: Uint8Array;
}

/** week_profile: the day_id for each day of the week. */
export interface WeekProfile {
  readonly weekProfileName: Uint8Array;
  readonly monday: number;
  readonly tuesday: number;
  readonly wednesday: number;
  readonly thursday: number;
  readonly friday: number;
  readonly saturday: number;
  readonly sunday: number;
}

/** day_profile_action: at `startTime`, run script `scriptSelector` of the Script table `scriptLogicalName`. */
export interface DayProfileAction {
  readonly startTime: Uint8Array;
  readonly scriptLogicalName: Uint8Array;
  readonly scriptSelector: number;
}

/** day_profile: the switching actions of one day type. */
export interface DayProfile {
  readonly dayId: number;
  readonly daySchedule: readonly DayProfileAction[];
}

const seasonPart = structPart<Season>({
  seasonProfileName: P.octetString,
  seasonStart: P.dateTime,
  weekName: P.octetString,
});
const weekProfilePart = structPart<WeekProfile>({
  weekProfileName: P.octetString,
  monday: P.unsigned,
  tuesday: P.unsigned,
  wednesday: P.unsigned,
  thursday: P.unsigned,
  friday: P.unsigned,
  saturday: P.unsigned,
  sunday: P.unsigned,
});
const dayProfilePart = structPart<DayProfile>({
  dayId: P.unsigned,
  daySchedule: arrayPart(
    structPart<DayProfileAction>({
      startTime: P.time,
      scriptLogicalName: P.logicalName,
      scriptSelector: P.longUnsigned,
    }),
  ),
});

/** Activity calendar `season_profile_active` / `season_profile_passive`. */
export const seasonProfileConverter: DataConverter<readonly Season[]> = converter(
  'season_profile',
  arrayPart(seasonPart),
);

/** Activity calendar `week_profile_table_active` / `week_profile_table_passive`. */
export const weekProfileTableConverter: DataConverter<readonly WeekProfile[]> = converter(
  'week_profile_table',
  arrayPart(weekProfilePart),
);

/** Activity calendar `day_profile_table_active` / `day_profile_table_passive`. */
export const dayProfileTableConverter: DataConverter<readonly DayProfile[]> = converter(
  'day_profile_table',
  arrayPart(dayProfilePart),
);

/** spec_day_entry (§4.5.4): on `specialdayDate` (date, wildcards allowed) use day profile `dayId`. */
export interface SpecialDayEntry {
  readonly index: number;
  readonly specialdayDate: Uint8Array;
  readonly dayId: number;
}

const specDayEntryPart = structPart<SpecialDayEntry>({
  index: P.longUnsigned,
  specialdayDate: P.date,
  dayId: P.unsigned,
});

/** Special days table `entries`: array spec_day_entry. */
export const specialDaysEntriesConverter: DataConverter<readonly SpecialDayEntry[]> = converter(
  'entries',
  arrayPart(specDayEntryPart),
);

/** The parameter of Special days table `insert`: one spec_day_entry. */
export const specialDayEntryConverter: DataConverter<SpecialDayEntry> = converter(
  'spec_day_entry',
  specDayEntryPart,
);
