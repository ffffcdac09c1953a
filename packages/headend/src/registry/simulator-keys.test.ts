import { describe, expect, it } from 'vitest';
import { KeyImportError } from './errors.js';
import { MasterKey } from './master-key.js';
import { MeterRegistry } from './registry.js';
import { importSimulatorKeys } from './simulator-keys.js';

const master = MasterKey.fromBytes(new Uint8Array(32).fill(3));
const HEADER = 'meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password';
// Made-up keys: EK 00..0f, AK 10..1f, system titles "GMT" + index.
const EK = '000102030405060708090A0B0C0D0E0F';
const AK = '101112131415161718191A1B1C1D1E1F';
const CSV = [
  HEADER,
  `GM00000001,127.0.0.1,4059,household,474D540000000000,${EK},${AK},01234567`,
  `GM00000002,127.0.0.2,4059,water,474D540000000001,${EK},${AK},76543210`,
  `GM00000003,127.0.0.3,4059,industrial,474D540000000002,${EK},${AK},11111111`,
  `GMC0000000,127.0.0.4,4059,transformer-check,474D540000000003,${EK},${AK},22222222`,
  '',
].join('\r\n');

async function registry() {
  return MeterRegistry.open({ masterKey: master });
}

describe('importSimulatorKeys', () => {
  it('registers each row with the management association, a wrapper endpoint and the profile of its kind', async () => {
    const reg = await registry();
    expect(await importSimulatorKeys(CSV, { registry: reg })).toBe(4);
    expect(reg.get('GM00000001')).toEqual({
      id: 'GM00000001',
      medium: 'electricity',
      endpoint: { transport: 'tcp', host: '127.0.0.1', port: 4059, framing: 'wrapper' },
      protocol: 'dlms',
      association: {
        clientSap: 1,
        serverSap: 1,
        authentication: 'hls-gmac',
        security: 'authenticated-encrypted',
      },
      profileId: 'gridmeter-sim-electricity',
      group: 'household',
      topology: {},
      state: 'active',
    });
    expect(reg.get('GM00000002')).toMatchObject({
      medium: 'water',
      profileId: 'gridmeter-sim-water',
      group: 'water',
    });
    expect(reg.get('GM00000003')?.profileId).toBe('gridmeter-sim-electricity-3p');
    expect(reg.get('GMC0000000')?.group).toBe('transformer-check');
    const c = reg.credentials('GM00000002');
    expect(Buffer.from(c.encryptionKey!).toString('hex').toUpperCase()).toBe(EK);
    expect(Buffer.from(c.authenticationKey!).toString('hex').toUpperCase()).toBe(AK);
    expect(new TextDecoder().decode(c.llsPassword)).toBe('76543210');
    expect(reg.bySystemTitle('474d540000000001')?.id).toBe('GM00000002');
  });

  it('applies host, port and group overrides, and accepts quoted fields and any column order', async () => {
    const reg = await registry();
    const csv = `kind,${HEADER.replace(',kind', '')}\n"gas",GM00000009,"127.0.0.9",4059,474D540000000009,${EK},${AK},"0000,0001"\n`;
    await importSimulatorKeys(csv, { registry: reg, host: 'sim.local', port: 5000, group: 'trial' });
    expect(reg.get('GM00000009')).toMatchObject({
      medium: 'gas',
      endpoint: { host: 'sim.local', port: 5000 },
      group: 'trial',
      profileId: 'gridmeter-sim-gas',
    });
    expect(new TextDecoder().decode(reg.credentials('GM00000009').llsPassword)).toBe('0000,0001');
  });

  it('reports every malformed row by line, imports nothing, and never echoes a key', async () => {
    const reg = await registry();
    const csv = [
      HEADER,
      `GM00000001,127.0.0.1,4059,household,474D540000000000,${EK},${AK},01234567`,
      `GM00000002,127.0.0.2,4059,toaster,474D540000000001,${EK},${AK},1`,
      `GM00000003,127.0.0.3,99999,household,474D540000000002,${EK.slice(2)},${AK},1`,
      `GM00000004,127.0.0.4,4059,household`,
      `GM00000001,127.0.0.5,4059,household,474D540000000005,${EK},${AK},1`,
      `GM00000006,not a host,4059,gas,474D540000000006,${EK},${AK},1`,
      `GM00000007,127.0.0.7,4059,gas,474D540000000007,${EK},${AK},"unterminated`,
    ].join('\n');
    const error = (await importSimulatorKeys(csv, { registry: reg }).catch(
      (e: unknown) => e,
    )) as KeyImportError;
    expect(error).toBeInstanceOf(KeyImportError);
    expect(error.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(error.problems[0]!.message).toMatch(
      /meter GM00000002: kind must be one of household, .*got "toaster"/,
    );
    expect(error.problems[1]!.message).toMatch(
      /port must be 1-65535, got "99999"; encryption_key must be 32 hex digits \(16 bytes\), got 30 characters/,
    );
    expect(error.problems[2]!.message).toBe('expected 8 fields, got 4');
    expect(error.problems[3]!.message).toBe('meter GM00000001 is already on line 2');
    expect(error.problems[4]!.message).toMatch(/Meter GM00000006: endpoint.host must be/);
    expect(error.problems[5]!.message).toBe('a quoted field is not closed');
    expect(error.message).toMatch(/^Cannot import key file: line 3: /);
    expect(error.message).not.toContain(EK.slice(2));
    expect(error.message).not.toContain(AK);
    expect(reg.size).toBe(0);
  });

  it('rejects a header without the required columns, and ids already registered unless replacing', async () => {
    const reg = await registry();
    await expect(importSimulatorKeys('meter_id,address\n', { registry: reg })).rejects.toThrow(
      /line 1: the header lacks column\(s\) port, kind, system_title, encryption_key, authentication_key, lls_password/,
    );
    await expect(importSimulatorKeys('', { registry: reg })).rejects.toThrow(/line 1: the file is empty/);
    await importSimulatorKeys(CSV, { registry: reg });
    await expect(importSimulatorKeys(CSV, { registry: reg })).rejects.toThrow(
      /line 2: Meter GM00000001 is already registered/,
    );
    expect(await importSimulatorKeys(CSV, { registry: reg, replace: true })).toBe(4);
  });
});
