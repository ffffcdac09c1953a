import { QualityFlag } from '@gridmeter/domain';
import { type Finding, type FlagMark, NO_RESULT, type VeeRule, VeeRuleId } from '../finding.js';
import { DAY_MS, localDayStart, median, UNTRUSTED, ValueLookup, WEEK_MS } from '../lookup.js';
import { indexAt, intervalMs, slotStart } from '../series.js';

/**
 * A spike: a value above `spikeRatio` × the median of the same slot over the last
 * `spikeHistoryDays` days, above `spikeNeighbourRatio` × its larger neighbour, and at least
 * `spikeMinExcessWh` above that median. Needs 3 history days for the slot. Sets `suspect`.
 */
export const spikeRule: VeeRule = {
  id: VeeRuleId.spike,
  description: "Value far above its neighbours and the same slot's history median",
  check(series, context, config) {
    const t = config.thresholds;
    const lookup = new ValueLookup(series, context.history);
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    const ms = intervalMs(series);
    series.values.forEach((v, i) => {
      if (v === null || v <= 0 || (series.quality[i]! & UNTRUSTED) !== 0) return;
      const prev = series.values[i - 1] ?? null;
      const next = series.values[i + 1] ?? null;
      const neighbour = Math.max(prev ?? 0, next ?? 0);
      if (prev === null && next === null) return;
      if (v <= t.spikeNeighbourRatio * neighbour) return;
      const start = slotStart(series, i);
      const past: number[] = [];
      for (let d = 1; d <= t.spikeHistoryDays; d++) {
        const h = lookup.at(start - d * DAY_MS);
        if (h !== null) past.push(h);
      }
      if (past.length < 3) return;
      const m = median(past);
      if (v <= t.spikeRatio * m || v - m < t.spikeMinExcessWh) return;
      marks.push({ index: i, flags: QualityFlag.suspect });
      findings.push({
        ruleId: VeeRuleId.spike,
        start,
        end: start + ms,
        severity: 'warning',
        message: `Spike of ${v} against a slot median of ${m} and neighbours ≤ ${neighbour}`,
        details: { value: v, slotMedian: m, neighbour, historyDays: past.length },
      });
    });
    return { findings, marks };
  },
};

interface DayTotal {
  readonly dayStart: number;
  readonly from: number;
  readonly to: number;
  readonly totalWh: number;
}

/** Totals of the local days the series holds completely with trusted values. */
function completeDays(
  series: Parameters<VeeRule['check']>[0],
  utcOffsetMinutes: number,
  lookup: ValueLookup,
): DayTotal[] {
  const ms = intervalMs(series);
  const perDay = DAY_MS / ms;
  const out: DayTotal[] = [];
  let day = localDayStart(series.start, utcOffsetMinutes);
  if (day < series.start) day += DAY_MS;
  for (; indexAt(series, day + DAY_MS - ms) >= 0; day += DAY_MS) {
    const from = indexAt(series, day);
    let total = 0;
    let ok = true;
    for (let k = 0; k < perDay && ok; k++) {
      const v = lookup.at(day + k * ms);
      if (v === null) ok = false;
      else total += v;
    }
    if (ok) out.push({ dayStart: day, from, to: from + perDay, totalWh: total });
  }
  return out;
}

/** Same-weekday daily totals over the previous `weeks` weeks (complete, trusted days only). */
function weekdayHistory(lookup: ValueLookup, dayStart: number, ms: number, weeks: number): number[] {
  const perDay = DAY_MS / ms;
  const out: number[] = [];
  for (let w = 1; w <= weeks; w++) {
    const d = dayStart - w * WEEK_MS;
    let total = 0;
    let ok = true;
    for (let k = 0; k < perDay && ok; k++) {
      const v = lookup.at(d + k * ms);
      if (v === null) ok = false;
      else total += v;
    }
    if (ok) out.push(total);
  }
  return out;
}

function usageRule(kind: 'high' | 'low'): VeeRule {
  const id = kind === 'high' ? VeeRuleId.highUsage : VeeRuleId.lowUsage;
  return {
    id,
    description:
      kind === 'high'
        ? 'Daily total far above the same weekday in history'
        : 'Daily total far below the same weekday in history',
    check(series, context, config) {
      const t = config.thresholds;
      const lookup = new ValueLookup(series, context.history);
      const ms = intervalMs(series);
      if (DAY_MS % ms !== 0) return NO_RESULT;
      const findings: Finding[] = [];
      const marks: FlagMark[] = [];
      const explained = [...(context.outages ?? []), ...(context.disconnections ?? [])];
      for (const day of completeDays(series, context.utcOffsetMinutes ?? 0, lookup)) {
        // A day with an outage or an open relay is low for a known reason.
        if (explained.some((w) => w.start < day.dayStart + DAY_MS && w.end > day.dayStart)) continue;
        const past = weekdayHistory(lookup, day.dayStart, ms, t.usageHistoryWeeks);
        if (past.length < 2) continue;
        const m = median(past);
        if (m < t.usageMinMedianWh) continue;
        const ratio = day.totalWh / m;
        const out = kind === 'high' ? ratio > t.highUsageRatio : ratio < t.lowUsageRatio;
        if (!out) continue;
        for (let i = day.from; i < day.to; i++) marks.push({ index: i, flags: QualityFlag.suspect });
        findings.push({
          ruleId: id,
          start: day.dayStart,
          end: day.dayStart + DAY_MS,
          severity: 'warning',
          message: `Daily total ${day.totalWh} Wh is ${ratio.toFixed(2)} × the same-weekday median ${m} Wh`,
          details: {
            totalWh: day.totalWh,
            weekdayMedianWh: m,
            ratio,
            weeks: past.length,
            bound: kind === 'high' ? t.highUsageRatio : t.lowUsageRatio,
          },
        });
      }
      return { findings, marks };
    },
  };
}

/** Daily total above `highUsageRatio` × the median of the same weekday's totals in history. */
export const highUsageRule: VeeRule = usageRule('high');

/**
 * Daily total below `lowUsageRatio` × the median of the same weekday's totals in history. Days
 * touched by an outage or a disconnection are skipped by both usage rules.
 */
export const lowUsageRule: VeeRule = usageRule('low');
