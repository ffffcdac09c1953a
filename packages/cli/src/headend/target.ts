/** Opening the meters a `gridmeter headend` command works on. */
import { existsSync } from 'node:fs';
import {
  importSimulatorKeys,
  MASTER_KEY_ENV,
  MasterKey,
  MeterProfileStore,
  MeterRegistry,
} from '@gridmeter/headend';
import { keyFileChunks } from '../simulate/keys-csv.js';
import { HeadendFailedError, HeadendUsageError } from './errors.js';
import type { TargetSpec } from './options.js';

/** The master key from `$GRIDMETER_MASTER_KEY`, else from `keyFile` (created with mode 0600 if absent). */
export async function masterKeyFor(keyFile: string | undefined): Promise<MasterKey> {
  if (keyFile === undefined && (process.env[MASTER_KEY_ENV] ?? '').trim() === '') {
    throw new HeadendUsageError(`no master key: set $${MASTER_KEY_ENV} or give --key-file FILE`);
  }
  return MasterKey.resolve(keyFile === undefined ? {} : { keyFile });
}

/**
 * An in-memory registry of a simulated fleet, derived from its seed and size the way an operator
 * would build it: the fleet's key file (`gridmeter simulate keys`) imported under a fresh master key.
 *
 * @example
 * const registry = await simulatorRegistry({ seed: 1, meters: 100 }, 4059);
 */
export async function simulatorRegistry(
  fleet: { readonly seed: number; readonly meters: number },
  port: number,
): Promise<MeterRegistry> {
  const registry = await MeterRegistry.open({
    masterKey: MasterKey.generate(),
    profiles: new MeterProfileStore(),
  });
  const csv = [...keyFileChunks({ seed: fleet.seed, meters: fleet.meters, historyStart: 0 }, port)].join('');
  await importSimulatorKeys(csv, { registry });
  return registry;
}

/** The registry a command works on: its file (which must exist), or one derived from a simulator. */
export async function openTarget(target: TargetSpec): Promise<MeterRegistry> {
  if (target.kind === 'simulator') return simulatorRegistry(target, target.port);
  if (!existsSync(target.file)) {
    throw new HeadendFailedError(
      `no meter registry at ${target.file}; create it with \`gridmeter headend meters import <keys.csv> --registry ${target.file}\``,
    );
  }
  return MeterRegistry.open({ file: target.file, masterKey: await masterKeyFor(target.keyFile) });
}
