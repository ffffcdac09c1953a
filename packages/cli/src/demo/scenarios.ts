/** The demo's scenarios: one theft, one tamper and one transformer outage a few simulated minutes ahead. */
import { type FleetSpec, meterIdOf, meterKindOf, type Scenario, Topology } from '@gridmeter/simulator';
import { isoSeconds } from '../headend/table.js';

const MINUTE = 60_000;

/** A scenario and the line that tells the operator about it. */
export interface DemoScenario {
  readonly scenario: Scenario;
  readonly description: string;
}

const isElectricity = (kind: string) => kind !== 'water' && kind !== 'gas' && kind !== 'transformer-check';

/** The transformer the outage hits (the second one when there are two) and two meters not on it. */
function picks(spec: FleetSpec) {
  const topology = new Topology(spec);
  const transformer = topology.transformer(Math.min(1, topology.transformerCount - 1));
  const onIt = new Set(transformer.meterIndices);
  const meters: string[] = [];
  for (let i = 0; i < spec.meters && meters.length < 2; i++) {
    if (!onIt.has(i) && isElectricity(meterKindOf(spec, topology, i))) meters.push(meterIdOf(i, topology));
  }
  return { transformer, thief: meters[0], tampered: meters[1] };
}

/**
 * The scenarios known from the start: a meter registering 40 % of its consumption since the
 * history start (theft is in the history the head-end backfills).
 */
export function initialScenarios(spec: FleetSpec): DemoScenario[] {
  const { thief } = picks(spec);
  if (thief === undefined) return [];
  return [
    {
      scenario: {
        id: 'demo-theft',
        type: 'theft',
        target: { meters: [thief] },
        start: spec.historyStart,
        model: { kind: 'constant-factor', factor: 0.4 },
      },
      description: `theft on ${thief} (registers 40 %) since ${isoSeconds(spec.historyStart)}`,
    },
  ];
}

/**
 * The scenarios injected once the head-end is collecting, from simulated `now`: a magnetic-field
 * tamper 5 minutes ahead (an alarm push), and an outage of a transformer from 10 to 40 minutes
 * ahead — every electricity meter on it pushes a last gasp, then power restored.
 */
export function liveScenarios(spec: FleetSpec, now: number): DemoScenario[] {
  const { transformer, tampered } = picks(spec);
  const out: DemoScenario[] = [];
  if (tampered !== undefined) {
    out.push({
      scenario: {
        id: 'demo-tamper',
        type: 'tamper',
        target: { meters: [tampered] },
        start: now + 5 * MINUTE,
        tamper: 'magnetic-field',
      },
      description: `tamper (magnetic field) on ${tampered} at ${isoSeconds(now + 5 * MINUTE)}`,
    });
  }
  out.push({
    scenario: {
      id: 'demo-outage',
      type: 'outage',
      target: { transformer: transformer.id },
      start: now + 10 * MINUTE,
      end: now + 40 * MINUTE,
    },
    description: `outage of transformer ${transformer.id} (${transformer.meterIndices.length} meters) ${isoSeconds(now + 10 * MINUTE)} - ${isoSeconds(now + 40 * MINUTE)}`,
  });
  return out;
}
