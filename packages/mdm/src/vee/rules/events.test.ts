import { type MeterEvent, meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import { clockAdjustments, outageWindows } from '../context.js';
import type { ChannelSeries } from '../series.js';
import { clockAdjustedRule, deviceStatusRule, powerOutageRule, tamperEventRule } from './events.js';

const Q = 900_000;
const T0 = Date.UTC(2026, 1, 2);
const m = meterId('GM00000001');
const series = (n: number, deviceStatus?: number[]): ChannelSeries => ({
  meterId: m,
  channel: '1-0:1.8.0*255',
  intervalSeconds: 900,
  start: T0,
  values: new Array(n).fill(10),
  quality: new Array(n).fill(0),
  ...(deviceStatus ? { deviceStatus } : {}),
});
const ev = (code: number, occurredAt: number, log: MeterEvent['log'] = 'standard'): MeterEvent => ({
  meterId: m,
  code,
  occurredAt,
  log,
  source: 'log',
});
const cfg = veeConfig();
const now = T0 + 100 * Q;

describe('power-outage', () => {
  it('turns events 234/235 into a window and flags whole and partial intervals', () => {
    // Off from 0:20 to 1:00: interval 1 (0:15–0:30) partly, 2 and 3 wholly.
    const outages = outageWindows(
      [ev(234, T0 + 20 * 60_000, 'power-failure'), ev(235, T0 + 4 * Q, 'power-failure')],
      now,
    );
    expect(outages).toEqual([{ start: T0 + 20 * 60_000, end: T0 + 4 * Q }]);
    const r = powerOutageRule.check(series(6), { now, outages }, cfg);
    expect(r.marks).toEqual([
      { index: 1, flags: QualityFlag.powerOutage | QualityFlag.partialInterval },
      { index: 2, flags: QualityFlag.powerOutage },
      { index: 3, flags: QualityFlag.powerOutage },
    ]);
    expect(r.findings[0]).toMatchObject({ severity: 'info', details: { minutes: 40 } });
  });
  it('an unclosed power down (event 1) lasts until the end; without outages nothing is flagged', () => {
    expect(outageWindows([ev(1, T0 + Q)], T0 + 3 * Q)).toEqual([{ start: T0 + Q, end: T0 + 3 * Q }]);
    expect(powerOutageRule.check(series(6), { now }, cfg).findings).toEqual([]);
  });
});

describe('clock-adjusted', () => {
  it('flags the intervals between the old and the new time (events 4/5, set back 20 min)', () => {
    const adj = clockAdjustments([ev(4, T0 + 2 * Q + 10 * 60_000), ev(5, T0 + Q + 5 * 60_000)]);
    expect(adj).toEqual([
      { at: T0 + Q + 5 * 60_000, oldTime: T0 + 2 * Q + 10 * 60_000, newTime: T0 + Q + 5 * 60_000 },
    ]);
    const r = clockAdjustedRule.check(series(6), { now, clockAdjustments: adj }, cfg);
    expect(r.marks).toEqual([1, 2].map((index) => ({ index, flags: QualityFlag.clockAdjusted })));
    expect(r.findings[0]!.details).toMatchObject({ shiftMs: -20 * 60_000 });
  });
  it('flags nothing without adjustments or when they fall outside the series', () => {
    expect(clockAdjustedRule.check(series(6), { now }, cfg).findings).toEqual([]);
    const late = [{ at: T0 + 50 * Q, newTime: T0 + 50 * Q }];
    expect(clockAdjustedRule.check(series(6), { now, clockAdjustments: late }, cfg).findings).toEqual([]);
  });
});

describe('device-status', () => {
  it('fails data-not-valid (0x04), and records clock adjusted (0x20) and power down (0x80)', () => {
    const r = deviceStatusRule.check(series(4, [0, 0x04, 0x20, 0x80]), { now }, cfg);
    expect(r.marks).toEqual([
      { index: 1, flags: QualityFlag.deviceInvalid | QualityFlag.failedValidation },
      { index: 2, flags: QualityFlag.clockAdjusted },
      { index: 3, flags: QualityFlag.powerOutage },
    ]);
    expect(r.findings.map((f) => f.severity)).toEqual(['error', 'info', 'info']);
  });
  it('ignores the daylight saving bit (0x08) and a clean status', () => {
    expect(deviceStatusRule.check(series(2, [0, 0x08]), { now }, cfg).findings).toEqual([]);
  });
});

describe('tamper-event', () => {
  it('flags the interval of a meter cover opening (event 44)', () => {
    const r = tamperEventRule.check(series(4), { now, events: [ev(44, T0 + 2 * Q + 1, 'fraud')] }, cfg);
    expect(r.marks).toEqual([{ index: 2, flags: QualityFlag.tamper | QualityFlag.suspect }]);
  });
  it('ignores the cover closing (45, info) and standard events', () => {
    const events = [ev(45, T0 + Q, 'fraud'), ev(1, T0 + Q)];
    expect(tamperEventRule.check(series(4), { now, events }, cfg).findings).toEqual([]);
  });
});
