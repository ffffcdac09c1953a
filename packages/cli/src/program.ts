import { Command } from 'commander';
import type { CliModule } from './cli-module.js';
import { cliVersion } from './version.js';

/** Builds the `gridmeter` command with every module's subcommands registered. */
export function createProgram(modules: readonly CliModule[]): Command {
  const program = new Command('gridmeter')
    .description('Gridmeter: an open smart-metering platform (AMI): virtual meters, head-end, MDM, billing.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true })
    // Before the modules register, so their subcommands inherit it: parse errors come back as
    // CommanderError to main() instead of calling process.exit.
    .exitOverride();
  const seen = new Set<string>();
  for (const m of modules) {
    if (seen.has(m.name)) throw new Error(`CLI module "${m.name}" registered twice`);
    seen.add(m.name);
    m.register(program);
  }
  return program;
}
