import { parseCsv } from './csv.js';
import { KeyImportError, type KeyImportProblem } from './errors.js';
import type { MeterRegistry, NewMeter } from './registry.js';
import type { MeterAssociation, MeterRecord } from './types.js';

/** Columns of the key file `gridmeter simulate keys` writes (keys and title in hex). */
export const SIMULATOR_KEY_COLUMNS = [
  'meter_id',
  'address',
  'port',
  'kind',
  'system_title',
  'encryption_key',
  'authentication_key',
  'lls_password',
] as const;

/** The simulator's management association: client SAP 1, HLS-GMAC, suite 0 authenticated encryption. */
export const SIMULATOR_MANAGEMENT_ASSOCIATION: MeterAssociation = {
  clientSap: 1,
  serverSap: 1,
  authentication: 'hls-gmac',
  security: 'authenticated-encrypted',
};

/** Simulator meter kind → medium and profile. */
const KINDS: Readonly<Record<string, { medium: MeterRecord['medium']; profileId: string }>> = {
  household: { medium: 'electricity', profileId: 'gridmeter-sim-electricity' },
  prosumer: { medium: 'electricity', profileId: 'gridmeter-sim-electricity' },
  commercial: { medium: 'electricity', profileId: 'gridmeter-sim-electricity-3p' },
  industrial: { medium: 'electricity', profileId: 'gridmeter-sim-electricity-3p' },
  'transformer-check': { medium: 'electricity', profileId: 'gridmeter-sim-electricity-3p' },
  water: { medium: 'water', profileId: 'gridmeter-sim-water' },
  gas: { medium: 'gas', profileId: 'gridmeter-sim-gas' },
};

/** Options of {@link importSimulatorKeys}. */
export interface ImportSimulatorKeysOptions {
  readonly registry: MeterRegistry;
  /** Dial this host instead of each meter's address (the simulator tells meters apart by address). */
  readonly host?: string;
  /** Dial this port instead of the file's. */
  readonly port?: number;
  /** Put every meter in this collection group instead of one group per kind. */
  readonly group?: string;
  /** Replace meters already registered (default: an existing id is an error). */
  readonly replace?: boolean;
}

const encoder = new TextEncoder();

function hexBytes(value: string, bytes: number, column: string): Uint8Array | string {
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value)) {
    return `${column} must be ${bytes * 2} hex digits (${bytes} bytes), got ${value.length} characters`;
  }
  return Uint8Array.from(Buffer.from(value, 'hex'));
}

/**
 * Imports the key file of a simulated fleet (`gridmeter simulate keys`): one meter per row with the
 * management association, a TCP wrapper endpoint at the row's address and port, the simulator
 * profile of its kind, group = kind (or `group`), state active. The LLS password is taken as text
 * (the simulator's 8 digits). All rows or none: every bad row is reported by line in one
 * {@link KeyImportError}, with no secret value in the message. Returns how many meters were added.
 *
 * @example
 * await importSimulatorKeys(await readFile('keys.csv', 'utf8'), { registry });
 */
export async function importSimulatorKeys(
  csvText: string,
  options: ImportSimulatorKeysOptions,
): Promise<number> {
  const problems: KeyImportProblem[] = [];
  const meters: NewMeter[] = [];
  const rows = parseCsv(csvText);
  const first = rows.next();
  if (first.done) throw new KeyImportError([{ line: 1, message: 'the file is empty' }]);
  const header = first.value.fields.map((f) => f.trim());
  const index = new Map(header.map((name, k) => [name, k]));
  const missing = SIMULATOR_KEY_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new KeyImportError([
      { line: first.value.line, message: `the header lacks column(s) ${missing.join(', ')}` },
    ]);
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    const problem = (message: string) => problems.push({ line: row.line, message });
    if (row.error !== undefined) {
      problem(row.error);
      continue;
    }
    if (row.fields.length !== header.length) {
      problem(`expected ${header.length} fields, got ${row.fields.length}`);
      continue;
    }
    const get = (c: (typeof SIMULATOR_KEY_COLUMNS)[number]) => row.fields[index.get(c)!]!.trim();
    const id = get('meter_id');
    const before = seen.get(id);
    if (before !== undefined) {
      problem(`meter ${id} is already on line ${before}`);
      continue;
    }
    seen.set(id, row.line);
    const kind = KINDS[get('kind')];
    const port = options.port ?? Number(get('port'));
    const title = hexBytes(get('system_title'), 8, 'system_title');
    const ek = hexBytes(get('encryption_key'), 16, 'encryption_key');
    const ak = hexBytes(get('authentication_key'), 16, 'authentication_key');
    const lls = get('lls_password');
    const errors = [
      kind === undefined ? `kind must be one of ${Object.keys(KINDS).join(', ')}, got "${get('kind')}"` : '',
      Number.isInteger(port) && port >= 1 && port <= 65535
        ? ''
        : `port must be 1-65535, got "${get('port')}"`,
      ...[title, ek, ak].filter((v): v is string => typeof v === 'string'),
      lls === '' ? 'lls_password is empty' : '',
    ].filter((e) => e !== '');
    if (errors.length > 0) {
      problem(`meter ${id || '(no id)'}: ${errors.join('; ')}`);
      continue;
    }
    meters.push({
      record: {
        id,
        medium: kind!.medium,
        endpoint: { transport: 'tcp', host: options.host ?? get('address'), port, framing: 'wrapper' },
        protocol: 'dlms',
        association: SIMULATOR_MANAGEMENT_ASSOCIATION,
        profileId: kind!.profileId,
        group: options.group ?? get('kind'),
        topology: {},
        state: 'active',
      },
      credentials: {
        serverSystemTitle: title as Uint8Array,
        encryptionKey: ek as Uint8Array,
        authenticationKey: ak as Uint8Array,
        llsPassword: encoder.encode(lls),
      },
    });
  }
  // Record checks (address, group, profile…) run here so that they too are reported by line.
  const checked: NewMeter[] = [];
  for (const m of meters) {
    try {
      options.registry.validate(m);
      checked.push(m);
    } catch (error) {
      problems.push({ line: seen.get(m.record.id)!, message: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new KeyImportError(problems.sort((a, b) => a.line - b.line));
  try {
    return await options.registry.addMany(
      checked,
      options.replace === undefined ? {} : { replace: options.replace },
    );
  } catch (error) {
    const id = (error as { meterId?: string }).meterId;
    const line = id === undefined ? 0 : (seen.get(id) ?? 0);
    throw new KeyImportError([{ line, message: (error as Error).message }], { cause: error });
  }
}
