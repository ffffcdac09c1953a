/** The JSON shapes of the control API: simulated times as ISO 8601 strings, no keys. */
import type { Fleet, TruthInterval } from '../fleet/fleet.js';
import type { MeterIdentity } from '../meter/identity.js';
import type { ScenarioLogEntry } from '../scenarios/schedule.js';
import type { Scenario } from '../scenarios/types.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** `GET /status`. */
export function statusView(fleet: Fleet) {
  const { spec, topology, clock } = fleet;
  return {
    spec: {
      seed: spec.seed,
      meters: spec.meters,
      historyStart: iso(spec.historyStart),
      utcOffsetMinutes: spec.utcOffsetMinutes ?? 0,
      ...(spec.hemisphere === undefined ? {} : { hemisphere: spec.hemisphere }),
    },
    fleetSize: fleet.size,
    transformers: topology.transformerCount,
    feeders: topology.feederCount,
    now: iso(clock.now()),
    speed: clock.speed,
    frozen: clock.frozen,
    stats: fleet.stats(),
  };
}

/** `GET /meters/:id`: who the meter is, without its keys and passwords. */
export function identityView(identity: MeterIdentity, port: number | undefined) {
  return {
    index: identity.index,
    id: identity.id,
    kind: identity.kind,
    address: identity.address,
    ...(port === undefined ? {} : { port }),
    phases: identity.phases,
    place: identity.place,
    systemTitle: Buffer.from(identity.systemTitle).toString('hex').toUpperCase(),
  };
}

/** One truth interval with its start as ISO. */
export function truthView(interval: TruthInterval) {
  return { ...interval, start: iso(interval.start) };
}

/** One row of a transformer's energy balance with its start as ISO. */
export function transformerTruthView<T extends { readonly start: number }>(row: T) {
  return { ...row, start: iso(row.start) };
}

/** A scenario log entry with ISO start and end. */
export function logEntryView(entry: ScenarioLogEntry) {
  return { ...entry, start: iso(entry.start), ...(entry.end === undefined ? {} : { end: iso(entry.end) }) };
}

/** A stored scenario with ISO start and end. */
export function scenarioView(scenario: Scenario) {
  return {
    ...scenario,
    start: iso(scenario.start),
    ...(scenario.end === undefined ? {} : { end: iso(scenario.end) }),
  };
}
