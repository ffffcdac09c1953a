import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meterIdOf, meterIndexOfId, meterKindOf } from '../meter/identity.js';
import { Topology } from '../topology/topology.js';
import { ScenarioError } from './errors.js';
import { parseScenarioFile } from './file.js';
import { ScenarioSchedule } from './schedule.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const spec = { seed: 7, meters: 2000, utcOffsetMinutes: 60, historyStart: Date.UTC(2026, 0, 1) };
const topology = new Topology(spec);
const kindOf = (i: number) => meterKindOf(spec, topology, i);
const week = readFileSync(new URL('./fixtures/week.json', import.meta.url), 'utf8');
const make = (now?: () => number) =>
  new ScenarioSchedule({
    seed: 7,
    topology,
    kindOf,
    utcOffsetMinutes: 60,
    scenarios: parseScenarioFile(week, { topology }),
    ...(now ? { now } : {}),
  });
const schedule = make();
const meter = (id: string) => schedule.forMeter(meterIndexOfId(id, topology)!);
const utc = (text: string) => Date.parse(text);

describe('ScenarioSchedule: outages', () => {
  const t3 = topology.transformer(3);
  const outageStart = utc('2026-01-07T14:10:00Z');
  const outageEnd = utc('2026-01-07T16:45:00Z');

  it('cuts supply to every customer meter of the transformer and its check meter', () => {
    for (const i of [...t3.meterIndices, t3.checkMeterIndex]) {
      const m = schedule.forMeter(i);
      expect(m.supplyOn(outageStart - 1)).toBe(true);
      expect(m.supplyOn(outageStart)).toBe(false);
      expect(m.supplyOn(outageEnd - 1)).toBe(false);
      expect(m.supplyOn(outageEnd)).toBe(true);
    }
    const neighbour = schedule.forMeter(topology.transformer(4).meterIndices[0]!);
    expect(neighbour.supplyOn(outageStart + HOUR)).toBe(true);
  });

  it('gives a power-down edge at the start and a power-up edge at the end', () => {
    const m = schedule.forMeter(t3.meterIndices[0]!);
    expect(m.supplyEdges(utc('2026-01-07'), utc('2026-01-08'))).toEqual([
      { at: outageStart, on: false, scenarioId: 'outage-t3' },
      { at: outageEnd, on: true, scenarioId: 'outage-t3' },
    ]);
    expect(m.supplyEdges(outageStart + 1, outageEnd)).toEqual([]);
    expect(m.suppliedShare(outageStart - HOUR, outageStart + HOUR)).toBe(0.5);
  });

  it('merges overlapping outages into one power-down and one power-up', () => {
    const s = make();
    s.add({
      id: 'feeder-trip',
      type: 'outage',
      target: { feeder: t3.feederId },
      start: outageStart + HOUR,
      end: outageEnd + HOUR,
    });
    expect(s.forMeter(t3.checkMeterIndex).supplyEdges(0, outageEnd + DAY)).toEqual([
      { at: outageStart, on: false, scenarioId: 'outage-t3' },
      { at: outageEnd + HOUR, on: true, scenarioId: 'feeder-trip' },
    ]);
  });
});

describe('ScenarioSchedule: meter conditions', () => {
  it('applies a feeder sag and swell as a voltage factor, also at check meters', () => {
    const inF1 = topology.transformer(topology.transformerIndex(topology.feeder(1).transformerIds[0]!)!);
    for (const i of [inF1.meterIndices[0]!, inF1.checkMeterIndex]) {
      expect(schedule.forMeter(i).voltageFactor(utc('2026-01-08T07:40Z'))).toBeCloseTo(0.88, 12);
      expect(schedule.forMeter(i).voltageFactor(utc('2026-01-08T07:50Z'))).toBe(1);
    }
    expect(schedule.forMeter(0).voltageFactor(utc('2026-01-10T03:01Z'))).toBeCloseTo(1.08, 12);
    expect(schedule.forMeter(0).voltageFactor(utc('2026-01-08T07:40Z'))).toBe(1);
  });

  it('accumulates clock offset: N hours at P ppm = N·3600e3·P/1e6 ms', () => {
    const m = meter('GM00000021');
    const start = utc('2026-01-05T00:00Z');
    expect(m.clockDriftPpm(start + HOUR)).toBe(50);
    expect(m.clockOffsetMs(start + 10 * HOUR)).toBe((10 * 3600e3 * 50) / 1e6);
    expect(m.clockOffsetMs(start + 7 * DAY)).toBe((7 * 24 * 3600e3 * 50) / 1e6);
    expect(m.clockOffsetMs(start - HOUR)).toBe(0);
    expect(m.clockDriftPpm(start - 1)).toBe(0);
  });

  it('keeps the offset a bounded drift gained after it ends', () => {
    const s = make();
    const from = utc('2026-02-01T00:00Z');
    s.add({
      id: 'drift-slow',
      type: 'clock-drift',
      ppm: -20,
      target: { meters: ['GM00000030'] },
      start: from,
      end: from + 5 * HOUR,
    });
    const m = s.forMeter(29);
    expect(m.clockOffsetMs(from + 5 * HOUR)).toBe(-360);
    expect(m.clockOffsetMs(from + 50 * HOUR)).toBe(-360);
    expect(m.clockDriftPpm(from + 6 * HOUR)).toBe(0);
  });

  it('makes a meter unreachable for a while and a rebooting meter briefly', () => {
    const m = meter('GM00000022');
    expect(m.reachable(utc('2026-01-06T07:59Z'))).toBe(true);
    expect(m.reachable(utc('2026-01-06T08:00Z'))).toBe(false);
    expect(m.reachable(utc('2026-01-07T19:59Z'))).toBe(false);
    expect(m.reachable(utc('2026-01-07T20:00Z'))).toBe(true);
    const r = meter('GM00000023');
    const at = utc('2026-01-08T02:00Z');
    expect(r.reboots(utc('2026-01-08'), utc('2026-01-09'))).toEqual([{ at, scenarioId: 'reboot-23' }]);
    expect(r.reboots(at + 1, utc('2026-01-09'))).toEqual([]);
    expect(r.reachable(at + 60_000)).toBe(false);
    expect(r.reachable(at + 90_000)).toBe(true);
  });

  it('reports tamper detection at start and clearance at end', () => {
    expect(meter('GM00000011').tamperEvents(utc('2026-01-04'), utc('2026-01-06'))).toEqual([
      {
        at: utc('2026-01-04T23:58Z'),
        tamper: 'terminal-cover',
        state: 'detected',
        scenarioId: 'tamper-cover',
      },
      {
        at: utc('2026-01-05T00:01Z'),
        tamper: 'terminal-cover',
        state: 'cleared',
        scenarioId: 'tamper-cover',
      },
    ]);
    expect(meter('GM00000020').tamperEvents(utc('2026-01-10'), utc('2026-01-11'))).toEqual([
      {
        at: utc('2026-01-10T19:00Z'),
        tamper: 'magnetic-field',
        state: 'cleared',
        scenarioId: 'tamper-magnet',
      },
    ]);
  });

  it('fails only the named firmware module, only in the window', () => {
    const m = meter('GM00000024');
    expect(m.firmwareFailure('communication', utc('2026-01-10T12:00Z'))).toBe(true);
    expect(m.firmwareFailure('metrology', utc('2026-01-10T12:00Z'))).toBe(false);
    expect(m.firmwareFailure('communication', utc('2026-01-11T00:00Z'))).toBe(false);
  });
});

describe('ScenarioSchedule: theft', () => {
  it('registers 0.6 of the truth under a constant-factor bypass, from its start', () => {
    const m = meter('GM00000011');
    expect(m.registered(1000, utc('2026-01-04T23:45Z'), 900)).toBe(1000);
    expect(m.registered(1000, utc('2026-01-05T00:00Z'), 900)).toBe(600);
  });

  it('registers nothing in the local night window (fleet at UTC+1)', () => {
    const m = meter('GM00000012');
    expect(m.registered(500, utc('2026-01-06T22:00Z'), 900)).toBe(0); // 23:00 local
    expect(m.registered(500, utc('2026-01-06T11:00Z'), 900)).toBe(500); // 12:00 local
    expect(m.registered(500, utc('2026-01-12T22:00Z'), 900)).toBe(500); // after the theft
  });

  it('caps, subtracts and ramps per interval', () => {
    expect(meter('GM00000013').registered(400, utc('2026-01-07T00:00Z'), 900)).toBe(150);
    expect(meter('GM00000014').registered(400, utc('2026-01-06T11:45Z'), 900)).toBe(400);
    expect(meter('GM00000015').registered(400, utc('2026-01-07T00:00Z'), 900)).toBe(360);
    // 6-day ramp to 0.4: three days in, the factor is 0.7
    expect(meter('GM00000016').registered(1000, utc('2026-01-08T00:00Z') - 450_000, 900)).toBe(700);
  });

  it('draws the random factor per interval within [min, max] for each picked meter', () => {
    const picked = Array.from({ length: topology.fleetSize }, (_, i) => i).filter((i) =>
      schedule.forMeter(i).scenarios.some((s) => s.id === 'theft-random'),
    );
    expect(picked.length).toBeGreaterThan(5);
    expect(picked.every((i) => ['household', 'prosumer'].includes(kindOf(i)))).toBe(true);
    for (const i of picked.slice(0, 5)) {
      for (let k = 0; k < 96; k++) {
        const wh = schedule.forMeter(i).registered(2000, utc('2026-01-07') + k * 900_000, 900);
        expect(wh).toBeGreaterThanOrEqual(600);
        expect(wh).toBeLessThanOrEqual(1400);
        expect(schedule.forMeter(i).registered(2000, utc('2026-01-07') + k * 900_000, 900)).toBe(wh);
      }
    }
  });
});

describe('ScenarioSchedule: windows, runtime additions, log', () => {
  it('changes nothing for any meter outside the scenarios’ windows', () => {
    const before = utc('2026-01-04T23:58Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: topology.fleetSize - 1 }),
        fc.integer({ min: utc('2025-12-01'), max: before - 1 }),
        fc.integer({ min: 0, max: 100_000 }),
        (index, t, wh) => {
          const m = schedule.forMeter(index);
          expect(m.supplyOn(t)).toBe(true);
          expect(m.voltageFactor(t)).toBe(1);
          expect(m.clockDriftPpm(t)).toBe(0);
          expect(m.clockOffsetMs(t)).toBe(0);
          expect(m.reachable(t)).toBe(true);
          expect(m.firmwareFailure('metrology', t) || m.firmwareFailure('communication', t)).toBe(false);
          expect(m.registered(wh, t - 900_000, 900)).toBe(wh);
          expect(m.active(t)).toEqual([]);
          expect(m.reboots(0, before)).toEqual([]);
          expect(m.tamperEvents(0, before)).toEqual([]);
          expect(m.supplyEdges(0, before)).toEqual([]);
        },
      ),
    );
  });

  it('lists the scenarios in force at a time', () => {
    const m = meter('GM00000011');
    expect(m.active(utc('2026-01-05T00:00Z')).map((s) => s.id)).toEqual(['tamper-cover', 'theft-bypass']);
    expect(m.active(utc('2026-01-06T00:00Z')).map((s) => s.id)).toEqual(['theft-bypass']);
  });

  it('validates scenarios added at run time and shows them to meters already asked', () => {
    let now = utc('2026-01-06T00:00Z');
    const s = make(() => now);
    const m = s.forMeter(1500);
    expect(m.supplyOn(now + HOUR)).toBe(true);
    s.add({
      id: 'live',
      type: 'outage',
      target: { meters: ['GM00001501'] },
      start: now + HOUR,
      end: now + 2 * HOUR,
    });
    expect(m.supplyOn(now + HOUR)).toBe(false);
    now += DAY;
    expect(() =>
      s.add({ id: 'late', type: 'outage', target: { meters: ['GM00001501'] }, start: now - 1 }),
    ).toThrow(ScenarioError);
    expect(() =>
      s.add({ id: 'live', type: 'reboot', target: { meters: ['GM00001501'] }, start: now }),
    ).toThrow('Scenario ("live"): id is already scheduled');
    expect(() => s.add({ id: 'bad', type: 'reboot', target: { transformer: 'T99999' }, start: now })).toThrow(
      'target.transformer',
    );
  });

  it('caches the view of a meter with scenarios', () => {
    expect(meter('GM00000011')).toBe(meter('GM00000011'));
    expect(() => schedule.forMeter(topology.fleetSize)).toThrow(RangeError);
  });

  it('logs every scenario with its window, meters and details', () => {
    const log = schedule.log();
    expect(log).toHaveLength(15);
    expect(log[0]?.id).toBe('tamper-cover');
    const t3 = topology.transformer(3);
    const outage = log.find((e) => e.id === 'outage-t3')!;
    expect(outage).toMatchObject({
      type: 'outage',
      start: utc('2026-01-07T14:10Z'),
      end: utc('2026-01-07T16:45Z'),
    });
    expect(outage.meterCount).toBe(t3.meterIndices.length + 1);
    expect(outage.meters).toEqual(
      [...t3.meterIndices, t3.checkMeterIndex].map((i) => meterIdOf(i, topology)),
    );
    expect(outage.target).toBe(
      `transformer T00003: ${t3.meterIndices.length} customer meters and 1 check meter(s)`,
    );
    expect(log.find((e) => e.id === 'theft-cap')?.details).toEqual({
      model: { kind: 'capping', capWh: 150 },
    });
    expect(log.find((e) => e.id === 'sag-f1')?.details).toEqual({ percent: 12 });
    const random = log.find((e) => e.id === 'theft-random')!;
    expect(random.target).toMatch(/^fraction 0.01 of household, prosumer meters: \d+ meters$/);
    expect(random.meters).toHaveLength(random.meterCount);
    const short = schedule.log({ listLimit: 1 });
    expect(short.find((e) => e.id === 'outage-t3')).not.toHaveProperty('meters');
    expect(short.find((e) => e.id === 'theft-bypass')?.meters).toEqual(['GM00000011']);
  });
});
