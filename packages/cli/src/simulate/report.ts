/** What `gridmeter simulate` prints: the ready block and the status lines. */
import type { ControlServer, Fleet, PushDestination } from '@gridmeter/simulator';

const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Facts of a started simulator, for {@link formatReady}. */
export interface ReadyFacts {
  readonly fleet: Fleet;
  readonly dlmsHost: string;
  readonly dlmsPort: number;
  readonly control: ControlServer;
  readonly push: PushDestination | undefined;
  readonly scenarioCount: number;
  readonly scenarioFile: string | undefined;
}

/** The block printed once the fleet listens and the control API answers. */
export function formatReady(f: ReadyFacts): string {
  const { fleet } = f;
  const first = fleet.identity(0);
  const last = fleet.identity(fleet.size - 1);
  const checks = fleet.size - fleet.spec.meters;
  const push = f.push ? `${f.push.transport}://${f.push.host}:${f.push.port}` : 'none (--push to send them)';
  const scenarios = f.scenarioFile
    ? `${f.scenarioCount} from ${f.scenarioFile}`
    : 'none (inject with POST /scenarios)';
  return [
    `gridmeter simulate: ${fleet.spec.meters} meters + ${checks} transformer check meters, seed ${fleet.spec.seed}`,
    `  simulated time: ${isoSeconds(fleet.clock.now())} at ${fleet.clock.speed}x (history from ${isoSeconds(fleet.spec.historyStart)})`,
    `  addresses:      ${first.address} (${first.id}) - ${last.address} (${last.id})`,
    `  dlms port:      ${f.dlmsPort} (IEC 62056-47 wrapper over TCP, listening on ${f.dlmsHost})`,
    `  control:        ${f.control.url}`,
    `  pushes:         ${push}`,
    `  scenarios:      ${scenarios}`,
    'ready',
    '',
  ].join('\n');
}

/** One status line: simulated time, materialised meters, sessions, connections, pushes. */
export function formatStatus(fleet: Fleet): string {
  const s = fleet.stats();
  return (
    `${isoSeconds(fleet.clock.now())}  materialised ${s.materialised}/${s.fleetSize}` +
    `  sessions ${s.sessionsOpen}  connections ${s.connectionsAccepted} accepted, ${s.connectionsRefused} refused` +
    `  pushes ${s.pushesSent} sent, ${s.pushesFailed} failed\n`
  );
}
