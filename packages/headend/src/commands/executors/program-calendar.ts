import {
  dayProfileTableConverter,
  seasonProfileConverter,
  specialDaysEntriesConverter,
  weekProfileTableConverter,
} from '@gridmeter/dlms';
import { CommandVerificationError, UnsupportedCommandError } from '../errors.js';
import {
  ACTIVITY_CALENDAR,
  ascii,
  bytesOf,
  dateTimeData,
  instantOf,
  meterDeviation,
  NO_PARAMETER,
  SPECIAL_DAYS_TABLE,
  sameBytes,
} from './cosem.js';
import type { Executor } from './types.js';

/**
 * `program-calendar`: looks up the tariff's calendar through `calendarFor`, writes the passive
 * calendar of the Activity calendar (attributes 6–9: calendar_name, season_profile,
 * week_profile_table, day_profile_table) and the Special days table entries when the calendar has
 * them, then either sets activate_passive_calendar_time (attribute 10) to `activateAt` or, when
 * that instant has passed, invokes activate_passive_calendar (method 1). Verified by reading back
 * the passive name and activation time (or the active name after an immediate activation) and the
 * number of special days.
 */
export const programCalendar: Executor<'program-calendar'> = async (
  { client, profile },
  action,
  { clock, calendarFor },
) => {
  if (!calendarFor) throw new UnsupportedCommandError('program-calendar needs a calendarFor lookup');
  const calendar = await calendarFor(action.tariffId);
  if (!calendar) throw new UnsupportedCommandError(`No calendar for tariff ${action.tariffId}`);
  const name =
    typeof calendar.calendarName === 'string' ? ascii(calendar.calendarName) : calendar.calendarName;
  const attribute = (attributeId: number) => ({ ...ACTIVITY_CALENDAR, attributeId });
  await client.set(attribute(6), { type: 'octet-string', value: name });
  await client.set(attribute(7), seasonProfileConverter.toData(calendar.seasonProfile));
  await client.set(attribute(8), weekProfileTableConverter.toData(calendar.weekProfileTable));
  await client.set(attribute(9), dayProfileTableConverter.toData(calendar.dayProfileTable));
  if (calendar.specialDays) {
    await client.set(
      { ...SPECIAL_DAYS_TABLE, attributeId: 2 },
      specialDaysEntriesConverter.toData(calendar.specialDays),
    );
  }
  const convention = profile.quirks?.deviationConvention;
  const immediate = action.activateAt <= clock.now();
  if (immediate) {
    await client.action({ ...ACTIVITY_CALENDAR, methodId: 1 }, NO_PARAMETER);
    const active = bytesOf(await client.get(attribute(2)), 'calendar_name_active');
    if (!sameBytes(active, name)) {
      throw new CommandVerificationError(
        'After activate_passive_calendar the active calendar has another name',
      );
    }
  } else {
    const deviation = await meterDeviation(client, profile.clock);
    await client.set(attribute(10), dateTimeData(action.activateAt, deviation, convention));
    const passive = bytesOf(await client.get(attribute(6)), 'calendar_name_passive');
    if (!sameBytes(passive, name)) {
      throw new CommandVerificationError('The passive calendar reads back with another name');
    }
    const at = instantOf(await client.get(attribute(10)), 'activate_passive_calendar_time', convention);
    if (at !== action.activateAt) {
      throw new CommandVerificationError(
        `activate_passive_calendar_time reads ${new Date(at).toISOString()}, not ${new Date(action.activateAt).toISOString()}`,
      );
    }
  }
  let specialDays: number | undefined;
  if (calendar.specialDays) {
    const entries = specialDaysEntriesConverter.fromData(
      await client.get({ ...SPECIAL_DAYS_TABLE, attributeId: 2 }),
    );
    specialDays = entries.length;
    if (specialDays !== calendar.specialDays.length) {
      throw new CommandVerificationError(
        `Special days table holds ${specialDays} entries after writing ${calendar.specialDays.length}`,
      );
    }
  }
  const label = new TextDecoder().decode(name);
  return {
    detail: immediate
      ? `calendar ${label} active now`
      : `calendar ${label} passive, activates at ${new Date(action.activateAt).toISOString()}`,
    data: {
      tariffId: action.tariffId,
      calendarName: label,
      activateAt: action.activateAt,
      activatedNow: immediate,
      ...(specialDays !== undefined ? { specialDays } : {}),
    },
  };
};
