import { QualityFlag } from '@gridmeter/domain';
import { type Finding, indexRuns, NO_RESULT, type VeeRule, VeeRuleId } from '../finding.js';
import { type ChannelSeries, flowDirection, intervalMs, slotStart } from '../series.js';

function runFindings(
  series: ChannelSeries,
  indices: readonly number[],
  make: (a: number, b: number) => Omit<Finding, 'start' | 'end'>,
): Finding[] {
  const ms = intervalMs(series);
  return indexRuns(indices).map(([a, b]) => ({
    ...make(a, b),
    start: slotStart(series, a),
    end: slotStart(series, b) + ms,
  }));
}

/** Negative energy on an import or export channel fails the interval (net channels may be negative). */
export const negativeValueRule: VeeRule = {
  id: VeeRuleId.negativeValue,
  description: 'Negative energy on a channel that only counts up',
  check(series) {
    if (flowDirection(series.channel) === 'net') return NO_RESULT;
    const bad: number[] = [];
    series.values.forEach((v, i) => {
      if (v !== null && v < 0) bad.push(i);
    });
    return {
      marks: bad.map((index) => ({ index, flags: QualityFlag.failedValidation })),
      findings: runFindings(series, bad, (a, b) => ({
        ruleId: VeeRuleId.negativeValue,
        severity: 'error',
        message: `${b - a + 1} negative interval(s), first ${series.values[a]}`,
        details: { intervals: b - a + 1, first: series.values[a] ?? 0 },
      })),
    };
  },
};

/**
 * Energy above what the service can carry in one interval (maximum demand × interval length)
 * fails the interval: 14,500 W over 900 s is at most 3,625 Wh.
 */
export const impossibleValueRule: VeeRule = {
  id: VeeRuleId.impossibleValue,
  description: "Energy above the service's maximum demand times the interval length",
  check(series, context, config) {
    const maxDemandW = context.maxDemandW ?? config.thresholds.maxDemandW;
    const limitWh = (maxDemandW * series.intervalSeconds) / 3600;
    const bad: number[] = [];
    series.values.forEach((v, i) => {
      if (v !== null && Math.abs(v) > limitWh) bad.push(i);
    });
    return {
      marks: bad.map((index) => ({ index, flags: QualityFlag.failedValidation })),
      findings: runFindings(series, bad, (a, b) => {
        const max = Math.max(...series.values.slice(a, b + 1).map((v) => Math.abs(v ?? 0)));
        return {
          ruleId: VeeRuleId.impossibleValue,
          severity: 'error',
          message: `${b - a + 1} interval(s) above ${limitWh} Wh (max demand ${maxDemandW} W), max ${max}`,
          details: { intervals: b - a + 1, limitWh, maxDemandW, max },
        };
      }),
    };
  },
};

/**
 * Energy flowing out of a service point without generation: any export on an export channel
 * (OBIS C = 2, 4, 6, 7) or a negative net value (C = 16) sets `reverseFlow` and `suspect`.
 */
export const reverseFlowRule: VeeRule = {
  id: VeeRuleId.reverseFlow,
  description: 'Export on a meter without generation',
  check(series, context) {
    if (context.hasGeneration) return NO_RESULT;
    const dir = flowDirection(series.channel);
    if (dir !== 'export' && dir !== 'net') return NO_RESULT;
    const bad: number[] = [];
    series.values.forEach((v, i) => {
      if (v !== null && (dir === 'export' ? v > 0 : v < 0)) bad.push(i);
    });
    return {
      marks: bad.map((index) => ({ index, flags: QualityFlag.reverseFlow | QualityFlag.suspect })),
      findings: runFindings(series, bad, (a, b) => {
        const wh = series.values.slice(a, b + 1).reduce<number>((s, v) => s + Math.abs(v ?? 0), 0);
        return {
          ruleId: VeeRuleId.reverseFlow,
          severity: 'warning',
          message: `${wh} Wh exported over ${b - a + 1} interval(s) on a meter without generation`,
          details: { intervals: b - a + 1, exportWh: wh },
        };
      }),
    };
  },
};
