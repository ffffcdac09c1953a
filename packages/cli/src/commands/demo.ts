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
  duration?: string;
  statusInterval: string;
  concurrency: string;
}

/**
 * `gridmeter demo`: a simulated fleet and the head-end in one process — backfill with a progress
 * bar, then collection rounds every simulated 15 minutes and a live status line with the KPIs.
 */
export const demoModule: CliModule = {
  name: 'demo',
  register(program) {
    usageExit(
      program
        .command('demo')
        .description('a simulated fleet and the head-end in one process, with live progress and KPIs')
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
          "the fleet's DLMS port (0: any free port; taken: a free one)",
          String(DEMO_DEFAULTS.port),
        )
        .option('--host <host>', 'where the fleet listens', DEMO_DEFAULTS.host)
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
Starts 1,000 virtual meters (a theft, a tamper and a transformer outage included) and a head-end
that reads them over DLMS/COSEM on TCP and receives their pushes on UDP; backfills the history,
then collects clock, load profile, registers and events every simulated 15 minutes and prints a
status line until Ctrl-C or --duration.

Examples:
  gridmeter demo
  gridmeter demo --meters 200 --duration 20
  gridmeter demo --meters 5000 --speed 300 --history-days 14 --port 0`,
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
