import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportRegistry } from './export.js';
import { MasterKey } from './master-key.js';
import { MeterRegistry } from './registry.js';
import { importSimulatorKeys } from './simulator-keys.js';

// Distinctive made-up secrets, so any leak in any encoding is easy to spot.
const MASTER = Buffer.from('5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7', 'hex');
const EK = 'E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4';
const AK = 'A7A7A7A7A7A7A7A7A7A7A7A7A7A7A7A7';
const LLS = '97531864';

/** Every form in which a secret could show: hex either case, base64, decimal bytes, the text itself. */
function forms(bytes: Buffer): string[] {
  const hex = bytes.toString('hex');
  return [
    hex,
    hex.toUpperCase(),
    bytes.toString('base64').slice(0, 16),
    [...bytes.subarray(0, 4)].join(', '),
  ];
}
const SECRETS = [...forms(MASTER), ...forms(Buffer.from(EK, 'hex')), ...forms(Buffer.from(AK, 'hex')), LLS];

function expectClean(text: string) {
  for (const s of SECRETS) expect(text, `leaks ${s}`).not.toContain(s);
}

describe('secrets never show', () => {
  it('in the registry file, JSON of records and exports, inspect of the registry, credentials and errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gm-leak-'));
    try {
      const masterKey = MasterKey.fromBytes(MASTER);
      const file = join(dir, 'meters.json');
      const registry = await MeterRegistry.open({ file, masterKey });
      const csv = `meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password\nGM00000001,127.0.0.1,4059,household,474D540000000000,${EK},${AK},${LLS}\n`;
      await importSimulatorKeys(csv, { registry });
      const creds = registry.credentials('GM00000001');
      expect(Buffer.from(creds.encryptionKey!).toString('hex').toUpperCase()).toBe(EK);

      const error = await importSimulatorKeys(csv.replace('4059', '0'), { registry }).catch(
        (e: unknown) => e,
      );
      const wrongKey = await MeterRegistry.open({ file, masterKey: MasterKey.generate() }).catch(
        (e: unknown) => e,
      );
      const moved = await MeterRegistry.open({ masterKey });
      await moved.add({ ...registry.require('GM00000001'), id: 'GM00000002' }, creds);
      const texts = [
        await readFile(file, 'utf8'),
        JSON.stringify(registry.get('GM00000001')),
        JSON.stringify(registry),
        JSON.stringify(exportRegistry(registry)),
        JSON.stringify(creds),
        String(creds),
        `${registry}`,
        `${masterKey}`,
        JSON.stringify(masterKey),
        inspect(registry, { showHidden: true, depth: 10 }),
        inspect(masterKey, { showHidden: true, depth: 10 }),
        inspect(creds, { depth: 10 }),
        inspect(error, { showHidden: true, depth: 10 }),
        inspect(wrongKey, { showHidden: true, depth: 10 }),
        JSON.stringify(moved.get('GM00000002')),
      ];
      expect(texts[4]).toBe(
        '{"llsPassword":"[redacted]","encryptionKey":"[redacted]","authenticationKey":"[redacted]","serverSystemTitle":"[redacted]"}',
      );
      expect(texts[11]).toContain('encryptionKey: [redacted]');
      for (const text of texts) expectClean(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
