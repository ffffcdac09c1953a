/** `gridmeter headend meters import|list`: the meter registry file. */
import { readFile } from 'node:fs/promises';
import { exportRegistry, importSimulatorKeys, MeterRegistry } from '@gridmeter/headend';
import { HeadendFailedError } from './errors.js';
import { table } from './table.js';
import { masterKeyFor, openTarget } from './target.js';

/**
 * Imports a fleet key file (`gridmeter simulate keys`) into the registry file (created when
 * absent), all rows or none; returns the line to print.
 */
export async function importMeters(
  csvFile: string,
  registryFile: string,
  options: { keyFile?: string; group?: string; replace?: boolean },
): Promise<string> {
  let text: string;
  try {
    text = await readFile(csvFile, 'utf8');
  } catch (error) {
    throw new HeadendFailedError(`cannot read ${csvFile}: ${(error as Error).message}`, { cause: error });
  }
  const masterKey = await masterKeyFor(options.keyFile);
  const registry = await MeterRegistry.open({ file: registryFile, masterKey });
  const added = await importSimulatorKeys(text, {
    registry,
    ...(options.group === undefined ? {} : { group: options.group }),
    ...(options.replace === undefined ? {} : { replace: options.replace }),
  });
  return `imported ${added} meters into ${registryFile} (now ${registry.size}; master key ${masterKey.id})\n`;
}

/** The registry without secrets: counts by group, state and profile, then one line per meter. */
export async function listMeters(
  registryFile: string,
  options: { keyFile?: string; group?: string; format: 'table' | 'json' },
): Promise<string> {
  const registry = await openTarget({
    kind: 'registry',
    file: registryFile,
    ...(options.keyFile === undefined ? {} : { keyFile: options.keyFile }),
  });
  const summary = exportRegistry(
    registry,
    options.group === undefined ? {} : { filter: { group: options.group } },
  );
  if (options.format === 'json') return `${JSON.stringify(summary, null, 2)}\n`;
  const counts = (c: Readonly<Record<string, number>>) =>
    Object.entries(c)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return (
    `${summary.meters} meters${options.group === undefined ? '' : ` in group ${options.group}`}\n` +
    `  by group:   ${counts(summary.byGroup)}\n` +
    `  by state:   ${counts(summary.byState)}\n` +
    `  by profile: ${counts(summary.byProfile)}\n\n` +
    table(
      ['id', 'medium', 'endpoint', 'association', 'profile', 'group', 'state', 'secrets held'],
      summary.rows.map((r) => [
        r.id,
        r.medium,
        `${r.host}:${r.port} ${r.framing}`,
        `${r.clientSap}/${r.serverSap} ${r.authentication} ${r.security}`,
        r.profileId,
        r.group,
        r.state,
        r.secrets.join(','),
      ]),
      '',
    )
  );
}
