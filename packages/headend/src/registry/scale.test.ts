import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MasterKey } from './master-key.js';
import { MeterRegistry, type NewMeter } from './registry.js';

const METERS = 100_000;

function meter(i: number): NewMeter {
  const title = new Uint8Array(8);
  title.set([0x47, 0x4d, 0x54]);
  new DataView(title.buffer).setUint32(4, i);
  return {
    record: {
      id: `GM${String(i + 1).padStart(8, '0')}`,
      medium: 'electricity',
      endpoint: {
        transport: 'tcp',
        host: `127.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
        port: 4059,
        framing: 'wrapper',
      },
      protocol: 'dlms',
      association: {
        clientSap: 1,
        serverSap: 1,
        authentication: 'hls-gmac',
        security: 'authenticated-encrypted',
      },
      profileId: 'gridmeter-sim-electricity',
      group: i % 10 === 0 ? 'prosumer' : 'household',
      topology: { transformerId: `T${String(i % 1000).padStart(5, '0')}` },
      state: 'active',
    },
    credentials: {
      serverSystemTitle: title,
      encryptionKey: new Uint8Array(16).fill(i & 255),
      authenticationKey: new Uint8Array(16).fill((i >> 8) & 255),
      llsPassword: new TextEncoder().encode(String(i).padStart(8, '0')),
    },
  };
}

describe('MeterRegistry at scale', () => {
  it(`adds, saves and reloads ${METERS.toLocaleString('en')} meters without decrypting at load`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gm-scale-'));
    try {
      const file = join(dir, 'meters.json');
      const masterKey = MasterKey.generate();
      const registry = await MeterRegistry.open({ file, masterKey });
      let t = performance.now();
      await registry.addMany(Array.from({ length: METERS }, (_, i) => meter(i)));
      const addMs = performance.now() - t;
      t = performance.now();
      await registry.flush();
      await registry.update('GM00000001', { state: 'inactive' });
      const saveMs = performance.now() - t;
      t = performance.now();
      const loaded = await MeterRegistry.open({ file, masterKey });
      const loadMs = performance.now() - t;
      const heapMb = process.memoryUsage().heapUsed / 1e6;
      const bytes = (await stat(file)).size;
      console.log(
        `registry ${METERS} meters: add+seal ${addMs.toFixed(0)} ms, save ${saveMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms, file ${(bytes / 1e6).toFixed(1)} MB, heap ${heapMb.toFixed(0)} MB holding both registries`,
      );
      expect(loaded.size).toBe(METERS);
      expect(loaded.get('GM00000001')?.state).toBe('inactive');
      expect(loaded.list({ group: 'prosumer' })).toHaveLength(METERS / 10);
      expect(loaded.list({ transformerId: 'T00007' })).toHaveLength(METERS / 1000);
      expect(loaded.bySystemTitle(meter(54_321).credentials.serverSystemTitle!)?.id).toBe('GM00054322');
      expect(loaded.credentials('GM00099999').encryptionKey).toEqual(new Uint8Array(16).fill(99_998 & 255));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
