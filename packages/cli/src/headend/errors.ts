/** Errors and exit codes of `gridmeter headend …` and `gridmeter demo`. */
import {
  CommandNotFoundError,
  JournalCorruptError,
  KeyImportError,
  PoolWorkError,
  RegistryError,
  SecretError,
} from '@gridmeter/headend';
import { type Command, CommanderError } from 'commander';
import { SimulateUsageError } from '../simulate/options.js';
import { SimulatorStartError } from '../simulate/run.js';

/** Exit code for a command line that cannot be run. */
export const EXIT_USAGE = 2;
/** Exit code when the work was tried and failed (a meter, a file, a key). */
export const EXIT_FAILED = 1;

/** A bad `gridmeter headend`/`demo` command line; printed, exit 2. */
export class HeadendUsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HeadendUsageError';
  }
}

/** Something the command tried failed (a read, a command, a file); printed, exit 1. */
export class HeadendFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HeadendFailedError';
  }
}

function exitCodeOf(error: unknown): number | undefined {
  if (error instanceof HeadendUsageError || error instanceof SimulateUsageError) return EXIT_USAGE;
  if (
    error instanceof HeadendFailedError ||
    error instanceof PoolWorkError ||
    error instanceof SecretError ||
    error instanceof RegistryError ||
    error instanceof KeyImportError ||
    error instanceof JournalCorruptError ||
    error instanceof CommandNotFoundError ||
    error instanceof SimulatorStartError
  )
    return EXIT_FAILED;
  return undefined;
}

/** Runs an action, turning the expected errors into `error: …` on stderr and an exit code. */
export function guarded<A extends unknown[]>(
  group: string,
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      const code = exitCodeOf(error);
      if (code === undefined) throw error;
      process.stderr.write(`error: ${(error as Error).message}\n`);
      throw new CommanderError(
        code,
        `gridmeter.${group}.${code === EXIT_USAGE ? 'usage' : 'failed'}`,
        (error as Error).message,
      );
    }
  };
}

/** Commander's own parse errors (unknown option, bad choice, missing argument) exit 2 too. */
export function usageExit(command: Command): Command {
  return command.exitOverride((err) => {
    throw err.exitCode === 0 ? err : new CommanderError(EXIT_USAGE, err.code, err.message);
  });
}
