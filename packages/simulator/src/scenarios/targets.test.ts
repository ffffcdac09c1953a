import { describe, expect, it } from 'vitest';
import { meterIdOf, meterKindOf } from '../meter/identity.js';
import { Topology } from '../topology/topology.js';
import { affectedIndices, scenarioTargets, targetRanges } from './targets.js';
import type { Scenario } from './types.js';

const spec = { seed: 7, meters: 20_000, historyStart: Date.UTC(2026, 0, 1) };
const topology = new Topology(spec);
const ctx = { seed: 7, topology, kindOf: (i: number) => meterKindOf(spec, topology, i) };
const start = Date.UTC(2026, 0, 5);
const scan = (s: Scenario, c = ctx) => {
  const touches = scenarioTargets(s, c);
  const out: number[] = [];
  for (let i = 0; i < topology.fleetSize; i++) if (touches(i)) out.push(i);
  return out;
};

describe('scenarioTargets', () => {
  it('targets exactly the listed meters, check meters included', () => {
    const s: Scenario = {
      id: 'm',
      type: 'reboot',
      start,
      target: { meters: ['GM00000005', 'GMC0000002', 'GM00000004'] },
    };
    expect(scan(s)).toEqual([3, 4, topology.meters + 2]);
    expect(targetRanges(s, topology)).toEqual([
      { from: 3, to: 5 },
      { from: topology.meters + 2, to: topology.meters + 3 },
    ]);
  });

  it('targets the customer meters of a transformer, and its check meter for an outage', () => {
    const t = topology.transformer(3);
    const theft: Scenario = {
      id: 't',
      type: 'theft',
      start,
      target: { transformer: t.id },
      model: { kind: 'constant-factor', factor: 0.5 },
    };
    expect(scan(theft)).toEqual(t.meterIndices);
    const outage: Scenario = { id: 'o', type: 'outage', start, target: { transformer: t.id } };
    expect(scan(outage)).toEqual([...t.meterIndices, t.checkMeterIndex]);
    expect([...affectedIndices(outage, ctx)]).toEqual([...t.meterIndices, t.checkMeterIndex]);
  });

  it('targets every meter of every transformer on a feeder', () => {
    const feeder = topology.feeder(1);
    const transformers = feeder.transformerIds.map((id) =>
      topology.transformer(topology.transformerIndex(id)!),
    );
    const sag: Scenario = { id: 's', type: 'voltage-sag', percent: 10, start, target: { feeder: feeder.id } };
    const expected = [
      ...transformers.flatMap((t) => t.meterIndices),
      ...transformers.map((t) => t.checkMeterIndex),
    ];
    expect(scan(sag)).toEqual(expected);
    expect([...affectedIndices(sag, ctx)]).toEqual(expected);
    expect(targetRanges(sag, topology)).toHaveLength(2);
    expect(expected.every((i) => topology.placeOf(i).feederId === feeder.id)).toBe(true);
  });

  it('picks close to the requested share of customer meters by hash, the same for the same seed', () => {
    const s: Scenario = { id: 'f', type: 'unreachable', start, target: { fraction: 0.1 } };
    const picked = scan(s);
    expect(picked.length / topology.meters).toBeGreaterThan(0.09);
    expect(picked.length / topology.meters).toBeLessThan(0.11);
    expect(picked.every((i) => i < topology.meters)).toBe(true);
    expect(scan(s)).toEqual(picked);
    const other = scan(s, { ...ctx, seed: 8 });
    expect(other).not.toEqual(picked);
    expect(scan({ ...s, id: 'g' })).not.toEqual(picked);
    expect([...affectedIndices(s, ctx)]).toEqual(picked);
  });

  it('restricts a fraction to the given kinds', () => {
    const s: Scenario = {
      id: 'k',
      type: 'reboot',
      start,
      target: { fraction: 0.5, kinds: ['commercial', 'transformer-check'] },
    };
    const picked = scan(s);
    expect(picked.every((i) => ['commercial', 'transformer-check'].includes(ctx.kindOf(i)))).toBe(true);
    expect(picked.some((i) => topology.isCheckMeter(i))).toBe(true);
    const eligible = Array.from({ length: topology.fleetSize }, (_, i) => i).filter((i) =>
      ['commercial', 'transformer-check'].includes(ctx.kindOf(i)),
    ).length;
    expect(Math.abs(picked.length / eligible - 0.5)).toBeLessThan(0.05);
    expect(meterIdOf(picked[0]!, topology)).toMatch(/^GM/);
  });
});
