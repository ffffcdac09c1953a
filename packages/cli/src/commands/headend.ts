import { existsSync } from 'node:fs';
import { CommandJournal } from '@gridmeter/headend';
import { type Command, Option } from 'commander';
import type { CliModule } from '../cli-module.js';
import { collectRound } from '../headend/collect.js';
import { type ActionOptions, COMMAND_VERBS, type CommandVerb } from '../headend/command-actions.js';
import { guarded, HeadendFailedError, usageExit } from '../headend/errors.js';
import { importMeters, listMeters } from '../headend/meters.js';
import { jobsOption, type TargetOptions, targetOption, withTarget } from '../headend/options.js';
import { readMeter } from '../headend/read.js';
import { auditTable, commandBlock, commandList } from '../headend/render-command.js';
import { requireSucceeded, runCommand } from '../headend/run-command.js';
import { intOption } from '../simulate/options.js';

const write = (text: string) => void process.stdout.write(text);
const guard = <A extends unknown[]>(action: (...args: A) => Promise<void>) => guarded('headend', action);

function metersCommands(headend: Command): void {
  const meters = headend.command('meters').description('the meter registry: import a key file, list meters');
  usageExit(
    meters
      .command('import')
      .description(
        'import a fleet key file (`gridmeter simulate keys`) into a registry file, all rows or none',
      )
      .argument(
        '<keys.csv>',
        'meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password',
      )
      .requiredOption('--registry <file>', 'the registry file (created when absent)')
      .option(
        '--key-file <file>',
        'master key file (created 0600 if absent) when $GRIDMETER_MASTER_KEY is unset',
      )
      .option('--group <g>', 'put every meter in this collection group (default: one group per kind)')
      .option('--replace', 'replace meters already registered')
      .addHelpText(
        'after',
        `
Secrets are sealed under the master key (AES-256-GCM) in the file and never printed.

Example:
  gridmeter simulate keys --meters 100 --seed 1 --out keys.csv
  gridmeter headend meters import keys.csv --registry meters.json --key-file master.key`,
      )
      .action(
        guard(
          async (csv: string, o: { registry: string; keyFile?: string; group?: string; replace?: boolean }) =>
            write(await importMeters(csv, o.registry, o)),
        ),
      ),
  );
  usageExit(
    meters
      .command('list')
      .description('the meters of a registry file, without secrets')
      .requiredOption('--registry <file>', 'the registry file')
      .option('--key-file <file>', 'master key file when $GRIDMETER_MASTER_KEY is unset')
      .option('--group <g>', 'only this collection group')
      .addOption(new Option('--format <format>', 'output').choices(['table', 'json']).default('table'))
      .action(
        guard(async (o: { registry: string; keyFile?: string; group?: string; format: 'table' | 'json' }) =>
          write(await listMeters(o.registry, o)),
        ),
      ),
  );
}

function readCommand(headend: Command): void {
  usageExit(
    withTarget(
      headend
        .command('read')
        .description('read one meter now and print what was collected (interval blocks, registers, events)')
        .argument('<meterId>', 'e.g. GM00000042'),
    )
      .option(
        '--jobs <list>',
        'clock,profile,registers,events,instantaneous,billing',
        'clock,profile,registers,events',
      )
      .addOption(new Option('--format <format>', 'output').choices(['table', 'json']).default('table'))
      .addHelpText(
        'after',
        `
Exit code 1 with the reason when the meter cannot be read (connect-refused, response-timeout, …).

Examples:
  gridmeter headend read GM00000042 --registry meters.json --key-file master.key
  gridmeter headend read GM00000042 --sim-seed 1 --sim-meters 1000 --jobs registers --format json`,
      )
      .action(
        guard(async (meterId: string, o: TargetOptions & { jobs: string; format: 'table' | 'json' }) =>
          write(await readMeter(targetOption(o), meterId, jobsOption(o.jobs), o.format)),
        ),
      ),
  );
}

function collectCommand(headend: Command): void {
  usageExit(
    withTarget(headend.command('collect').description('one collection round with progress and a KPI summary'))
      .option('--group <g>', 'only this collection group')
      .option(
        '--jobs <list>',
        'clock,profile,registers,events,instantaneous,billing',
        'clock,profile,registers,events',
      )
      .option('--concurrency <n>', 'sessions at once', '100')
      .option('--state <file>', 'collection state: continue from it, save to it after the round')
      .addHelpText(
        'after',
        `
A meter's first profile read reaches back to the start of yesterday (UTC); with --state the next
run reads from the last interval stored and re-reads open gaps.

Example:
  gridmeter headend collect --sim-seed 1 --sim-meters 1000 --state collect-state.json`,
      )
      .action(
        guard(
          async (o: TargetOptions & { group?: string; jobs: string; concurrency: string; state?: string }) =>
            collectRound(
              {
                target: targetOption(o),
                jobs: jobsOption(o.jobs),
                concurrency: intOption('--concurrency', o.concurrency, 1, 5_000),
                tty: process.stdout.isTTY === true,
                ...(o.group === undefined ? {} : { group: o.group }),
                ...(o.state === undefined ? {} : { stateFile: o.state }),
              },
              write,
            ),
        ),
      ),
  );
}

type VerbOptions = TargetOptions &
  ActionOptions & { journal: string; key?: string; priority: string; by?: string };

function commandCommands(headend: Command): void {
  const command = headend
    .command('command')
    .description('commands with a durable lifecycle: submit and run one, list the journal, show one');
  for (const verb of COMMAND_VERBS) {
    usageExit(
      withTarget(
        command
          .command(verb)
          .description(`submit a ${verb} command and run it to its end`)
          .argument('<meterId>', 'e.g. GM00000042'),
      )
        .requiredOption('--journal <file>', 'the command journal (NDJSON, created when absent)')
        .option('--amount <n>', 'top-up: amount in minor units (cents)')
        .option('--currency <code>', 'top-up: currency', 'EUR')
        .option('--threshold <W>', 'set-limiter: threshold in W')
        .option('--to <iso>', 'set-clock: the time to set (default: now)')
        .option('--what <what>', 'read-now: registers|instantaneous|load-profile|events', 'registers')
        .option('--key <key>', 'idempotency key: the same key returns the same command, run at most once')
        .option('--priority <n>', 'higher runs first', '0')
        .option('--by <who>', 'who asks, for the audit (default: cli:$USER)')
        .action(
          guard(async (meterId: string, o: VerbOptions) => {
            const out = await runCommand({
              journal: o.journal,
              target: targetOption(o),
              verb: verb as CommandVerb,
              meterId,
              options: o,
              priority: intOption('--priority', o.priority, -1_000_000, 1_000_000),
              requestedBy: o.by ?? `cli:${process.env.USER ?? 'unknown'}`,
              ...(o.key === undefined ? {} : { idempotencyKey: o.key }),
            });
            write(commandBlock(out.command, out.result, out.reused));
            requireSucceeded(out.command);
          }),
        ),
    );
  }
  usageExit(
    command
      .command('list')
      .description('the commands of a journal, oldest first')
      .requiredOption('--journal <file>', 'the command journal')
      .option('--meter <id>', 'only this meter')
      .action(
        guard(async (o: { journal: string; meter?: string }) => {
          const journal = await openJournal(o.journal);
          write(commandList(journal.list(o.meter === undefined ? {} : { meterId: o.meter })));
          await journal.close();
        }),
      ),
  );
  usageExit(
    command
      .command('show')
      .description('one command with its result and audit trail (who, what, when)')
      .argument('<id>', 'command id (as `command list` prints it)')
      .requiredOption('--journal <file>', 'the command journal')
      .action(
        guard(async (id: string, o: { journal: string }) => {
          const journal = await openJournal(o.journal);
          try {
            const c = journal.get(id);
            if (!c) throw new HeadendFailedError(`no command ${id} in ${o.journal}`);
            write(commandBlock(c, journal.result(id)));
            write(auditTable(journal.audit(id)));
          } finally {
            await journal.close();
          }
        }),
      ),
  );
}

async function openJournal(file: string): Promise<CommandJournal> {
  if (!existsSync(file)) throw new HeadendFailedError(`no command journal at ${file}`);
  return CommandJournal.open(file);
}

/**
 * `gridmeter headend …`: the head-end from the command line — the meter registry (`meters
 * import|list`), on-demand reads (`read`), collection rounds (`collect`) and commands (`command`).
 */
export const headendModule: CliModule = {
  name: 'headend',
  register(program) {
    const headend = program
      .command('headend')
      .description('head-end: meter registry, on-demand reads, collection rounds, commands');
    metersCommands(headend);
    readCommand(headend);
    collectCommand(headend);
    commandCommands(headend);
  },
};
