import { Fleet, type FleetSpec, SimClock } from '@gridmeter/simulator';
import { csvField } from './csv.js';

/** The columns of the key file the head-end's meter registry imports. */
export const KEY_COLUMNS = [
  'meter_id',
  'address',
  'port',
  'kind',
  'system_title',
  'encryption_key',
  'authentication_key',
  'lls_password',
] as const;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

/**
 * The key file of a fleet, derived offline from its spec (seed and size): one CSV line per fleet
 * member (customer and check meters) with its address, DLMS port, kind, system title, suite 0
 * keys (EK, AK) and LLS password. It holds secrets. Yields the header, then chunks of lines.
 *
 * @example
 * for (const chunk of keyFileChunks({ seed: 1, meters: 100, historyStart: 0 }, 4059)) out.write(chunk);
 */
export function* keyFileChunks(spec: FleetSpec, port: number, linesPerChunk = 4096): Generator<string> {
  const fleet = new Fleet({ spec, clock: new SimClock(spec.historyStart, { frozen: true }) });
  yield `${KEY_COLUMNS.join(',')}\n`;
  let lines: string[] = [];
  for (let i = 0; i < fleet.size; i++) {
    const id = fleet.identity(i);
    lines.push(
      [
        id.id,
        id.address,
        port,
        id.kind,
        hex(id.systemTitle),
        hex(id.encryptionKey),
        hex(id.authenticationKey),
        id.llsPassword,
      ]
        .map(csvField)
        .join(','),
    );
    if (lines.length === linesPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
