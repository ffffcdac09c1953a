import { createWriteStream, readFileSync } from 'node:fs';
import { DEFAULT_CONTROL_HOST, DEFAULT_CONTROL_PORT } from '@gridmeter/simulator';
import { type Command, CommanderError, Option } from 'commander';
import type { CliModule } from '../cli-module.js';
import {
  ControlApiError,
  ControlUnreachableError,
  controlRequest,
  DEFAULT_CONTROL_URL,
} from '../simulate/control-client.js';
import { toCsv } from '../simulate/csv.js';
import { keyFileChunks } from '../simulate/keys-csv.js';
import {
  historyStartOf,
  intOption,
  isoOption,
  positiveOption,
  pushOption,
  SimulateUsageError,
} from '../simulate/options.js';
import { runSimulator, SimulatorStartError } from '../simulate/run.js';

/** Exit code for a command line that cannot be run (bad option, bad scenario file). */
const EXIT_USAGE = 2;
/** Exit code when the simulator or its control API refuses or cannot be reached. */
const EXIT_FAILED = 1;
const DLMS_PORT = 4059;

const write = (text: string) => void process.stdout.write(text);

/** Runs an action, turning the simulate errors into messages and exit codes. */
function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      const code =
        error instanceof SimulateUsageError
          ? EXIT_USAGE
          : error instanceof ControlApiError ||
              error instanceof ControlUnreachableError ||
              error instanceof SimulatorStartError
            ? EXIT_FAILED
            : undefined;
      if (code === undefined) throw error;
      process.stderr.write(`error: ${(error as Error).message}\n`);
      throw new CommanderError(
        code,
        `gridmeter.simulate.${code === EXIT_USAGE ? 'usage' : 'failed'}`,
        (error as Error).message,
      );
    }
  };
}

/** Commander's own parse errors (unknown option, bad choice) are usage errors too. */
function usageExit(command: Command): Command {
  return command.exitOverride((err) => {
    throw err.exitCode === 0 ? err : new CommanderError(EXIT_USAGE, err.code, err.message);
  });
}

interface RunOptions {
  meters: string;
  seed: string;
  scenarios?: string;
  speed: string;
  start?: string;
  historyDays: string;
  host: string;
  port: string;
  controlHost: string;
  controlPort: string;
  push?: string;
  utcOffset?: string;
  hemisphere?: 'northern' | 'southern';
  duration?: string;
  statusInterval: string;
}

function runCommand(simulate: Command): void {
  usageExit(
    simulate
      .command('run', { isDefault: true })
      .description(
        'start the fleet: every meter answers DLMS/COSEM on its own loopback address (the default)',
      )
      .requiredOption('--meters <n>', 'customer meters (transformer check meters come on top)')
      .requiredOption('--seed <s>', 'fleet seed: the same seed gives the same fleet and readings')
      .option('--scenarios <file>', 'a JSON scenario file (see packages/simulator/README.md)')
      .option('--speed <x>', 'simulated seconds per real second', '1')
      .option('--start <iso>', 'simulated start, ISO 8601 (default: now)')
      .option('--history-days <d>', 'days of history before the start (from UTC midnight)', '14')
      .option('--host <host>', 'where the DLMS listener binds', '0.0.0.0')
      .option('--port <port>', 'DLMS wrapper port (0: any free port)', String(DLMS_PORT))
      .option('--control-host <host>', 'where the control API binds', DEFAULT_CONTROL_HOST)
      .option('--control-port <port>', 'control API port (0: any free port)', String(DEFAULT_CONTROL_PORT))
      .option('--push <url>', 'where meters push: udp://host:port or tcp://host:port')
      .option('--utc-offset <min>', "the fleet's local time, minutes east of UTC", '0')
      .addOption(
        new Option('--hemisphere <h>', 'seasons of the load models').choices(['northern', 'southern']),
      )
      .option('--duration <s>', 'stop by itself after this many real seconds')
      .option('--status-interval <s>', 'seconds between status lines', '5')
      .addHelpText(
        'after',
        `
Prints the meters' address range, the DLMS port and the control API's URL, then a status line
every few seconds until Ctrl-C (SIGINT) or SIGTERM. Exit code 2 for a bad option or scenario file.

Examples:
  gridmeter simulate --meters 1000 --seed 1
  gridmeter simulate --meters 100 --seed 7 --scenarios week.json --start 2026-01-05T00:00Z --speed 60
  gridmeter simulate --meters 10 --seed 1 --port 0 --control-port 0 --duration 5`,
      )
      .action(
        guarded(async (opts: RunOptions) => {
          const start = opts.start === undefined ? Date.now() : isoOption('--start', opts.start);
          await runSimulator(
            {
              meters: intOption('--meters', opts.meters, 1, 8_323_072),
              seed: intOption('--seed', opts.seed, -2_147_483_648, 4_294_967_295),
              ...(opts.scenarios === undefined ? {} : { scenarioFile: opts.scenarios }),
              speed: positiveOption('--speed', opts.speed),
              start,
              historyStart: historyStartOf(start, intOption('--history-days', opts.historyDays, 0, 3660)),
              host: opts.host,
              port: intOption('--port', opts.port, 0, 65_535),
              controlHost: opts.controlHost,
              controlPort: intOption('--control-port', opts.controlPort, 0, 65_535),
              ...(opts.push === undefined ? {} : { push: pushOption(opts.push) }),
              ...(opts.utcOffset === undefined
                ? {}
                : { utcOffsetMinutes: intOption('--utc-offset', opts.utcOffset, -720, 840) }),
              ...(opts.hemisphere === undefined ? {} : { hemisphere: opts.hemisphere }),
              ...(opts.duration === undefined
                ? {}
                : { durationSeconds: positiveOption('--duration', opts.duration) }),
              statusIntervalSeconds: positiveOption('--status-interval', opts.statusInterval),
            },
            write,
          );
        }),
      ),
  );
}

interface TruthOptions {
  from?: string;
  to?: string;
  url: string;
  format: 'json' | 'csv';
  scenarios?: boolean;
}

function truthPath(id: string | undefined, opts: TruthOptions): string {
  if (opts.scenarios) {
    if (id !== undefined) throw new SimulateUsageError('give a meter id or --scenarios, not both');
    return '/truth/scenarios';
  }
  if (id === undefined)
    throw new SimulateUsageError('give a meter id (or a transformer id like T00003), or --scenarios');
  if (opts.from === undefined || opts.to === undefined) throw new SimulateUsageError('give --from and --to');
  isoOption('--from', opts.from);
  isoOption('--to', opts.to);
  const query = new URLSearchParams({ from: opts.from, to: opts.to });
  const kind = /^T\d+$/.test(id) ? 'transformers' : 'meters';
  return `/truth/${kind}/${encodeURIComponent(id)}?${query}`;
}

function truthCommand(simulate: Command): void {
  usageExit(
    simulate
      .command('truth')
      .description(
        "ground truth from a running simulator: a meter's (or transformer's) intervals, or the scenario log",
      )
      .argument('[id]', 'meter id (GM00000042, GMC0000003) or transformer id (T00003)')
      .option('--from <iso>', 'first interval, ISO 8601')
      .option('--to <iso>', 'end (exclusive), ISO 8601; at most 31 days after --from')
      .option('--scenarios', 'the scenario log instead: every scenario with its window and meters')
      .option('--url <url>', "the simulator's control API", DEFAULT_CONTROL_URL)
      .addOption(new Option('--format <format>', 'output').choices(['json', 'csv']).default('json'))
      .addHelpText(
        'after',
        `
Examples:
  gridmeter simulate truth GM00000042 --from 2026-01-05T00:00Z --to 2026-01-06T00:00Z --format csv
  gridmeter simulate truth T00003 --from 2026-01-07 --to 2026-01-08
  gridmeter simulate truth --scenarios`,
      )
      .action(
        guarded(async (id: string | undefined, opts: TruthOptions) => {
          const body = (await controlRequest(opts.url, truthPath(id, opts))) as {
            intervals?: Record<string, unknown>[];
            scenarios?: Record<string, unknown>[];
          };
          if (opts.format === 'json') return write(`${JSON.stringify(body, null, 2)}\n`);
          const rows = body.intervals ?? body.scenarios ?? [];
          write(
            opts.scenarios
              ? toCsv(rows, ['id', 'type', 'start', 'end', 'target', 'meterCount', 'meters', 'details'])
              : toCsv(rows),
          );
        }),
      ),
  );
}

function injectCommand(simulate: Command): void {
  usageExit(
    simulate
      .command('inject')
      .description('add scenarios to a running simulator (a scenario file, one scenario or a list)')
      .argument('<file>', 'JSON: { "scenarios": [ … ] }, a list, or one scenario; - for stdin')
      .option('--url <url>', "the simulator's control API", DEFAULT_CONTROL_URL)
      .addHelpText(
        'after',
        `
Scenarios may not start before the simulator's now; "start": "10m" means ten minutes from now.
All or nothing: when one scenario is wrong none is added, and the error names it and its field.`,
      )
      .action(
        guarded(async (file: string, opts: { url: string }) => {
          let text: string;
          try {
            text = readFileSync(file === '-' ? 0 : file, 'utf8');
          } catch (error) {
            throw new SimulateUsageError(`cannot read ${file}: ${(error as Error).message}`, {
              cause: error,
            });
          }
          const body = await controlRequest(opts.url, '/scenarios', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          });
          write(`${JSON.stringify(body, null, 2)}\n`);
        }),
      ),
  );
}

function keysCommand(simulate: Command): void {
  usageExit(
    simulate
      .command('keys')
      .description("export a fleet's meter keys as CSV, derived offline from the seed (contains secrets)")
      .requiredOption('--meters <n>', 'customer meters, as given to simulate')
      .requiredOption('--seed <s>', 'fleet seed, as given to simulate')
      .option('--port <port>', 'the DLMS port written in the file', String(DLMS_PORT))
      .option('--out <file>', 'write to a file (created with mode 0600) instead of stdout')
      .addHelpText(
        'after',
        `
The file CONTAINS SECRETS: every meter's suite 0 keys (EK, AK) and LLS password. Keep it
private; the head-end's meter registry imports it. Columns: meter_id, address, port, kind,
system_title, encryption_key, authentication_key, lls_password (hex upper case). One line per
fleet member, customer meters first, then the transformer check meters.`,
      )
      .action(
        guarded(async (opts: { meters: string; seed: string; port: string; out?: string }) => {
          const spec = {
            seed: intOption('--seed', opts.seed, -2_147_483_648, 4_294_967_295),
            meters: intOption('--meters', opts.meters, 1, 8_323_072),
            historyStart: 0,
          };
          const chunks = keyFileChunks(spec, intOption('--port', opts.port, 1, 65_535));
          if (opts.out === undefined) {
            for (const chunk of chunks) write(chunk);
            return;
          }
          const out = createWriteStream(opts.out, { mode: 0o600 });
          const done = new Promise<void>((resolve, reject) => {
            out.on('finish', resolve);
            out.on('error', (e) =>
              reject(new SimulateUsageError(`cannot write ${opts.out}: ${e.message}`, { cause: e })),
            );
          });
          for (const chunk of chunks) {
            if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
          }
          out.end();
          await done;
        }),
      ),
  );
}

/**
 * `gridmeter simulate …`: run the fleet simulator (`simulate [run]`), ask it for the ground truth
 * (`truth`), add scenarios while it runs (`inject`), and export its keys (`keys`).
 */
export const simulateModule: CliModule = {
  name: 'simulate',
  register(program) {
    const simulate = program
      .command('simulate')
      .description('virtual smart meters: run a fleet, read its ground truth, inject scenarios, export keys');
    runCommand(simulate);
    truthCommand(simulate);
    injectCommand(simulate);
    keysCommand(simulate);
  },
};
