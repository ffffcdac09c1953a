import { type MeterEvent, QualityFlag, type RegisterRead } from '@gridmeter/domain';
import {
  type ChannelSeries,
  clockAdjustments,
  disconnectionWindows,
  outageWindows,
  type VeeContext,
  VeeEngine,
  veeConfig,
} from '@gridmeter/mdm';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const Q = 900_000;
const NOW = Date.UTC(2026, 9, 1);
const MONTH_START = NOW - 28 * DAY;
const HISTORY_START = MONTH_START - 35 * DAY;
const METERS = 12;

// One outage of 3 h on meter 3 during the month (events 1/2 and 234/235 in its logs).
const OUTAGE = {
  start: MONTH_START + 10 * DAY + 14 * 3_600_000,
  end: MONTH_START + 10 * DAY + 17 * 3_600_000,
};
const fleet = new Fleet({
  spec: { seed: 11, meters: METERS, mix: { household: 1 }, historyStart: HISTORY_START },
  clock: new SimClock(NOW, { frozen: true }),
  scenarios: [{ id: 'storm', type: 'outage', target: { meters: ['GM00000004'] }, ...OUTAGE }],
});

/** A meter's import channel from its load profile (interval = difference of the cumulative register). */
function profileSeries(
  index: number,
  from: number,
  to: number,
): { series: ChannelSeries; reads: RegisterRead[] } {
  const r = fleet.runtime(index);
  const entries = r.meter.profile(from - Q, to);
  const values: number[] = [];
  const status: number[] = [];
  for (let k = 1; k < entries.length; k++) {
    values.push(entries[k]!.activeImportWh - entries[k - 1]!.activeImportWh);
    status.push(entries[k]!.status);
  }
  const id = r.identity.id as ChannelSeries['meterId'];
  const read = (e: (typeof entries)[number]): RegisterRead => ({
    meterId: id,
    register: '1-0:1.8.0*255',
    readAt: e.end,
    value: BigInt(e.activeImportWh),
    unit: 30,
    quality: 0,
  });
  return {
    series: {
      meterId: id,
      channel: '1-0:1.8.0*255',
      intervalSeconds: 900,
      start: from,
      values,
      quality: values.map(() => 0),
      deviceStatus: status,
    },
    reads: [read(entries[0]!), read(entries[entries.length - 1]!)],
  };
}

function contextFor(
  index: number,
  extraEvents: MeterEvent[] = [],
): { series: ChannelSeries; context: VeeContext } {
  const m = fleet.runtime(index).meter;
  const { series, reads } = profileSeries(index, MONTH_START, NOW);
  const history = profileSeries(index, HISTORY_START + DAY, MONTH_START).series;
  const toEvent = (e: { meterTime: number; code: number; log: string }): MeterEvent => ({
    meterId: series.meterId,
    occurredAt: e.meterTime,
    code: e.code,
    log: e.log as MeterEvent['log'],
    source: 'log',
  });
  const standard = [...m.eventLog('standard', MONTH_START, NOW).map(toEvent), ...extraEvents];
  const power = m.eventLog('power-failure', MONTH_START, NOW).map(toEvent);
  const disconnect = m.eventLog('disconnect', HISTORY_START, NOW).map(toEvent);
  return {
    series,
    context: {
      now: NOW,
      history,
      registerReads: reads,
      outages: outageWindows([...standard, ...power], NOW),
      disconnections: disconnectionWindows(disconnect, NOW),
      clockAdjustments: clockAdjustments(standard),
      events: standard,
      hasGeneration: false,
    },
  };
}

const engine = new VeeEngine();
const config = veeConfig();

describe('VEE on a simulated month', () => {
  it('finds nothing but info on the clean meters', () => {
    for (let i = 0; i < METERS; i++) {
      if (i === 3) continue;
      const { series, context } = contextFor(i);
      const r = engine.run(series, context, config);
      expect(
        r.findings.filter((f) => f.severity !== 'info'),
        `meter ${i}`,
      ).toEqual([]);
      expect(r.estimations).toEqual([]);
    }
  });

  it('flags the outage from the fleet scenario and fills it with zero kept as outage', () => {
    const { series, context } = contextFor(3);
    expect(context.outages).toEqual([OUTAGE]);
    const r = engine.run(
      {
        ...series,
        values: series.values.map((v, i) =>
          series.start + i * Q >= OUTAGE.start && series.start + i * Q < OUTAGE.end ? null : v,
        ),
      },
      context,
      config,
    );
    const outageFindings = r.findings.filter((f) => f.ruleId === 'power-outage');
    expect(outageFindings).toMatchObject([{ start: OUTAGE.start, end: OUTAGE.end }]);
    const first = (OUTAGE.start - MONTH_START) / Q;
    for (let i = first; i < first + 12; i++) {
      expect(r.series.values[i]).toBe(0);
      expect(r.series.quality[i]! & (QualityFlag.powerOutage | QualityFlag.estimated)).toBe(
        QualityFlag.powerOutage | QualityFlag.estimated,
      );
    }
    expect(r.estimations.map((e) => e.method)).toEqual(['outage-zero']);
    // The meter registered nothing while off, so no other rule fires.
    expect(
      r.findings.filter((f) => !['power-outage', 'missing-interval', 'device-status'].includes(f.ruleId)),
    ).toEqual([]);
  });

  it('flags injected gaps, spikes and clock adjustments, and estimates the gaps to the register', () => {
    const { series, context } = contextFor(1);
    const values = [...series.values] as (number | null)[];
    // A 2 h gap (8 intervals) and a 1-day gap (96 intervals).
    const shortGap = 5 * 96 + 40;
    const longGap = 12 * 96;
    for (let i = shortGap; i < shortGap + 8; i++) values[i] = null;
    for (let i = longGap; i < longGap + 96; i++) values[i] = null;
    // Spikes: 3,000 Wh (12 kW for 15 min) at 03:00 on two nights.
    const spikes = [20 * 96 + 12, 24 * 96 + 12];
    for (const i of spikes) values[i] = 3000;
    // A clock set back 10 minutes on day 15 (events 4/5), from 08:15 to 08:05: the 08:00 interval runs twice.
    const at = MONTH_START + 15 * DAY + 8 * 3_600_000 + 5 * 60_000;
    const clock: MeterEvent[] = [
      { meterId: series.meterId, occurredAt: at + 600_000, code: 4, log: 'standard', source: 'log' },
      { meterId: series.meterId, occurredAt: at, code: 5, log: 'standard', source: 'log' },
    ];
    const ctx = { ...context, clockAdjustments: clockAdjustments(clock) };
    const r = engine.run({ ...series, values }, ctx, config);
    const by = (rule: string) => r.findings.filter((f) => f.ruleId === rule);
    expect(by('missing-interval').map((f) => (f.end - f.start) / Q)).toEqual([8, 96]);
    expect(by('spike').map((f) => (f.start - MONTH_START) / Q)).toEqual(spikes);
    expect(by('clock-adjusted')).toMatchObject([
      { start: MONTH_START + 15 * DAY + 32 * Q, end: MONTH_START + 15 * DAY + 33 * Q },
    ]);
    // Spikes are doubtful, not failed: the register sum still holds them, so they are kept.
    for (const i of spikes) expect(r.validated.quality[i]! & QualityFlag.suspect).toBe(QualityFlag.suspect);
    // The 2 h gap is interpolated; the 1-day gap takes the history profile scaled to the register.
    expect(r.estimations.map((e) => [e.method, e.intervals, e.scaleBasis])).toEqual([
      ['linear-interpolation', 8, undefined],
      ['history-profile', 96, 'register'],
    ]);
    // The register delta of the month, minus the injected spike energy, is what the intervals now sum to.
    const delta = Number(context.registerReads![1]!.value - context.registerReads![0]!.value);
    const spikeExtra = spikes.reduce((s, i) => s + 3000 - series.values[i]!, 0);
    // With a day missing, the present intervals stay under the delta: the sum check cannot see the
    // spikes' extra energy (the spike rule does).
    expect(by('register-mismatch')).toEqual([]);
    // The day's gap takes what the register leaves after every other interval, so the month sums to
    // the delta exactly; the suspect spikes' extra energy comes out of the gap's share.
    expect(spikeExtra).toBeGreaterThan(5000);
    expect(r.series.values.reduce<number>((s, v) => s + (v ?? 0), 0)).toBe(delta);
  });
});
