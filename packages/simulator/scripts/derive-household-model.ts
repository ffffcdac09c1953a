/**
 * Derives the compact household consumption model that virtual meters use from the real
 * half-hourly smart meter data in ../shared/data (Smart Grid Smart City customer trial, NSW,
 * Australia; data.gov.au, attribution licence; as packaged in the R package gravitas).
 *
 * Run: npx tsx packages/simulator/scripts/derive-household-model.ts [csv.gz] [out.json]
 *
 * Per household it keeps: mean daily energy per calendar month, the normalised half-hourly day
 * shape per season and day type (weekday / weekend), the day-to-day spread (standard deviation of
 * log daily energy) and the per-slot coefficient of variation. No raw readings are kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const input =
  process.argv[2] ??
  new URL('../../../../shared/data/load-profiles/sgsc-smart_meter10-full.csv.gz', import.meta.url).pathname;
const output =
  process.argv[3] ?? new URL('../src/consumption/household-model.json', import.meta.url).pathname;

/** Southern-hemisphere seasons of the source data: 0 summer (Dec–Feb), 1 autumn, 2 winter, 3 spring. */
const seasonOfMonth = (m: number) => [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0][m]!;

interface Day {
  readonly month: number;
  readonly weekend: boolean;
  readonly slots: Float64Array; // 48 half-hours, kWh; NaN if missing
}

const text = gunzipSync(readFileSync(input)).toString('utf8');
const byHousehold = new Map<string, Map<string, Day>>();
for (const line of text.split('\n').slice(1)) {
  if (!line) continue;
  const [id, stamp, kwh] = line.split(',');
  if (!id || !stamp || kwh === undefined) continue;
  const [date, time] = stamp.split(' ');
  if (!date || !time) continue;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const days = byHousehold.get(id) ?? new Map<string, Day>();
  byHousehold.set(id, days);
  let day = days.get(date);
  if (!day) {
    const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
    day = { month: mo - 1, weekend: dow === 0 || dow === 6, slots: new Float64Array(48).fill(Number.NaN) };
    days.set(date, day);
  }
  day.slots[hh * 2 + (mm >= 30 ? 1 : 0)] = Number(kwh);
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

const households = [...byHousehold.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([id, days], index) => {
    const complete = [...days.values()].filter((d) => d.slots.every((v) => Number.isFinite(v)));
    const monthly = Array.from({ length: 12 }, () => [] as number[]);
    const shapeSum = Array.from({ length: 8 }, () => new Float64Array(48));
    const shapeN = new Array<number>(8).fill(0);
    const slotValues = Array.from({ length: 48 }, () => [] as number[]);
    for (const d of complete) {
      const total = d.slots.reduce((a, b) => a + b, 0);
      monthly[d.month]!.push(total);
      if (total <= 0) continue;
      const k = seasonOfMonth(d.month) * 2 + (d.weekend ? 1 : 0);
      d.slots.forEach((v, i) => {
        shapeSum[k]![i]! += v / total;
        slotValues[i]!.push(v);
      });
      shapeN[k]!++;
    }
    const allDaily = monthly.flat();
    const overall = allDaily.reduce((a, b) => a + b, 0) / Math.max(1, allDaily.length);
    const dailyKwhByMonth = monthly.map((m) =>
      round(m.length ? m.reduce((a, b) => a + b, 0) / m.length : overall, 3),
    );
    const logs = allDaily.filter((v) => v > 0).map(Math.log);
    const meanLog = logs.reduce((a, b) => a + b, 0) / logs.length;
    const dailyLogSd = Math.sqrt(logs.reduce((a, b) => a + (b - meanLog) ** 2, 0) / logs.length);
    // A season/day-type cell without data borrows the same day type's all-season shape.
    const fallback = [0, 1].map((w) => {
      const s = new Float64Array(48);
      let n = 0;
      for (let k = w; k < 8; k += 2) {
        shapeSum[k]!.forEach((v, i) => {
          s[i]! += v;
        });
        n += shapeN[k]!;
      }
      return Array.from(s, (v) => v / Math.max(1, n));
    });
    const shapes = shapeSum.map((s, k) =>
      (shapeN[k]! > 0 ? Array.from(s, (v) => v / shapeN[k]!) : fallback[k % 2]!).map((v) => round(v, 5)),
    );
    const slotCv = slotValues.map((vals) => {
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
      return round(mean > 0 ? sd / mean : 0, 3);
    });
    return {
      name: `household-${index + 1}`,
      sourceCustomer: id,
      days: complete.length,
      dailyKwhByMonth,
      dailyLogSd: round(dailyLogSd, 3),
      /** shapes[season * 2 + (weekend ? 1 : 0)][halfHour]: share of the day's energy. */
      shapes,
      slotCv,
    };
  });

const model = {
  source:
    'Derived from half-hourly household consumption of the Smart Grid Smart City customer trial (NSW, Australia), published on data.gov.au under an attribution licence, as packaged in the R package gravitas (data/smart_meter10). Timestamps treated as local time.',
  hemisphere: 'southern',
  seasons: ['summer (Dec-Feb)', 'autumn (Mar-May)', 'winter (Jun-Aug)', 'spring (Sep-Nov)'],
  households,
};
writeFileSync(output, `${JSON.stringify(model)}\n`);
console.log(
  `wrote ${output}: ${households.length} households, ${households.reduce((a, h) => a + h.days, 0)} complete days`,
);
