import { QualityFlag } from '@gridmeter/domain';
import { type Finding, type FlagMark, indexRuns, NO_RESULT, type VeeRule, VeeRuleId } from '../finding.js';
import { indexAt, intervalMs, slotStart } from '../series.js';

/** Missing intervals (null values) set `missing`; one warning per run. */
export const missingIntervalRule: VeeRule = {
  id: VeeRuleId.missingInterval,
  description: 'Intervals without a value',
  check(series) {
    const missing: number[] = [];
    series.values.forEach((v, i) => {
      if (v === null) missing.push(i);
    });
    const ms = intervalMs(series);
    return {
      marks: missing.map((index) => ({ index, flags: QualityFlag.missing })),
      findings: indexRuns(missing).map(([a, b]) => ({
        ruleId: VeeRuleId.missingInterval,
        start: slotStart(series, a),
        end: slotStart(series, b) + ms,
        severity: 'warning',
        message: `${b - a + 1} missing interval(s)`,
        details: { intervals: b - a + 1 },
      })),
    };
  },
};

/**
 * Intervals received more than once or overlapping their neighbours. An identical repeat is a
 * `duplicate` (info, kept once); a repeat with another value, a start off the interval grid or a
 * length other than the series' fails the interval.
 */
export const duplicateIntervalRule: VeeRule = {
  id: VeeRuleId.duplicateInterval,
  description: 'Intervals received twice, with conflicting values, or overlapping',
  check(series, context) {
    if (!context.received?.length) return NO_RESULT;
    const ms = intervalMs(series);
    const seen = new Map<number, number | null>();
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    for (const r of context.received) {
      const index = indexAt(series, r.start);
      if (index < 0) continue;
      const aligned = (r.start - series.start) % ms === 0 && r.intervalSeconds === series.intervalSeconds;
      if (!aligned) {
        marks.push({ index, flags: QualityFlag.failedValidation | QualityFlag.partialInterval });
        findings.push({
          ruleId: VeeRuleId.duplicateInterval,
          start: r.start,
          end: r.start + r.intervalSeconds * 1000,
          severity: 'error',
          message: 'Interval overlaps the interval grid',
          details: { intervalSeconds: r.intervalSeconds, expectedSeconds: series.intervalSeconds },
        });
        continue;
      }
      if (!seen.has(r.start)) {
        seen.set(r.start, r.value);
        continue;
      }
      const first = seen.get(r.start) ?? null;
      const same = first === r.value;
      marks.push({ index, flags: QualityFlag.duplicate | (same ? 0 : QualityFlag.failedValidation) });
      findings.push({
        ruleId: VeeRuleId.duplicateInterval,
        start: r.start,
        end: r.start + ms,
        severity: same ? 'info' : 'error',
        message: same
          ? 'Interval received twice with the same value'
          : 'Interval received twice with different values',
        details: { first: first ?? 'null', repeat: r.value ?? 'null' },
      });
    }
    return { findings, marks };
  },
};

/** A series whose interval length differs from the meter group's configured length fails whole. */
export const intervalSizeRule: VeeRule = {
  id: VeeRuleId.intervalSize,
  description: 'Interval length differs from the meter group configuration',
  check(series, _context, config) {
    const expected = config.thresholds.expectedIntervalSeconds;
    if (expected === 0 || series.intervalSeconds === expected || series.values.length === 0) return NO_RESULT;
    return {
      marks: series.values.map((_, index) => ({ index, flags: QualityFlag.failedValidation })),
      findings: [
        {
          ruleId: VeeRuleId.intervalSize,
          start: series.start,
          end: slotStart(series, series.values.length),
          severity: 'error',
          message: `Interval length ${series.intervalSeconds} s, configured ${expected} s`,
          details: { intervalSeconds: series.intervalSeconds, expectedSeconds: expected },
        },
      ],
    };
  },
};

/** Values for intervals that end after the run's `now` fail: the meter's clock or the stamp is wrong. */
export const futureDatedRule: VeeRule = {
  id: VeeRuleId.futureDated,
  description: 'Values for intervals that have not ended yet',
  check(series, context) {
    const ms = intervalMs(series);
    const future: number[] = [];
    series.values.forEach((v, i) => {
      if (v !== null && slotStart(series, i) + ms > context.now) future.push(i);
    });
    return {
      marks: future.map((index) => ({ index, flags: QualityFlag.failedValidation })),
      findings: indexRuns(future).map(([a, b]) => ({
        ruleId: VeeRuleId.futureDated,
        start: slotStart(series, a),
        end: slotStart(series, b) + ms,
        severity: 'error',
        message: `${b - a + 1} interval(s) dated after ${new Date(context.now).toISOString()}`,
        details: { intervals: b - a + 1, now: context.now },
      })),
    };
  },
};
