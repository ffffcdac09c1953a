import { QualityFlag } from '@gridmeter/domain';
import type { VeeContext } from '../context.js';
import { type Finding, type FlagMark, type VeeRule, VeeRuleId } from '../finding.js';
import { type ChannelSeries, intervalMs, slotStart, type TimeWindow } from '../series.js';

function overlaps(windows: readonly TimeWindow[] | undefined, start: number, end: number): boolean {
  return (windows ?? []).some((w) => w.start < end && w.end > start);
}

/** Whether zero energy is explained in the interval: an outage, an open relay, or the outage flag. */
function zeroExplained(series: ChannelSeries, context: VeeContext, i: number): boolean {
  if ((series.quality[i]! & QualityFlag.powerOutage) !== 0) return true;
  const start = slotStart(series, i);
  const end = start + intervalMs(series);
  return overlaps(context.outages, start, end) || overlaps(context.disconnections, start, end);
}

/** Runs `[from, to)` of intervals for which `same(i)` holds, at least `minIntervals` long. */
function longRuns(n: number, minIntervals: number, same: (i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let from = -1;
  for (let i = 0; i <= n; i++) {
    const inRun = i < n && same(i);
    if (inRun && from < 0) from = i;
    if (!inRun && from >= 0) {
      if (i - from >= minIntervals) out.push([from, i]);
      from = -1;
    }
  }
  return out;
}

/**
 * Zero consumption for at least `zeroRunSeconds` that no outage or disconnection explains: a
 * stopped meter, a bypass or a vacant property. Sets `suspect` on the run.
 */
export const zeroConsumptionRule: VeeRule = {
  id: VeeRuleId.zeroConsumption,
  description: 'Long run of zero consumption without an outage or disconnection',
  check(series, context, config) {
    const min = Math.ceil(config.thresholds.zeroRunSeconds / series.intervalSeconds);
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    for (const [a, b] of longRuns(
      series.values.length,
      min,
      (i) => series.values[i] === 0 && !zeroExplained(series, context, i),
    )) {
      for (let i = a; i < b; i++) marks.push({ index: i, flags: QualityFlag.suspect });
      findings.push({
        ruleId: VeeRuleId.zeroConsumption,
        start: slotStart(series, a),
        end: slotStart(series, b),
        severity: 'warning',
        message: `Zero consumption for ${((b - a) * series.intervalSeconds) / 3600} h without an outage`,
        details: { intervals: b - a, thresholdSeconds: config.thresholds.zeroRunSeconds },
      });
    }
    return { findings, marks };
  },
};

/**
 * Static data: the same non-zero value in consecutive intervals for at least `flatLineSeconds`
 * (a stuck register or a copied value). Sets `suspect` on the run.
 */
export const flatLineRule: VeeRule = {
  id: VeeRuleId.flatLine,
  description: 'The same non-zero value repeated for a long stretch',
  check(series, _context, config) {
    const min = Math.ceil(config.thresholds.flatLineSeconds / series.intervalSeconds);
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    const v = series.values;
    // A run is made of intervals equal to their predecessor; the run's first member joins it.
    for (const [a, b] of longRuns(
      v.length,
      min - 1,
      (i) => i > 0 && v[i] !== null && v[i] !== 0 && v[i] === v[i - 1],
    )) {
      const from = a - 1;
      for (let i = from; i < b; i++) marks.push({ index: i, flags: QualityFlag.suspect });
      findings.push({
        ruleId: VeeRuleId.flatLine,
        start: slotStart(series, from),
        end: slotStart(series, b),
        severity: 'warning',
        message: `Value ${v[from]} repeated in ${b - from} consecutive intervals`,
        details: {
          value: v[from] ?? 0,
          intervals: b - from,
          thresholdSeconds: config.thresholds.flatLineSeconds,
        },
      });
    }
    return { findings, marks };
  },
};
