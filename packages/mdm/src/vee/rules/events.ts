import { eventCodeInfo, QualityFlag } from '@gridmeter/domain';
import { type Finding, type FlagMark, type VeeRule, VeeRuleId } from '../finding.js';
import { type ChannelSeries, indexAt, intervalMs, seriesEnd, slotStart } from '../series.js';

/** Indices of the intervals that overlap `[start, end]` (a zero-length range gives its interval). */
function overlapping(series: ChannelSeries, start: number, end: number): number[] {
  const ms = intervalMs(series);
  const lo = Math.max(0, Math.floor((start - series.start) / ms));
  const hi = Math.min(series.values.length - 1, Math.ceil((end - series.start) / ms) - (end > start ? 1 : 0));
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

/**
 * Clock adjustments (events 4/5): the interval holding the adjustment, and every interval between
 * the old and the new time, is shorter or longer than nominal. Sets `clockAdjusted`.
 */
export const clockAdjustedRule: VeeRule = {
  id: VeeRuleId.clockAdjusted,
  description: 'Clock adjusted during the interval',
  check(series, context) {
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    for (const a of context.clockAdjustments ?? []) {
      const old = a.oldTime ?? a.newTime;
      const lo = Math.min(old, a.newTime, a.at);
      const hi = Math.max(old, a.newTime, a.at);
      if (hi < series.start || lo >= seriesEnd(series)) continue;
      const idx = overlapping(series, lo, hi);
      if (idx.length === 0) continue;
      for (const index of idx) marks.push({ index, flags: QualityFlag.clockAdjusted });
      const shiftMs = a.newTime - old;
      findings.push({
        ruleId: VeeRuleId.clockAdjusted,
        start: slotStart(series, idx[0]!),
        end: slotStart(series, idx[idx.length - 1]!) + intervalMs(series),
        severity: 'warning',
        message: `Clock adjusted by ${shiftMs / 1000} s at ${new Date(a.at).toISOString()}`,
        details: { shiftMs, at: a.at, intervals: idx.length },
      });
    }
    return { findings, marks };
  },
};

/**
 * Outage windows: every interval the supply was off for sets `powerOutage`, and `partialInterval`
 * when the supply was on for part of it. Estimation fills these with zero, not consumption.
 */
export const powerOutageRule: VeeRule = {
  id: VeeRuleId.powerOutage,
  description: 'Supply interrupted during the interval',
  check(series, context) {
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    const ms = intervalMs(series);
    for (const w of context.outages ?? []) {
      if (w.end <= series.start || w.start >= seriesEnd(series) || w.end <= w.start) continue;
      const idx = overlapping(series, w.start, w.end);
      for (const index of idx) {
        const s = slotStart(series, index);
        const whole = w.start <= s && w.end >= s + ms;
        marks.push({ index, flags: QualityFlag.powerOutage | (whole ? 0 : QualityFlag.partialInterval) });
      }
      findings.push({
        ruleId: VeeRuleId.powerOutage,
        start: w.start,
        end: w.end,
        severity: 'info',
        message: `Supply off for ${Math.round((w.end - w.start) / 60_000)} min`,
        details: { minutes: (w.end - w.start) / 60_000, intervals: idx.length },
      });
    }
    return { findings, marks };
  },
};

/** IDIS AMR profile status bits (the status column of the load profile). */
export const AmrStatusBit = {
  criticalError: 1 << 0,
  clockInvalid: 1 << 1,
  dataNotValid: 1 << 2,
  daylightSaving: 1 << 3,
  clockAdjusted: 1 << 5,
  powerDown: 1 << 7,
} as const;

/**
 * The meter's own status per interval: bits in `statusInvalidMask` fail the interval
 * (`deviceInvalid`), clock adjusted sets `clockAdjusted`, power down sets `powerOutage`.
 */
export const deviceStatusRule: VeeRule = {
  id: VeeRuleId.deviceStatus,
  description: "The meter's status marks the interval invalid, clock-adjusted or powered down",
  check(series, _context, config) {
    const status = series.deviceStatus;
    if (!status) return { findings: [], marks: [] };
    const mask = config.thresholds.statusInvalidMask;
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    const ms = intervalMs(series);
    status.forEach((s, index) => {
      let flags = 0;
      if (s & mask) flags |= QualityFlag.deviceInvalid | QualityFlag.failedValidation;
      if (s & AmrStatusBit.clockAdjusted) flags |= QualityFlag.clockAdjusted;
      if (s & AmrStatusBit.powerDown) flags |= QualityFlag.powerOutage;
      if (flags === 0) return;
      marks.push({ index, flags });
      const start = slotStart(series, index);
      findings.push({
        ruleId: VeeRuleId.deviceStatus,
        start,
        end: start + ms,
        severity: s & mask ? 'error' : 'info',
        message: `Meter status 0x${s.toString(16).padStart(2, '0')}`,
        details: { status: s },
      });
    });
    return { findings, marks };
  },
};

/** Fraud-log alarms (cover opened, strong DC field, authentication failures) set `tamper` on their interval. */
export const tamperEventRule: VeeRule = {
  id: VeeRuleId.tamperEvent,
  description: 'Tamper or fraud alarm during the interval',
  check(series, context) {
    const findings: Finding[] = [];
    const marks: FlagMark[] = [];
    const ms = intervalMs(series);
    for (const e of context.events ?? []) {
      const info = eventCodeInfo(e.code, e.log);
      if (info.log !== 'fraud' || info.severity !== 'alarm') continue;
      const index = indexAt(series, e.occurredAt);
      if (index < 0) continue;
      marks.push({ index, flags: QualityFlag.tamper | QualityFlag.suspect });
      const start = slotStart(series, index);
      findings.push({
        ruleId: VeeRuleId.tamperEvent,
        start,
        end: start + ms,
        severity: 'warning',
        message: `${info.name} (event ${e.code})`,
        details: { code: e.code, at: e.occurredAt },
      });
    }
    return { findings, marks };
  },
};
