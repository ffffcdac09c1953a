import { CommanderError } from 'commander';
import { modules } from './modules.js';
import { createProgram } from './program.js';

/** Runs the CLI on `argv` (as `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram(modules);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    console.error(e instanceof Error ? `gridmeter: ${e.message}` : e);
    return 1;
  }
}
