/** TOU periods in a stable order and colour: cheapest first (green) to dearest (red). */

/** Colours from cheap to dear, for tariffs with up to six periods. */
export const TOU_COLOURS = ['#4aa37a', '#2f6fb0', '#e0a030', '#c8553d', '#7b5ea7', '#3a9fb5'] as const;

/** Which colours a tariff with n periods uses: cheap green, dear red, in between blue and amber. */
const SCALES: Readonly<Record<number, readonly string[]>> = {
  1: ['#2f6fb0'],
  2: ['#4aa37a', '#c8553d'],
  3: ['#4aa37a', '#e0a030', '#c8553d'],
  4: ['#4aa37a', '#2f6fb0', '#e0a030', '#c8553d'],
};

/**
 * Orders period names by price (cheapest first) where prices are known, then by name, so the
 * same period has the same colour on every chart.
 */
export function orderPeriods(
  names: Iterable<string>,
  pricePerPeriod: Readonly<Record<string, number>> = {},
): string[] {
  return [...new Set(names)].sort((a, b) => {
    const pa = pricePerPeriod[a];
    const pb = pricePerPeriod[b];
    if (pa !== undefined && pb !== undefined && pa !== pb) return pa - pb;
    if (pa !== undefined && pb === undefined) return -1;
    if (pa === undefined && pb !== undefined) return 1;
    return a.localeCompare(b);
  });
}

/** The colour of `period` among `ordered` (cheapest first), from {@link orderPeriods}. */
export function touColour(ordered: readonly string[], period: string): string {
  const i = ordered.indexOf(period);
  if (i < 0) return '#8c8c8c';
  const scale = SCALES[ordered.length] ?? TOU_COLOURS;
  return scale[i % scale.length] ?? '#8c8c8c';
}

/** Stacked-bar columns: one array per period, kWh per bucket (0 where a bucket has none of it). */
export function stackByPeriod(
  buckets: readonly { readonly importWh: number; readonly byPeriod: Readonly<Record<string, number>> }[],
  ordered: readonly string[],
): { readonly period: string; readonly kwh: number[] }[] {
  if (ordered.length === 0) return [{ period: 'usage', kwh: buckets.map((b) => b.importWh / 1000) }];
  return ordered.map((period) => ({ period, kwh: buckets.map((b) => (b.byPeriod[period] ?? 0) / 1000) }));
}
