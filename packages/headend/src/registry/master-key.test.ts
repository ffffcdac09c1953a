import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretError } from './errors.js';
import { MASTER_KEY_ENV, MasterKey } from './master-key.js';
import { openSecret, sealSecret } from './secrets.js';

const HEX = 'a1'.repeat(32);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gm-master-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('MasterKey', () => {
  it('reads 64 hex digits and base64 of the same 32 bytes as the same key', () => {
    const fromHex = MasterKey.fromText(HEX);
    const fromB64 = MasterKey.fromText(Buffer.from(HEX, 'hex').toString('base64'));
    expect(fromB64.id).toBe(fromHex.id);
    expect(MasterKey.fromBytes(Buffer.from(HEX, 'hex')).id).toBe(fromHex.id);
    expect(openSecret(fromB64, sealSecret(fromHex, Uint8Array.of(7), 'm'), 'm')).toEqual(Uint8Array.of(7));
  });

  it('rejects keys that are not 32 bytes, without echoing them', () => {
    expect(() => MasterKey.fromBytes(new Uint8Array(16))).toThrow(SecretError);
    expect(() => MasterKey.fromText('abcd'.repeat(8))).toThrow(
      /expected 64 hex digits or base64 of 32 bytes/,
    );
    try {
      MasterKey.fromText(`${HEX}zz`);
    } catch (error) {
      expect((error as Error).message).not.toContain(HEX);
    }
  });

  it(`reads ${MASTER_KEY_ENV} and ignores an empty one`, () => {
    expect(MasterKey.fromEnv({ [MASTER_KEY_ENV]: HEX })?.id).toBe(MasterKey.fromText(HEX).id);
    expect(MasterKey.fromEnv({ [MASTER_KEY_ENV]: '  ' })).toBeUndefined();
    expect(MasterKey.fromEnv({})).toBeUndefined();
  });

  it('creates a missing key file with mode 0600 and reads the same key back', async () => {
    const path = join(dir, 'master.key');
    const created = await MasterKey.fromFile(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await MasterKey.fromFile(path)).id).toBe(created.id);
  });

  it('refuses a key file others may read', async () => {
    const path = join(dir, 'open.key');
    await writeFile(path, HEX, { mode: 0o644 });
    await expect(MasterKey.fromFile(path)).rejects.toThrow(/accessible by group or others \(mode 644\)/);
  });

  it('prefers the environment over the key file in resolve', async () => {
    const path = join(dir, 'k');
    const key = await MasterKey.resolve({ env: { [MASTER_KEY_ENV]: HEX }, keyFile: path });
    expect(key.id).toBe(MasterKey.fromText(HEX).id);
    await expect(stat(path)).rejects.toThrow();
    await expect(MasterKey.resolve({ env: {} })).rejects.toThrow(/No master key/);
  });

  it('shows only its id in toString, JSON and inspect', () => {
    const key = MasterKey.fromText(HEX);
    for (const text of [String(key), JSON.stringify(key), inspect(key, { showHidden: true, depth: 9 })]) {
      expect(text).toContain(key.id);
      expect(text.toLowerCase()).not.toContain('a1a1a1a1');
    }
  });
});
