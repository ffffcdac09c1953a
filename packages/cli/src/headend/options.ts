/** Reading `gridmeter headend` options: collection jobs and where the meters come from. */
import type { CollectionJob } from '@gridmeter/headend';
import type { Command } from 'commander';
import { intOption } from '../simulate/options.js';
import { HeadendUsageError } from './errors.js';

/** Every collection job, in the order the collector runs them. */
export const ALL_JOBS: readonly CollectionJob[] = [
  'clock',
  'profile',
  'registers',
  'instantaneous',
  'billing',
  'events',
];

/** `--jobs clock,profile,…` → the jobs; a usage error names the unknown one. */
export function jobsOption(text: string): CollectionJob[] {
  const jobs = text
    .split(',')
    .map((j) => j.trim())
    .filter((j) => j !== '');
  if (jobs.length === 0)
    throw new HeadendUsageError(`--jobs must name at least one of ${ALL_JOBS.join(',')}`);
  for (const j of jobs) {
    if (!(ALL_JOBS as readonly string[]).includes(j)) {
      throw new HeadendUsageError(`--jobs: unknown job "${j}"; the jobs are ${ALL_JOBS.join(',')}`);
    }
  }
  return [...new Set(jobs)] as CollectionJob[];
}

/** Where the meters come from: a registry file, or a simulated fleet derived from its seed. */
export type TargetSpec =
  | { readonly kind: 'registry'; readonly file: string; readonly keyFile?: string }
  | {
      readonly kind: 'simulator';
      readonly seed: number;
      readonly meters: number;
      readonly port: number;
    };

/** The raw options {@link targetOption} reads. */
export interface TargetOptions {
  readonly registry?: string;
  readonly keyFile?: string;
  readonly simSeed?: string;
  readonly simMeters?: string;
  readonly simPort: string;
}

/** Adds `--registry`, `--key-file` and the `--sim-…` alternative to a command. */
export function withTarget(command: Command): Command {
  return command
    .option('--registry <file>', 'the meter registry file (see `headend meters import`)')
    .option(
      '--key-file <file>',
      'master key file (created 0600 if absent) when $GRIDMETER_MASTER_KEY is unset',
    )
    .option('--sim-seed <s>', 'instead of --registry: the seed of a running `gridmeter simulate`')
    .option('--sim-meters <n>', 'instead of --registry: its --meters')
    .option('--sim-port <port>', "the simulator's DLMS port", '4059');
}

/** Checks that exactly one of `--registry` and `--sim-seed`/`--sim-meters` is given. */
export function targetOption(o: TargetOptions): TargetSpec {
  const sim = o.simSeed !== undefined || o.simMeters !== undefined;
  if (o.registry !== undefined && sim) throw new HeadendUsageError('give --registry or --sim-…, not both');
  if (o.registry !== undefined) {
    return { kind: 'registry', file: o.registry, ...(o.keyFile === undefined ? {} : { keyFile: o.keyFile }) };
  }
  if (o.simSeed === undefined || o.simMeters === undefined) {
    throw new HeadendUsageError(
      'give --registry FILE, or --sim-seed S --sim-meters N for a running simulator',
    );
  }
  return {
    kind: 'simulator',
    seed: intOption('--sim-seed', o.simSeed, -2_147_483_648, 4_294_967_295),
    meters: intOption('--sim-meters', o.simMeters, 1, 8_323_072),
    port: intOption('--sim-port', o.simPort, 1, 65_535),
  };
}
