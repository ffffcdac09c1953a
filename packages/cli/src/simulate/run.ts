import { readFileSync } from 'node:fs';
import {
  type ControlServer,
  checkFleetSpec,
  Fleet,
  type FleetSpec,
  type PushDestination,
  parseScenarioFile,
  type Scenario,
  ScenarioError,
  SimClock,
  startControlServer,
  Topology,
} from '@gridmeter/simulator';
import { SimulateUsageError } from './options.js';
import { formatReady, formatStatus } from './report.js';

/** Everything `gridmeter simulate` runs with, already checked. */
export interface SimulatorSettings {
  readonly meters: number;
  readonly seed: number;
  readonly scenarioFile?: string;
  readonly speed: number;
  /** Simulated start, UTC ms (default: now). */
  readonly start?: number;
  readonly historyStart: number;
  readonly host: string;
  readonly port: number;
  readonly controlHost: string;
  readonly controlPort: number;
  readonly push?: PushDestination;
  readonly utcOffsetMinutes?: number;
  readonly hemisphere?: 'northern' | 'southern';
  /** Stop by itself after this many real seconds. */
  readonly durationSeconds?: number;
  readonly statusIntervalSeconds: number;
}

/** A socket of the simulator could not be opened (port in use, address not available). */
export class SimulatorStartError extends Error {
  constructor(what: string, host: string, port: number, options: ErrorOptions) {
    super(`Cannot listen for ${what} on ${host}:${port}: ${(options.cause as Error).message}`, options);
    this.name = 'SimulatorStartError';
  }
}

function readScenarios(file: string, spec: FleetSpec, now: number): Scenario[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SimulateUsageError(`cannot read --scenarios ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return parseScenarioFile(text, { topology: new Topology(spec), now });
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new SimulateUsageError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

async function open<T>(what: string, host: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new SimulatorStartError(what, host, port, { cause: error });
  }
}

/**
 * Runs the fleet simulator until SIGINT/SIGTERM, `signal` aborts, or `durationSeconds` pass:
 * builds the fleet, serves DLMS/COSEM on every meter's address and the control API, prints the
 * ready block and a status line every `statusIntervalSeconds`, then closes everything.
 */
export async function runSimulator(
  settings: SimulatorSettings,
  write: (text: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const start = settings.start ?? Date.now();
  const spec: FleetSpec = {
    seed: settings.seed,
    meters: settings.meters,
    historyStart: settings.historyStart,
    ...(settings.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: settings.utcOffsetMinutes }),
    ...(settings.hemisphere === undefined ? {} : { hemisphere: settings.hemisphere }),
  };
  try {
    checkFleetSpec(spec);
  } catch (error) {
    throw new SimulateUsageError((error as Error).message, { cause: error });
  }
  const scenarios = settings.scenarioFile ? readScenarios(settings.scenarioFile, spec, start) : [];
  const fleet = new Fleet({
    spec,
    clock: new SimClock(start, { speed: settings.speed }),
    scenarios,
    ...(settings.push ? { push: settings.push } : {}),
  });
  let control: ControlServer | undefined;
  try {
    const listener = await open('DLMS', settings.host, settings.port, () =>
      fleet.listen({ host: settings.host, port: settings.port }),
    );
    control = await open('the control API', settings.controlHost, settings.controlPort, () =>
      startControlServer(fleet, {
        host: settings.controlHost,
        port: settings.controlPort,
        dlmsPort: listener.port,
      }),
    );
    write(
      formatReady({
        fleet,
        dlmsHost: settings.host,
        dlmsPort: listener.port,
        control,
        push: settings.push,
        scenarioCount: scenarios.length,
        scenarioFile: settings.scenarioFile,
      }),
    );
    await untilStopped(settings, signal, () => write(formatStatus(fleet)));
    write(formatStatus(fleet));
  } finally {
    await control?.close();
    await fleet.close();
  }
  write('stopped\n');
}

/** Resolves on SIGINT/SIGTERM, an abort, or after the duration; calls `tick` every status interval. */
function untilStopped(
  settings: SimulatorSettings,
  signal: AbortSignal | undefined,
  tick: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    const status = setInterval(tick, settings.statusIntervalSeconds * 1000);
    const timer =
      settings.durationSeconds === undefined ? undefined : setTimeout(stop, settings.durationSeconds * 1000);
    function stop() {
      clearInterval(status);
      if (timer) clearTimeout(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}
