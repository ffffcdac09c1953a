import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError, SecretError } from './errors.js';
import { MasterKey } from './master-key.js';
import { MeterRegistry } from './registry.js';
import type { MeterCredentials, MeterRecord } from './types.js';

const master = MasterKey.fromBytes(new Uint8Array(32).fill(7));
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gm-registry-'));
  file = join(dir, 'meters.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(n: number, over: Partial<MeterRecord> = {}): MeterRecord {
  return {
    id: `GM${String(n).padStart(8, '0')}`,
    medium: 'electricity',
    endpoint: { transport: 'tcp', host: `127.0.0.${(n % 250) + 1}`, port: 4059, framing: 'wrapper' },
    protocol: 'dlms',
    association: {
      clientSap: 1,
      serverSap: 1,
      authentication: 'hls-gmac',
      security: 'authenticated-encrypted',
    },
    profileId: 'gridmeter-sim-electricity',
    group: 'household',
    topology: { transformerId: `T${n % 2}` },
    state: 'active',
    ...over,
  };
}

function creds(n: number): MeterCredentials {
  const title = new Uint8Array(8);
  title.set([0x47, 0x4d, 0x54]);
  new DataView(title.buffer).setUint32(4, n);
  return {
    serverSystemTitle: title,
    encryptionKey: new Uint8Array(16).fill(n & 0xff),
    authenticationKey: new Uint8Array(16).fill((n + 1) & 0xff),
    llsPassword: new TextEncoder().encode('12345678'),
  };
}

describe('MeterRegistry', () => {
  it('adds, gets, lists, updates and removes meters', async () => {
    const registry = await MeterRegistry.open({ file, masterKey: master });
    await registry.add(record(1), creds(1));
    await registry.add(record(2, { group: 'prosumer', state: 'inactive' }), creds(2));
    await registry.add(record(3), creds(3));
    expect(registry.size).toBe(3);
    expect(registry.get('GM00000002')?.group).toBe('prosumer');
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.list({ group: 'household' }).map((r) => r.id)).toEqual(['GM00000001', 'GM00000003']);
    expect(registry.list({ state: 'inactive' }).map((r) => r.id)).toEqual(['GM00000002']);
    expect(registry.list({ transformerId: 'T1' }).map((r) => r.id)).toEqual(['GM00000001', 'GM00000003']);
    const updated = await registry.update('GM00000001', { state: 'decommissioned', group: 'retired' });
    expect(updated).toMatchObject({ id: 'GM00000001', state: 'decommissioned', group: 'retired' });
    expect(registry.get('GM00000001')?.endpoint.host).toBe('127.0.0.2');
    expect(await registry.remove('GM00000003')).toBe(true);
    expect(await registry.remove('GM00000003')).toBe(false);
    expect(registry.size).toBe(2);
    await expect(registry.add(record(1), creds(9))).rejects.toThrow(/Meter GM00000001 is already registered/);
    await expect(registry.update('GM00000009', { group: 'x' })).rejects.toThrow(/Unknown meter GM00000009/);
  });

  it('finds a meter by its endpoint host unless several share it', async () => {
    const registry = await MeterRegistry.open({ masterKey: master });
    await registry.add(record(1), creds(1));
    await registry.add(record(2), creds(2));
    await registry.add(record(252), creds(252)); // 127.0.0.3 like meter 2
    expect(registry.byEndpointHost('127.0.0.2')?.id).toBe('GM00000001');
    expect(registry.byEndpointHost('::ffff:127.0.0.2')?.id).toBe('GM00000001');
    expect(registry.byEndpointHost('127.0.0.3')).toBeUndefined();
    await registry.update('GM00000001', { endpoint: { ...record(1).endpoint, host: '127.0.0.9' } });
    expect(registry.byEndpointHost('127.0.0.2')).toBeUndefined();
    expect(registry.byEndpointHost('127.0.0.9')?.id).toBe('GM00000001');
    await registry.remove('GM00000252');
    expect(registry.byEndpointHost('127.0.0.3')?.id).toBe('GM00000002');
  });

  it('decrypts credentials on demand and finds meters by system title', async () => {
    const registry = await MeterRegistry.open({ masterKey: master });
    await registry.add(record(5), creds(5));
    const c = registry.credentials('GM00000005');
    expect(c.encryptionKey).toEqual(new Uint8Array(16).fill(5));
    expect(c.authenticationKey).toEqual(new Uint8Array(16).fill(6));
    expect(new TextDecoder().decode(c.llsPassword)).toBe('12345678');
    expect(registry.bySystemTitle(creds(5).serverSystemTitle!)?.id).toBe('GM00000005');
    expect(registry.bySystemTitle('474D540000000005')?.id).toBe('GM00000005');
    expect(registry.bySystemTitle(new Uint8Array(8))).toBeUndefined();
    await registry.setCredentials('GM00000005', { ...creds(77), llsPassword: Uint8Array.of(1) });
    expect(registry.credentials('GM00000005').llsPassword).toEqual(Uint8Array.of(1));
    expect(registry.bySystemTitle(creds(5).serverSystemTitle!)).toBeUndefined();
    expect(registry.bySystemTitle(creds(77).serverSystemTitle!)?.id).toBe('GM00000005');
    await registry.add(record(6), creds(6));
    await expect(registry.setCredentials('GM00000006', creds(77))).rejects.toThrow(
      /system title is already used by meter GM00000005/,
    );
  });

  it('keeps everything across a reload from the file', async () => {
    const first = await MeterRegistry.open({ file, masterKey: master });
    await first.addMany([1, 2, 3].map((n) => ({ record: record(n), credentials: creds(n) })));
    await first.update('GM00000002', {
      endpoint: { transport: 'tcp', host: 'meter-2.example', port: 4060, framing: 'wrapper' },
    });
    await first.remove('GM00000003');
    const second = await MeterRegistry.open({ file, masterKey: master });
    expect(second.size).toBe(2);
    expect(second.get('GM00000002')).toEqual(first.get('GM00000002'));
    expect(second.credentials('GM00000001').encryptionKey).toEqual(new Uint8Array(16).fill(1));
    expect(second.bySystemTitle(creds(2).serverSystemTitle!)?.id).toBe('GM00000002');
    const text = await readFile(file, 'utf8');
    const parsed = JSON.parse(text) as { format: string; count: number; meters: unknown[] };
    expect(parsed).toMatchObject({
      format: 'gridmeter-meter-registry',
      version: 1,
      count: 2,
      masterKeyId: master.id,
    });
    expect(text.trimEnd().split('\n')).toHaveLength(4);
  });

  it('coalesces concurrent changes into few writes, all durable', async () => {
    const registry = await MeterRegistry.open({ file, masterKey: master });
    await Promise.all(Array.from({ length: 50 }, (_, n) => registry.add(record(n + 1), creds(n + 1))));
    expect((await MeterRegistry.open({ file, masterKey: master })).size).toBe(50);
  });

  it('refuses a file sealed under another master key', async () => {
    const registry = await MeterRegistry.open({ file, masterKey: master });
    await registry.add(record(1), creds(1));
    await expect(MeterRegistry.open({ file, masterKey: MasterKey.generate() })).rejects.toThrow(SecretError);
  });

  it('fails with SecretError when sealed secrets are moved to another meter in the file', async () => {
    const registry = await MeterRegistry.open({ file, masterKey: master });
    await registry.addMany([1, 2].map((n) => ({ record: record(n), credentials: creds(n) })));
    const lines = (await readFile(file, 'utf8')).split('\n');
    const sealed = (l: string) => /"sealed":"([^"]+)"/.exec(l)![1]!;
    lines[2] = lines[2]!.replace(sealed(lines[2]!), sealed(lines[1]!));
    await writeFile(file, lines.join('\n'));
    const reloaded = await MeterRegistry.open({ file, masterKey: master });
    expect(reloaded.credentials('GM00000001').encryptionKey).toEqual(new Uint8Array(16).fill(1));
    expect(() => reloaded.credentials('GM00000002')).toThrow(SecretError);
  });

  it('survives a crash mid-write: a leftover temporary file neither corrupts nor lingers', async () => {
    const registry = await MeterRegistry.open({ file, masterKey: master });
    await registry.add(record(1), creds(1));
    // A writer that died before its rename leaves a half-written temporary file beside the registry.
    await writeFile(`${file}.tmp-99999-deadbeef`, '{"format":"gridmeter-meter-registry","ver');
    const reloaded = await MeterRegistry.open({ file, masterKey: master });
    expect(reloaded.size).toBe(1);
    expect(await readdir(dir)).toEqual(['meters.json']);
  });

  it.each([
    [
      'a truncated file',
      (t: string) => t.slice(0, t.length - 40),
      /is corrupt at line 3: not one meter as JSON/,
    ],
    [
      'a file cut after a whole line',
      (t: string) => t.split('\n').slice(0, 3).join('\n'),
      /ends before its closing/,
    ],
    [
      'a wrong count',
      (t: string) => t.replace('"count":2', '"count":3'),
      /header says 3 meters, the file holds 2/,
    ],
    ['not a registry', () => '{"hello":1}\n', /is corrupt at line 1: expected a header/],
    ['an empty file', () => '', /is corrupt at line 1: the file is empty/],
    [
      'a bad record',
      (t: string) => t.replace('"port":4059', '"port":0'),
      /line 2: Meter GM00000001: endpoint.port/,
    ],
  ])('reports %s as a clear error and leaves the file alone', async (_, damage, message) => {
    const registry = await MeterRegistry.open({ file, masterKey: master });
    await registry.addMany([1, 2].map((n) => ({ record: record(n), credentials: creds(n) })));
    const damaged = damage(await readFile(file, 'utf8'));
    await writeFile(file, damaged);
    await expect(MeterRegistry.open({ file, masterKey: master })).rejects.toThrow(message);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });
});

describe('MeterRegistry validation', () => {
  const cases: [string, MeterRecord | (() => MeterRecord), MeterCredentials, RegExp][] = [
    [
      'an unknown profile id',
      record(1, { profileId: 'acme-x' }),
      creds(1),
      /profileId names no known meter profile: "acme-x"/,
    ],
    [
      'a bad port',
      record(1, { endpoint: { ...record(1).endpoint, port: 70000 } }),
      creds(1),
      /endpoint.port must be an integer in \[1, 65535\], got 70000/,
    ],
    [
      'a bad host',
      record(1, { endpoint: { ...record(1).endpoint, host: 'bad host!' } }),
      creds(1),
      /endpoint.host must be an IPv4\/IPv6 address or a host name/,
    ],
    [
      'a client SAP of 0',
      record(1, { association: { ...record(1).association, clientSap: 0 } }),
      creds(1),
      /association.clientSap must be an integer in \[1, 126\] \(client SAP\)/,
    ],
    [
      'a server SAP of 0x4000',
      record(1, { association: { ...record(1).association, serverSap: 0x4000 } }),
      creds(1),
      /association.serverSap must be an integer in \[1, 16382\]/,
    ],
    [
      'an HDLC address on a wrapper endpoint',
      record(1, { endpoint: { ...record(1).endpoint, hdlcServerAddress: { upper: 1 } } }),
      creds(1),
      /hdlcServerAddress is only allowed with framing hdlc/,
    ],
    ['a bad id', record(1, { id: ' GM 1' }), creds(1), /id must be 1-64 letters/],
    [
      'an unknown state',
      record(1, { state: 'broken' as never }),
      creds(1),
      /state must be one of active, inactive, decommissioned, got "broken"/,
    ],
    [
      'an encryption key of 15 bytes',
      record(1),
      { ...creds(1), encryptionKey: new Uint8Array(15) },
      /credentials.encryptionKey must be 16 bytes \(suite 0 AES-128\), got 15 bytes/,
    ],
    [
      'a system title of 6 bytes',
      record(1),
      { ...creds(1), serverSystemTitle: new Uint8Array(6) },
      /credentials.serverSystemTitle must be 8 bytes, got 6/,
    ],
    [
      'HLS-GMAC without an authentication key',
      record(1),
      { encryptionKey: new Uint8Array(16) },
      /credentials.authenticationKey is required by HLS-GMAC authentication/,
    ],
    [
      'LLS without a password',
      record(1, { association: { clientSap: 32, serverSap: 1, authentication: 'lls', security: 'none' } }),
      {},
      /credentials.llsPassword is required by LLS authentication/,
    ],
    [
      'a key given as hex text',
      record(1),
      { ...creds(1), encryptionKey: '00'.repeat(16) as never },
      /credentials.encryptionKey must be a Uint8Array/,
    ],
  ];
  it.each(cases)('rejects %s with a message naming the field', async (_, rec, c, message) => {
    const registry = await MeterRegistry.open({ masterKey: master });
    const error = await registry.add(typeof rec === 'function' ? rec() : rec, c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(message);
    expect(registry.size).toBe(0);
  });

  it('refuses an update that leaves the association without the secrets it needs', async () => {
    const registry = await MeterRegistry.open({ masterKey: master });
    await registry.add(
      record(1, { association: { clientSap: 16, serverSap: 1, authentication: 'none', security: 'none' } }),
      {},
    );
    await expect(
      registry.update('GM00000001', {
        association: { clientSap: 1, serverSap: 1, authentication: 'hls-gmac', security: 'none' },
      }),
    ).rejects.toThrow(/credentials.encryptionKey is required by HLS-GMAC/);
    expect(registry.get('GM00000001')?.association.authentication).toBe('none');
  });

  it('adds all of a batch or none of it', async () => {
    const registry = await MeterRegistry.open({ masterKey: master });
    const batch = [1, 2, 3].map((n) => ({ record: record(n), credentials: creds(n) }));
    batch.push({ record: record(4, { group: '' }), credentials: creds(4) });
    await expect(registry.addMany(batch)).rejects.toThrow(/Meter GM00000004: group must be/);
    expect(registry.size).toBe(0);
    await expect(registry.addMany([batch[0]!, { record: record(5), credentials: creds(1) }])).rejects.toThrow(
      /Meter GM00000005: its system title is already used by meter GM00000001/,
    );
    expect(registry.size).toBe(0);
  });
});
