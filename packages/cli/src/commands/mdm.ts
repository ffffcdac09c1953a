import { type ChannelCode, StoreUnavailableError } from '@gridmeter/domain';
import { FileFormatError } from '@gridmeter/mdm';
import { type Command, CommanderError, Option } from 'commander';
import type { CliModule } from '../cli-module.js';
import type { ImportFormat } from '../mdm/detect.js';
import { MdmRunError, MdmUsageError } from '../mdm/errors.js';
import { type ExportFormat, runExport } from '../mdm/export.js';
import { runImport } from '../mdm/import.js';
import { readMeterMap } from '../mdm/meter-map.js';
import { intOption, meterOption, rangeOption } from '../mdm/options.js';
import { renderExport, renderImport, renderVee } from '../mdm/render.js';
import { DEFAULT_STORE, parseStoreSpec, withStore } from '../mdm/store-spec.js';
import { runVee } from '../mdm/vee.js';

/** Exit code for a command line that cannot be run. */
const EXIT_USAGE = 2;
/** Exit code for a malformed file, an unreachable store or nothing to work on. */
const EXIT_FAILED = 1;
const DEFAULT_CHANNEL = '1-0:1.8.0*255';

const write = (text: string) => void process.stdout.write(text);

function failureMessage(error: unknown): string | undefined {
  if (error instanceof FileFormatError) {
    // The message names the format, the line and the field ("nem12 line 4, IntervalValue1: …").
    return `malformed file: ${error.message}`;
  }
  if (error instanceof MdmRunError || error instanceof StoreUnavailableError) return error.message;
  return undefined;
}

/** Runs an action, turning the mdm errors into messages and exit codes. */
function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      const usage = error instanceof MdmUsageError ? error.message : undefined;
      const failed = failureMessage(error);
      const message = usage ?? failed;
      if (message === undefined) throw error;
      process.stderr.write(`error: ${message}\n`);
      const code = usage !== undefined ? EXIT_USAGE : EXIT_FAILED;
      throw new CommanderError(code, `gridmeter.mdm.${code === EXIT_USAGE ? 'usage' : 'failed'}`, message);
    }
  };
}

/** Commander's own parse errors (unknown option, bad choice) are usage errors too. */
function usageExit(command: Command): Command {
  return command.exitOverride((err) => {
    throw err.exitCode === 0 ? err : new CommanderError(EXIT_USAGE, err.code, err.message);
  });
}

const storeOption = () =>
  new Option('--store <spec>', 'duckdb:PATH or postgres:URL[#schema]').default(DEFAULT_STORE);

interface ImportOpts {
  format?: ImportFormat;
  store: string;
  utcOffset?: string;
  meterMap?: string;
  batch: string;
}

function importCommand(mdm: Command): void {
  usageExit(
    mdm
      .command('import <file>')
      .description('import interval data (NEM12, interval CSV, SGSC CSV) into the store, idempotently')
      .addOption(
        new Option('--format <f>', 'file format (default: detected from the first line)').choices([
          'nem12',
          'csv',
          'sgsc',
        ]),
      )
      .addOption(storeOption())
      .option(
        '--utc-offset <min>',
        "the file's local time, minutes east of UTC (NEM12 and SGSC; default 600)",
      )
      .option(
        '--meter-map <file>',
        'CSV "source_id,meter_id": store NMIs / customer ids / meter ids under other ids',
      )
      .option('--batch <n>', 'intervals per store write', '50000')
      .addHelpText(
        'after',
        `
Raw versions are stored through the Ingestor: a value already stored is a duplicate, a changed one a
new version. Meters the registry lacks are added (so export --all finds them). A malformed file
exits 1 naming the line and field; blocks before that line are stored.

Examples:
  gridmeter mdm import meter-data.nem12
  gridmeter mdm import readings.csv --store postgres:postgres://postgres@127.0.0.1/test#gm`,
      )
      .action(
        guarded(async (file: string, opts: ImportOpts) => {
          const spec = parseStoreSpec(opts.store);
          const options = {
            file,
            batchIntervals: intOption('--batch', opts.batch, 1, 10_000_000),
            ...(opts.format === undefined ? {} : { format: opts.format }),
            ...(opts.utcOffset === undefined
              ? {}
              : { utcOffsetMinutes: intOption('--utc-offset', opts.utcOffset, -720, 840) }),
            ...(opts.meterMap === undefined ? {} : { meterMap: readMeterMap(opts.meterMap) }),
          };
          const report = await withStore(spec, (store) => runImport(store, options));
          write(renderImport(file, opts.store, report));
        }),
      ),
  );
}

interface ExportOpts {
  store: string;
  meter?: string;
  all?: boolean;
  channel: string;
  from: string;
  to: string;
  format: ExportFormat;
  out: string;
  utcOffset?: string;
}

function exportCommand(mdm: Command): void {
  usageExit(
    mdm
      .command('export')
      .description('export the latest interval versions with quality to CSV, Parquet or NEM12')
      .addOption(storeOption())
      .option('--meter <id>', 'one meter')
      .option('--all', 'every meter in the registry')
      .option('--channel <c>', 'channel (OBIS)', DEFAULT_CHANNEL)
      .requiredOption('--from <iso>', 'first interval start, inclusive')
      .requiredOption('--to <iso>', 'end, exclusive')
      .addOption(
        new Option('--format <f>', 'file format').choices(['csv', 'parquet', 'nem12']).makeOptionMandatory(),
      )
      .requiredOption('--out <file>', 'where to write')
      .option('--utc-offset <min>', 'NEM12 local time, minutes east of UTC (default 600)')
      .action(
        guarded(async (opts: ExportOpts) => {
          if ((opts.meter === undefined) === (opts.all !== true)) {
            throw new MdmUsageError('give exactly one of --meter ID and --all');
          }
          const spec = parseStoreSpec(opts.store);
          const range = rangeOption(opts.from, opts.to);
          const options = {
            ...range,
            channel: opts.channel as ChannelCode,
            format: opts.format,
            out: opts.out,
            ...(opts.meter === undefined ? {} : { meterId: meterOption('--meter', opts.meter) }),
            ...(opts.utcOffset === undefined
              ? {}
              : { utcOffsetMinutes: intOption('--utc-offset', opts.utcOffset, -720, 840) }),
          };
          const report = await withStore(spec, (store) => runExport(store, options));
          write(renderExport(opts.out, opts.format, report));
        }),
      ),
  );
}

interface VeeOpts {
  store: string;
  meter: string;
  channel: string;
  from: string;
  to: string;
  group?: string;
  utcOffset: string;
}

function veeCommand(mdm: Command): void {
  usageExit(
    mdm
      .command('vee')
      .description('validate and estimate stored interval data of one meter; print the findings')
      .addOption(storeOption())
      .requiredOption('--meter <id>', 'the meter')
      .option('--channel <c>', 'channel (OBIS)', DEFAULT_CHANNEL)
      .requiredOption('--from <iso>', 'start; every local day overlapping the range is validated')
      .requiredOption('--to <iso>', 'end, exclusive')
      .option('--group <g>', 'meter group whose VEE configuration applies')
      .option('--utc-offset <min>', "the meter's local time, minutes east of UTC", '0')
      .action(
        guarded(async (opts: VeeOpts) => {
          const spec = parseStoreSpec(opts.store);
          const options = {
            ...rangeOption(opts.from, opts.to),
            meterId: meterOption('--meter', opts.meter),
            channel: opts.channel as ChannelCode,
            utcOffsetMinutes: intOption('--utc-offset', opts.utcOffset, -720, 840),
            ...(opts.group === undefined ? {} : { group: opts.group }),
          };
          const report = await withStore(spec, (store) => runVee(store, options));
          write(renderVee(opts.meter, opts.channel, report));
        }),
      ),
  );
}

/**
 * `gridmeter mdm …`: meter data management on a store — `import` a file, `export` the latest
 * versions, run `vee` over stored data.
 */
export const mdmModule: CliModule = {
  name: 'mdm',
  register(program) {
    const mdm = program
      .command('mdm')
      .description('meter data management: import, export and VEE on a store');
    importCommand(mdm);
    exportCommand(mdm);
    veeCommand(mdm);
  },
};
