import { QualityFlag, type RegisterRead } from '@gridmeter/domain';
import type { VeeContext } from '../context.js';
import { type Finding, type FlagMark, type VeeRule, VeeRuleId } from '../finding.js';
import { type ChannelSeries, indexAt, intervalMs, seriesEnd } from '../series.js';

/** The energy a register advanced between two reads, over the intervals `[from, to)` of a series. */
export interface RegisterDelta {
  readonly from: number;
  readonly to: number;
  /** Epoch ms of the two reads. */
  readonly start: number;
  readonly end: number;
  readonly deltaWh: number;
}

/** A read's value in the channel's unit: `value × 10^scaler`, rounded to an integer. */
function readValue(r: RegisterRead): number {
  return Math.round(Number(r.value) * 10 ** (r.scaler ?? 0));
}

/**
 * Register deltas over a series: consecutive reads of the context taken on interval boundaries
 * inside (or at the ends of) the series. Reads off the boundaries are ignored: their delta
 * includes part of an interval.
 */
export function registerDeltas(series: ChannelSeries, context: VeeContext): RegisterDelta[] {
  const ms = intervalMs(series);
  const end = seriesEnd(series);
  const reads = [...(context.registerReads ?? [])]
    .filter((r) => (r.readAt - series.start) % ms === 0 && r.readAt >= series.start && r.readAt <= end)
    .sort((a, b) => a.readAt - b.readAt);
  const out: RegisterDelta[] = [];
  for (let k = 1; k < reads.length; k++) {
    const a = reads[k - 1]!;
    const b = reads[k]!;
    if (b.readAt === a.readAt) continue;
    const from = indexAt(series, a.readAt);
    const to = b.readAt === end ? series.values.length : indexAt(series, b.readAt);
    out.push({ from, to, start: a.readAt, end: b.readAt, deltaWh: readValue(b) - readValue(a) });
  }
  return out;
}

/**
 * Sum of intervals against the register delta. With every interval present the sum must be
 * within tolerance (max of `registerToleranceWh` and `registerToleranceRatio` × delta); with
 * some missing, the present ones may not exceed the delta plus tolerance. Sets `registerMismatch`.
 */
export const registerMismatchRule: VeeRule = {
  id: VeeRuleId.registerMismatch,
  description: 'Sum of intervals differs from the register delta',
  check(series, context, config) {
    const t = config.thresholds;
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    for (const d of registerDeltas(series, context)) {
      let sum = 0;
      let missing = 0;
      for (let i = d.from; i < d.to; i++) {
        const v = series.values[i];
        if (v === null || v === undefined) missing++;
        else sum += v;
      }
      const tolerance = Math.max(t.registerToleranceWh, Math.abs(d.deltaWh) * t.registerToleranceRatio);
      const diff = sum - d.deltaWh;
      const bad = missing === 0 ? Math.abs(diff) > tolerance : diff > tolerance;
      if (!bad) continue;
      for (let i = d.from; i < d.to; i++) marks.push({ index: i, flags: QualityFlag.registerMismatch });
      findings.push({
        ruleId: VeeRuleId.registerMismatch,
        start: d.start,
        end: d.end,
        severity: 'error',
        message: `Intervals sum to ${sum} Wh, register advanced ${d.deltaWh} Wh (tolerance ${tolerance})`,
        details: { sumWh: sum, deltaWh: d.deltaWh, toleranceWh: tolerance, missingIntervals: missing },
      });
    }
    return { findings, marks };
  },
};
