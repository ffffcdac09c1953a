/** What `gridmeter demo` prints: the ready block and the live status line. */
import type { HeadEnd } from '@gridmeter/headend';
import type { Fleet } from '@gridmeter/simulator';
import { reasons } from '../headend/round-report.js';
import { isoSeconds, percent } from '../headend/table.js';
import type { DemoCounters } from './counters.js';
import type { FleetListening } from './listen.js';
import type { DemoScenario } from './scenarios.js';

const DAY_MS = 86_400_000;

/** Facts of a started demo, for {@link formatReady}. */
export interface DemoReady {
  readonly fleet: Fleet;
  readonly host: string;
  readonly listening: FleetListening;
  readonly pushPort: number;
  readonly scenarios: readonly DemoScenario[];
  readonly historyDays: number;
}

/** The block printed once the fleet, the push listener and the head-end are up. */
export function formatReady(r: DemoReady): string {
  const { fleet } = r;
  const first = fleet.identity(0);
  const last = fleet.identity(fleet.size - 1);
  const fallback =
    r.listening.fallbackFrom === undefined
      ? ''
      : ` (port ${r.listening.fallbackFrom} is in use; took a free port instead)`;
  return [
    `gridmeter demo: ${fleet.spec.meters} meters + ${fleet.size - fleet.spec.meters} transformer check meters, seed ${fleet.spec.seed}`,
    `  simulated time: ${isoSeconds(fleet.clock.now())} at ${fleet.clock.speed}x (history from ${isoSeconds(fleet.spec.historyStart)}, ${r.historyDays} days)`,
    `  fleet:          DLMS/COSEM on ${r.host}:${r.listening.port}${fallback}, meters ${first.address} (${first.id}) - ${last.address} (${last.id})`,
    `  head-end:       in-process bus, push listener udp://127.0.0.1:${r.pushPort}`,
    ...r.scenarios.map((s, i) => `  ${i === 0 ? 'scenarios:      ' : '                '}${s.description}`),
    '',
  ].join('\n');
}

/** One live status line: simulated time, meters read, yesterday, success, latency, failures, pushes, events. */
export function formatStatus(
  headEnd: HeadEnd,
  meterIds: readonly string[],
  c: DemoCounters,
  rounds: number,
): string {
  const now = headEnd.clock.now();
  const today = headEnd.kpis.day(now, meterIds);
  const yesterday = headEnd.kpis.completeness(Math.floor(now / DAY_MS) * DAY_MS - DAY_MS, meterIds);
  const l = headEnd.kpis.latency();
  return (
    `${isoSeconds(now)}  read ${today.metersRead}/${meterIds.length} meters today` +
    `  yesterday ${percent(yesterday)} complete  success ${percent(today.readSuccessRate)}` +
    `  latency p50 ${Math.round(l.p50)} ms p95 ${Math.round(l.p95)} ms` +
    `  failures ${reasons(today.failuresByReason)}` +
    `  pushes ${c.pushes} (last gasp ${c.lastGasps}, restored ${c.powerRestored}, alarms ${c.alarms})` +
    `  events ${c.eventsCollected}  rounds ${rounds}\n`
  );
}
