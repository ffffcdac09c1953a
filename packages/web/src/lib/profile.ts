/**
 * Load-profile intervals split into the series the chart draws: measured, estimated and edited
 * values each in their own column (null elsewhere), so each is coloured and named in the legend.
 */

/** The part of an API interval the chart needs. */
export interface ProfileInterval {
  readonly start: string;
  readonly value: number | null;
  readonly quality: readonly string[];
  readonly kind?: string;
}

export type IntervalClass = 'measured' | 'estimated' | 'edited' | 'missing';

/** Edited wins over estimated (an edit may replace an estimate); a null value is missing. */
export function classify(interval: ProfileInterval): IntervalClass {
  if (interval.value === null) return 'missing';
  if (interval.kind === 'edited' || interval.quality.includes('edited')) return 'edited';
  if (interval.kind === 'estimated' || interval.quality.includes('estimated')) return 'estimated';
  return 'measured';
}

export interface ProfileSeries {
  /** Interval starts in epoch seconds (uPlot's x scale). */
  readonly x: number[];
  /** kWh per interval, by class; null where the interval is of another class. */
  readonly measured: (number | null)[];
  readonly estimated: (number | null)[];
  readonly edited: (number | null)[];
  readonly counts: Readonly<Record<IntervalClass, number>>;
  readonly totalWh: number;
}

/** Splits intervals (any order) into chart columns sorted by time; values go from Wh to kWh. */
export function profileSeries(intervals: readonly ProfileInterval[]): ProfileSeries {
  const sorted = [...intervals]
    .map((i) => ({ i, t: Date.parse(i.start) }))
    .filter((e) => Number.isFinite(e.t))
    .sort((a, b) => a.t - b.t);
  const x: number[] = [];
  const measured: (number | null)[] = [];
  const estimated: (number | null)[] = [];
  const edited: (number | null)[] = [];
  const counts: Record<IntervalClass, number> = { measured: 0, estimated: 0, edited: 0, missing: 0 };
  let totalWh = 0;
  for (const { i, t } of sorted) {
    const cls = classify(i);
    counts[cls]++;
    const kwh = i.value === null ? null : i.value / 1000;
    if (i.value !== null) totalWh += i.value;
    x.push(t / 1000);
    measured.push(cls === 'measured' ? kwh : null);
    estimated.push(cls === 'estimated' ? kwh : null);
    edited.push(cls === 'edited' ? kwh : null);
  }
  return { x, measured, estimated, edited, counts, totalWh };
}
