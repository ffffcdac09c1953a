import type { TariffVersion, TouCalendar } from './tariff.js';

const DAY_MS = 86_400_000;

/** The day profile in force on the local date of `localMidnight` (ms, local clock as UTC). */
export function dayProfileOn(c: TouCalendar, localMidnight: number): string {
  const d = new Date(localMidnight);
  const iso = d.toISOString().slice(0, 10);
  const md = iso.slice(5);
  const special = c.specialDays?.find((s) => s.date === iso) ?? c.specialDays?.find((s) => s.date === md);
  if (special) return special.dayProfile;
  // The season whose start is the latest on or before the date; before the first start, the last season.
  const sorted = [...c.seasons].sort((a, b) => (a.from < b.from ? -1 : 1));
  let season = sorted[sorted.length - 1];
  for (const s of sorted) if (s.from <= md) season = s;
  const week = c.weekProfiles[season?.weekProfile ?? ''] ?? [];
  // getUTCDay: 0 = Sunday; week profiles start on Monday.
  return week[(d.getUTCDay() + 6) % 7] ?? '';
}

/** Period index (into `periods`) of each interval of one local day for a day profile. */
function daySlots(c: TouCalendar, profile: string, intervalSeconds: number): Uint8Array {
  const slots = new Uint8Array(86_400 / intervalSeconds);
  const switches = c.dayProfiles[profile] ?? [];
  let k = 0;
  for (let i = 0; i < slots.length; i++) {
    const minute = (i * intervalSeconds) / 60;
    while (k + 1 < switches.length && (switches[k + 1]?.startMinute ?? 1440) <= minute) k++;
    slots[i] = c.periods.indexOf(switches[k]?.period ?? '');
  }
  return slots;
}

const cache = new WeakMap<TariffVersion, Map<string, Uint8Array>>();

/**
 * TOU period index of every interval in `[start, end)` (UTC ms, local-midnight aligned) under the
 * version's calendar; all zeros without a calendar. Cached per version, span and interval length.
 */
export function periodMap(t: TariffVersion, start: number, end: number, intervalSeconds: number): Uint8Array {
  const key = `${start}/${end}/${intervalSeconds}`;
  let byKey = cache.get(t);
  if (!byKey) {
    byKey = new Map();
    cache.set(t, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const step = intervalSeconds * 1000;
  const out = new Uint8Array(Math.ceil((end - start) / step));
  const c = t.tou;
  if (c) {
    const offset = t.utcOffsetMinutes * 60_000;
    const perDay = DAY_MS / step;
    const slotsByProfile = new Map<string, Uint8Array>();
    for (let i = 0; i < out.length; ) {
      const local = start + i * step + offset;
      const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
      const profile = dayProfileOn(c, midnight);
      let slots = slotsByProfile.get(profile);
      if (!slots) {
        slots = daySlots(c, profile, intervalSeconds);
        slotsByProfile.set(profile, slots);
      }
      let slot = Math.round((local - midnight) / step);
      for (; slot < perDay && i < out.length; slot++, i++) out[i] = slots[slot] ?? 0;
    }
  }
  byKey.set(key, out);
  return out;
}
