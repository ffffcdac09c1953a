import type { Command } from 'commander';

/**
 * A group of subcommands contributed by one package (`doctor`, `dlms …`, `headend …`). The CLI
 * is the composition root: each module lives in `src/commands/`, wires the adapters it needs, and
 * is listed once in `src/modules.ts`.
 *
 * @example
 * export const dlmsModule: CliModule = {
 *   name: 'dlms',
 *   register(program) {
 *     program.command('dlms').description('DLMS/COSEM tools');
 *   },
 * };
 */
export interface CliModule {
  readonly name: string;
  register(program: Command): void;
}
