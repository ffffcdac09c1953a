import { describe, expect, it } from 'vitest';
import { Fleet } from '../fleet/fleet.js';
import { SimClock } from '../fleet/sim-clock.js';
import type { Scenario } from '../scenarios/types.js';
import { MAX_DEMAND_W, Quantity, slot } from './registers.js';
import { AmrStatus, INTERVAL_SECONDS } from './virtual-meter.js';

const DAY = 86_400_000;
const HISTORY = Date.UTC(2026, 9, 20);
const NOW = Date.UTC(2026, 10, 3, 10, 5);

function fleetWith(scenarios: Scenario[] = [], utcOffsetMinutes = 60) {
  return new Fleet({
    spec: { seed: 11, meters: 80, historyStart: HISTORY, utcOffsetMinutes },
    clock: new SimClock(NOW, { frozen: true }),
    scenarios,
  });
}

function firstIndex(fleet: Fleet, kind: string): number {
  for (let i = 0; i < fleet.spec.meters; i++) if (fleet.identity(i).kind === kind) return i;
  throw new Error(`no ${kind}`);
}

describe('VirtualMeter', () => {
  it('keeps registers, profile and truth consistent: each profile step is the registered interval energy', () => {
    const fleet = fleetWith();
    const index = firstIndex(fleet, 'household');
    const meter = fleet.runtime(index).meter;
    const from = Date.UTC(2026, 10, 1, 12);
    const profile = meter.profile(from, from + DAY);
    const truth = fleet.truth(fleet.identity(index).id, from, from + DAY);
    expect(profile).toHaveLength(96);
    const atStart = meter.registersAt(from)[slot(Quantity.activeImport)]!;
    let expected = atStart;
    for (let i = 0; i < 96; i++) {
      expected += truth[i]!.registeredWh;
      expect(profile[i]!.activeImportWh).toBe(expected);
    }
    // Registers read later at the same boundary agree with the profile (recomputed from checkpoints).
    expect(meter.registersAt(from + DAY)[slot(Quantity.activeImport)]).toBe(expected);
  });

  it('splits energy over TOU rates so that the rates add up to the total', () => {
    const fleet = fleetWith();
    const regs = fleet.runtime(firstIndex(fleet, 'commercial')).meter.registersAt(NOW);
    for (const q of [Quantity.activeImport, Quantity.reactiveImport]) {
      let sum = 0;
      for (let r = 1; r <= 4; r++) sum += regs[slot(q, r)]!;
      expect(sum).toBe(regs[slot(q)]);
    }
  });

  it('includes the energy of the interval in progress and never runs backwards', () => {
    const fleet = fleetWith();
    const meter = fleet.runtime(firstIndex(fleet, 'industrial')).meter;
    let last = 0;
    for (let t = NOW - 3_600_000; t <= NOW; t += 60_000) {
      const v = meter.registersAt(t)[slot(Quantity.activeImport)]!;
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });

  it('captures daily billing snapshots at local midnight and resets maximum demand at the month start', () => {
    const fleet = fleetWith([], 60);
    const meter = fleet.runtime(firstIndex(fleet, 'household')).meter;
    const daily = meter.dailySnapshots(HISTORY, NOW);
    expect(daily.length).toBeGreaterThan(10);
    for (const s of daily) expect(new Date(s.at + 3_600_000).getUTCHours()).toBe(0);
    const monthly = meter.monthlySnapshots(HISTORY, NOW);
    expect(monthly.map((s) => new Date(s.at + 3_600_000).toISOString().slice(0, 10))).toEqual(['2026-11-01']);
    expect(monthly[0]!.registers[MAX_DEMAND_W]).toBeGreaterThan(0);
    // Since 1 November the maximum demand has restarted: it is the largest November interval.
    const novemberMax = Math.max(
      ...meter
        .outcomes(Date.UTC(2026, 9, 31, 23), Math.floor(NOW / 900_000) * 900_000)
        .map((o) => Math.round((o.registered.importWh * 3600) / INTERVAL_SECONDS)),
    );
    expect(meter.registersAt(Math.floor(NOW / 900_000) * 900_000)[MAX_DEMAND_W]).toBe(novemberMax);
  });

  it('records an outage: nothing delivered, power-down status, events in the standard and power failure logs', () => {
    const probe = fleetWith();
    const index = firstIndex(probe, 'household');
    const t = probe.topology.transformer(probe.topology.transformerOf(index));
    const start = Date.UTC(2026, 10, 2, 8, 0);
    const end = Date.UTC(2026, 10, 2, 9, 30);
    const fleet = fleetWith([{ id: 'out', type: 'outage', target: { transformer: t.id }, start, end }]);
    const meter = fleet.runtime(index).meter;
    const during = meter.outcomes(start, end);
    expect(during.every((o) => o.delivered.importWh === 0 && !o.supplyOn)).toBe(true);
    expect(during.every((o) => (o.status & AmrStatus.powerDown) !== 0)).toBe(true);
    expect(meter.outcomes(end, end + 900_000)[0]!.status & AmrStatus.powerDown).toBe(0);
    expect(meter.eventLog('standard', start, end + 1).map((e) => [e.at, e.code])).toEqual([
      [start, 1],
      [end, 2],
    ]);
    expect(meter.eventLog('power-failure', HISTORY, NOW).map((e) => e.code)).toEqual([234, 235]);
    // The check meter of that transformer saw nothing either.
    const check = fleet.runtime(t.checkMeterIndex).meter.outcomes(start, end);
    expect(check.every((o) => o.delivered.importWh === 0)).toBe(true);
  });

  it('logs voltage sags and swells per phase in the power quality log', () => {
    const probe = fleetWith();
    const index = firstIndex(probe, 'industrial');
    const t = probe.topology.transformer(probe.topology.transformerOf(index));
    const start = Date.UTC(2026, 10, 2, 8);
    const fleet = fleetWith([
      {
        id: 'sag',
        type: 'voltage-sag',
        target: { feeder: t.feederId },
        start,
        end: start + 600_000,
        percent: 15,
      },
    ]);
    const r = fleet.runtime(index);
    expect(r.meter.eventLog('power-quality', HISTORY, NOW).map((e) => e.code)).toEqual([
      76, 77, 78, 85, 86, 87,
    ]);
    expect(r.instantaneous(start + 60_000).voltageV[0]).toBeLessThan(230 * 0.87);
    expect(r.instantaneous(start + 900_000).voltageV[0]).toBeGreaterThan(230 * 0.97);
  });

  it('stamps the profile with a drifting clock and logs tampering', () => {
    const probe = fleetWith();
    const index = firstIndex(probe, 'household');
    const id = probe.identity(index).id;
    const start = Date.UTC(2026, 10, 1);
    const fleet = fleetWith([
      { id: 'drift', type: 'clock-drift', target: { meters: [id] }, start, ppm: 500 },
      {
        id: 'cover',
        type: 'tamper',
        target: { meters: [id] },
        start: start + 3_600_000,
        end: start + 7_200_000,
        tamper: 'meter-cover',
      },
    ]);
    const meter = fleet.runtime(index).meter;
    const entry = meter.profile(start + DAY - 900_000, start + DAY)[0]!;
    // 500 ppm for a day = 43.2 s fast.
    expect(entry.meterTime - entry.end).toBe(43_200);
    expect(meter.eventLog('fraud', start, NOW).map((e) => e.code)).toEqual([44, 45]);
  });

  it('opens the relay of a prepaid customer when the credit runs out, and delivers nothing after', () => {
    const fleet = fleetWith();
    let prepaid: number | undefined;
    for (let i = 0; i < fleet.spec.meters && prepaid === undefined; i++) {
      if (fleet.runtime(i).prepaid) prepaid = i;
    }
    expect(prepaid).toBeDefined();
    const r = fleet.runtime(prepaid!);
    // Before the meter catches up: leave 50 cents of credit, about 1.8 kWh at 28 cents/kWh.
    r.prepaid!.tokenCredit = 50;
    r.meter.advanceTo(NOW);
    expect(r.prepaid!.exhausted).toBe(true);
    const exhausted = r.meter.events.all().find((e) => e.code === 230);
    expect(exhausted).toBeDefined();
    const before = r.meter.outcomes(HISTORY, exhausted!.at);
    const used = before.reduce((a, o) => a + o.registered.importWh, 0);
    expect(used * 0.028).toBeGreaterThanOrEqual(50 - 28 * 1.5);
    const after = r.meter.outcomes(exhausted!.at + 900_000, exhausted!.at + 4 * 900_000);
    expect(after.every((o) => !o.connected && o.delivered.importWh === 0)).toBe(true);
  });
});
