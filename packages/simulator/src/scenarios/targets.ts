/** Which fleet indices a scenario touches. */
import { hashInts, hashString, unit } from '../consumption/hash.js';
import { meterIndexOfId } from '../meter/identity.js';
import type { MeterKind } from '../metrology/types.js';
import type { Topology } from '../topology/topology.js';
import type { Scenario, ScenarioType } from './types.js';

/** What targeting needs to know about the fleet. */
export interface TargetContext {
  readonly seed: number;
  readonly topology: Topology;
  kindOf(index: number): MeterKind;
}

/** Fleet indices [from, to). */
export interface IndexRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Scenario types that happen on the network rather than at a meter: on a transformer or feeder
 * target they reach the transformers' check meters as well as the customer meters.
 */
export const GRID_SCENARIO_TYPES: ReadonlySet<ScenarioType> = new Set([
  'outage',
  'voltage-sag',
  'voltage-swell',
]);

/** Whether a transformer/feeder target of this scenario type includes the check meters. */
export function reachesCheckMeters(type: ScenarioType): boolean {
  return GRID_SCENARIO_TYPES.has(type);
}

/**
 * The fleet indices of a meters, transformer or feeder target as sorted, disjoint ranges — a
 * feeder of 500 meters is two ranges (customer meters, check meters). Undefined for a fraction
 * target, which has no structure (use {@link scenarioTargets} or {@link affectedIndices}).
 */
export function targetRanges(scenario: Scenario, topology: Topology): IndexRange[] | undefined {
  const target = scenario.target;
  const withChecks = reachesCheckMeters(scenario.type);
  if ('meters' in target) {
    const indices = target.meters
      .map((id) => meterIndexOfId(id, topology))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b);
    const ranges: { from: number; to: number }[] = [];
    for (const i of indices) {
      const last = ranges[ranges.length - 1];
      if (last && i <= last.to) last.to = Math.max(last.to, i + 1);
      else ranges.push({ from: i, to: i + 1 });
    }
    return ranges;
  }
  let first: number;
  let last: number;
  if ('transformer' in target) {
    const t = topology.transformerIndex(target.transformer);
    if (t === undefined)
      throw new RangeError(`Scenario "${scenario.id}": no transformer ${target.transformer}`);
    first = t;
    last = t;
  } else if ('feeder' in target) {
    const f = topology.feederIndex(target.feeder);
    if (f === undefined) throw new RangeError(`Scenario "${scenario.id}": no feeder ${target.feeder}`);
    first = f * topology.transformersPerFeeder;
    last = Math.min(topology.transformerCount, first + topology.transformersPerFeeder) - 1;
  } else {
    return undefined;
  }
  const customers = { from: firstMeterOf(topology, first), to: firstMeterOf(topology, last + 1) };
  return withChecks
    ? [customers, { from: topology.meters + first, to: topology.meters + last + 1 }]
    : [customers];
}

/** First customer meter index of transformer t (t = transformerCount gives the meter count). */
function firstMeterOf(topology: Topology, t: number): number {
  if (t >= topology.transformerCount) return topology.meters;
  return topology.transformer(t).meterIndices[0]!;
}

/**
 * A predicate over fleet indices: whether the scenario touches that meter. Meters: the listed ids.
 * Transformer/feeder: its customer meters, plus its check meters for outages, sags and swells.
 * Fraction: each meter with probability `fraction` by a hash of (seed, scenario id, fleet index),
 * among the given kinds, or among customer meters when no kinds are given.
 *
 * @example
 * const touches = scenarioTargets(scenario, { seed: 42, topology, kindOf: (i) => meterKindOf(spec, topology, i) });
 */
export function scenarioTargets(scenario: Scenario, ctx: TargetContext): (index: number) => boolean {
  const target = scenario.target;
  if ('fraction' in target) {
    const key = hashString(ctx.seed, `scenario:${scenario.id}`);
    const kinds = target.kinds ? new Set<MeterKind>(target.kinds) : undefined;
    const customers = ctx.topology.meters;
    return (index) =>
      (kinds ? kinds.has(ctx.kindOf(index)) : index >= 0 && index < customers) &&
      unit(hashInts(key, index)) < target.fraction;
  }
  const ranges = targetRanges(scenario, ctx.topology) ?? [];
  if ('meters' in target) {
    const set = new Set<number>();
    for (const r of ranges) for (let i = r.from; i < r.to; i++) set.add(i);
    return (index) => set.has(index);
  }
  return (index) => ranges.some((r) => index >= r.from && index < r.to);
}

/**
 * Every fleet index the scenario touches, ascending. Walks only the target's ranges for
 * meters/transformer/feeder targets; a fraction target tests every fleet member.
 */
export function* affectedIndices(scenario: Scenario, ctx: TargetContext): Generator<number> {
  const ranges = targetRanges(scenario, ctx.topology);
  if (ranges) {
    for (const r of ranges) for (let i = r.from; i < r.to; i++) yield i;
    return;
  }
  const touches = scenarioTargets(scenario, ctx);
  for (let i = 0; i < ctx.topology.fleetSize; i++) if (touches(i)) yield i;
}
