import { writeFileSync } from 'node:fs';
import { StoreUnavailableError } from '@gridmeter/domain';
import { BillingError } from '@gridmeter/mdm';
import { type Command, CommanderError, Option } from 'commander';
import { commonUtcOffset, periodOption, readAccounts, readTariffs } from '../billing/input.js';
import { billsJson, renderBill, renderRun } from '../billing/render.js';
import { runBilling } from '../billing/run.js';
import type { CliModule } from '../cli-module.js';
import { MdmRunError, MdmUsageError } from '../mdm/errors.js';
import { DEFAULT_STORE, parseStoreSpec, withStore } from '../mdm/store-spec.js';

/** Exit code for a command line that cannot be run. */
const EXIT_USAGE = 2;
/** Exit code for a malformed input file, an unreachable store or an account that cannot be billed. */
const EXIT_FAILED = 1;

const write = (text: string) => void process.stdout.write(text);

function fail(code: number, message: string): never {
  process.stderr.write(`error: ${message}\n`);
  throw new CommanderError(code, `gridmeter.billing.${code === EXIT_USAGE ? 'usage' : 'failed'}`, message);
}

/** Runs an action, turning the known errors into messages and exit codes. */
function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof CommanderError) throw error;
      if (error instanceof MdmUsageError) fail(EXIT_USAGE, error.message);
      if (
        error instanceof MdmRunError ||
        error instanceof StoreUnavailableError ||
        error instanceof BillingError
      ) {
        fail(EXIT_FAILED, error.message);
      }
      throw error;
    }
  };
}

/** Commander's own parse errors (unknown option, missing option) are usage errors too. */
function usageExit(command: Command): Command {
  return command.exitOverride((err) => {
    throw err.exitCode === 0 ? err : new CommanderError(EXIT_USAGE, err.code, err.message);
  });
}

interface BillingOpts {
  accounts: string;
  tariffs: string;
  period: string;
  store: string;
  out?: string;
}

/** The inputs both subcommands share, read and checked before the store is opened. */
function inputs(opts: BillingOpts) {
  const spec = parseStoreSpec(opts.store);
  periodOption(opts.period, 0); // a malformed --period is a usage error before any file is read
  const accounts = readAccounts(opts.accounts);
  const tariffs = readTariffs(opts.tariffs);
  const period = periodOption(opts.period, commonUtcOffset(tariffs));
  return { spec, accounts, tariffs, period };
}

function withInputOptions(command: Command): Command {
  return command
    .requiredOption(
      '--accounts <file>',
      'JSON: [{ id, tariffId, meters: [{ meterId, channel?, from?, to? }] }]',
    )
    .requiredOption('--tariffs <file>', 'JSON: { tariffId: [TariffVersion…] }')
    .requiredOption('--period <YYYY-MM>', "the month to bill, in the tariffs' local time")
    .addOption(new Option('--store <spec>', 'duckdb:PATH or postgres:URL[#schema]').default(DEFAULT_STORE));
}

function runCommand(billing: Command): void {
  usageExit(
    withInputOptions(
      billing.command('run').description('bill every account for a month from the stored interval data'),
    )
      .option('--out <file>', 'where to write the bills (JSON)', 'bills.json')
      .addHelpText(
        'after',
        `
Reads the latest interval versions (with quality) of each account's meters for the period, bills
them with runBills, prints a summary and writes the bills. An account that cannot be billed is
listed with the reason and the run exits 1 (the other bills are still written).

Example:
  gridmeter billing run --accounts accounts.json --tariffs tariffs.json --period 2026-03 --store duckdb:./gm.duckdb`,
      )
      .action(
        guarded(async (opts: BillingOpts) => {
          const { spec, accounts, tariffs, period } = inputs(opts);
          const report = await withStore(spec, (store) => runBilling(store, accounts, tariffs, period));
          const out = opts.out ?? 'bills.json';
          writeFileSync(out, billsJson(period, report.run));
          write(renderRun(opts.period, report, out));
          if (report.run.failures.length > 0) {
            throw new CommanderError(
              EXIT_FAILED,
              'gridmeter.billing.failed',
              'some accounts were not billed',
            );
          }
        }),
      ),
  );
}

function explainCommand(billing: Command): void {
  usageExit(
    withInputOptions(
      billing
        .command('explain <accountId>')
        .description("one account's bill for a month: every line with its explanation, taxes and total"),
    )
      .addHelpText(
        'after',
        `
Example:
  gridmeter billing explain A-1001 --accounts accounts.json --tariffs tariffs.json --period 2026-03`,
      )
      .action(
        guarded(async (accountId: string, opts: BillingOpts) => {
          const { spec, accounts, tariffs, period } = inputs(opts);
          const account = accounts.find((a) => a.id === accountId);
          if (!account) throw new MdmRunError(`account ${accountId} is not in ${opts.accounts}`);
          const report = await withStore(spec, (store) => runBilling(store, [account], tariffs, period));
          const failure = report.run.failures[0];
          if (failure) throw new MdmRunError(`account ${accountId}: ${failure.error.message}`);
          const bill = report.run.bills[0];
          if (bill) write(renderBill(bill));
        }),
      ),
  );
}

/** `gridmeter billing …`: bill runs over a store's interval data, and one bill explained. */
export const billingModule: CliModule = {
  name: 'billing',
  register(program) {
    const billing = program
      .command('billing')
      .description('bill runs from stored interval data, and a bill explained line by line');
    runCommand(billing);
    explainCommand(billing);
  },
};
