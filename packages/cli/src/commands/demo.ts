import type { CliModule } from '../cli-module.js';
import { runDemo } from '../demo/run.js';
import { DEMO_DEFAULTS } from '../demo/settings.js';
import { guarded, usageExit } from '../headend/errors.js';
import { intOption, positiveOption } from '../simulate/options.js';

interface DemoOptions {
  meters: string;
  seed: string;
  speed: string;
  historyDays: string;
  port: string;
  host: string;
  dlmsPort: string;
  dlmsHost: string;
  dataDir?: string;
  duration?: string;
  statusInterval: string;
  concurrency: string;
}

/**
 * `gridmeter demo`: the whole chain in one process — a simulated fleet, the head-end, the MDM,
 * billing and prepayment, and the console, portal and API on http://127.0.0.1:8080.
 */
export const demoModule: CliModule = {
  name: 'demo',
  register(program) {
    usageExit(
      program
        .command('demo')
        .description(
          'the whole chain in one process: a simulated fleet, the head-end, MDM, billing and the web console',
        )
        .option(
          '--meters <n>',
          'customer meters (transformer check meters come on top)',
          String(DEMO_DEFAULTS.meters),
        )
        .option('--seed <s>', 'fleet seed', String(DEMO_DEFAULTS.seed))
        .option('--speed <x>', 'simulated seconds per real second', String(DEMO_DEFAULTS.speed))
        .option('--history-days <d>', 'days of history to backfill', String(DEMO_DEFAULTS.historyDays))
        .option(
          '--port <port>',
          'the console, portal and API port (0: any free port; taken: a free one)',
          String(DEMO_DEFAULTS.port),
        )
        .option('--host <host>', 'where the console, portal and API listen', DEMO_DEFAULTS.host)
        .option(
          '--dlms-port <port>',
          "the fleet's DLMS port (0: any free port; taken: a free one)",
          String(DEMO_DEFAULTS.dlmsPort),
        )
        .option(
          '--dlms-host <host>',
          'where the fleet listens (its meters are 127.1.x.y)',
          DEMO_DEFAULTS.dlmsHost,
        )
        .option(
          '--data-dir <dir>',
          'where the MDM store, journals, users and audit live (default: a new temp dir)',
        )
        .option('--duration <s>', 'stop by itself after this many real seconds')
        .option(
          '--status-interval <s>',
          'seconds between status lines',
          String(DEMO_DEFAULTS.statusIntervalSeconds),
        )
        .option('--concurrency <n>', "the head-end's sessions at once", String(DEMO_DEFAULTS.concurrency))
        .addHelpText(
          'after',
          `
Starts 1,000 virtual meters (a theft, a tamper and a transformer outage included), a head-end that
reads them over DLMS/COSEM on TCP and receives their pushes on UDP, the MDM (ingest, VEE, rollups
into DuckDB), billing and prepayment, and serves the operator console, the customer portal and the
API on http://127.0.0.1:8080 at once; backfills the history with a progress bar, bills it, then
collects every simulated 15 minutes and prints a status line until Ctrl-C or --duration.

Examples:
  gridmeter demo
  gridmeter demo --meters 200 --history-days 3 --duration 60
  gridmeter demo --meters 5000 --speed 300 --port 0 --dlms-port 0`,
        )
        .action(
          guarded('demo', async (o: DemoOptions) => {
            await runDemo(
              {
                meters: intOption('--meters', o.meters, 1, 100_000),
                seed: intOption('--seed', o.seed, -2_147_483_648, 4_294_967_295),
                speed: positiveOption('--speed', o.speed),
                historyDays: intOption('--history-days', o.historyDays, 1, 90),
                port: intOption('--port', o.port, 0, 65_535),
                host: o.host,
                dlmsPort: intOption('--dlms-port', o.dlmsPort, 0, 65_535),
                dlmsHost: o.dlmsHost,
                ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
                statusIntervalSeconds: positiveOption('--status-interval', o.statusInterval),
                concurrency: intOption('--concurrency', o.concurrency, 1, 5_000),
                tty: process.stdout.isTTY === true,
                ...(o.duration === undefined
                  ? {}
                  : { durationSeconds: positiveOption('--duration', o.duration) }),
              },
              (text) => void process.stdout.write(text),
            );
          }),
        ),
    );
  },
};
