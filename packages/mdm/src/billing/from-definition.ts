import {
  TOU_WEEKDAYS,
  type TouCalendarDefinition,
  type TouRate,
  validateTouCalendar,
} from '@gridmeter/domain';
import type { TouCalendar } from './tariff.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The billing calendar of a domain {@link TouCalendarDefinition} (the one the head-end programs
 * into meters), so that bill and meter share one definition. Period `i` is TOU rate `i + 1`,
 * named by `periodNames` (default "rate N"). The tariff version takes the definition's
 * `utcOffsetMinutes`.
 * @example touCalendarOf(definition, { 1: 'offpeak', 2: 'peak' })
 */
export function touCalendarOf(
  definition: TouCalendarDefinition,
  periodNames: Readonly<Record<TouRate, string>> = {},
): TouCalendar {
  const def = validateTouCalendar(definition);
  const maxRate = Math.max(...def.days.flatMap((d) => d.switches.map((s) => s.rate)));
  const periods = Array.from({ length: maxRate }, (_, i) => periodNames[i + 1] ?? `rate ${i + 1}`);
  const name = (rate: TouRate) => periods[rate - 1] ?? `rate ${rate}`;
  return {
    periods,
    seasons: def.seasons.map((s) => ({
      name: s.name,
      from: `${pad(s.start.month)}-${pad(s.start.day)}`,
      weekProfile: s.week,
    })),
    weekProfiles: Object.fromEntries(def.weeks.map((w) => [w.name, TOU_WEEKDAYS.map((d) => w.days[d])])),
    dayProfiles: Object.fromEntries(
      def.days.map((d) => [
        d.name,
        d.switches.map((s) => ({ startMinute: s.startMinute, period: name(s.rate) })),
      ]),
    ),
    specialDays: (def.specialDays ?? []).map((s) => ({
      date: `${s.date.year === undefined ? '' : `${s.date.year}-`}${pad(s.date.month)}-${pad(s.date.day)}`,
      dayProfile: s.dayType,
    })),
  };
}
