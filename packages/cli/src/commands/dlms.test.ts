import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `gridmeter …` in-process; returns the exit code and what went to stdout and stderr. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  const code = await main(['node', 'gridmeter', ...args]);
  return { code, out: out.join(''), err: err.join('') };
}

// The AARQ the Gurux C client sends over the wrapper (also the bin's smoke test in the README).
const AARQ = '000100100001001f601da109060760857405080101be10040e01000000065f1f0400401e1dffff';

describe('gridmeter dlms decode', () => {
  it('decodes a wrapper AARQ given as hex and prints JSON', async () => {
    const { code, out } = await run('dlms', 'decode', AARQ);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ layer: 'wrapper', ok: true });
    expect(report.items[0].apdu.decoded).toMatchObject({
      type: 'aarq',
      applicationContextNameName: 'logical-name',
      userInformation: { type: 'initiate-request', clientMaxReceivePduSize: 65535 },
    });
  });

  it('accepts hex split over several arguments and prints XML', async () => {
    const { code, out } = await run(
      'dlms',
      'decode',
      '--format',
      'xml',
      'c0 01 c1',
      '0008 0000010000ff 02 00',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^<\?xml/);
    expect(out).toContain('obis="0.0.1.0.0.255"');
  });

  it('reads a hex text file with -f and exits 1 when an APDU fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridmeter-dlms-'));
    const file = join(dir, 'clock.hex');
    writeFileSync(file, 'c4 01 c1 00 09 0c 07 ea 0b 16 07 01 14 13 00 00 00 00\n09 0f\n');
    const { code, out } = await run('dlms', 'decode', '-f', file, '--format', 'text');
    expect(code).toBe(1);
    expect(out).toContain('trailing: offset=18 length=2 hex=090f');
  });

  it('exits 2 on a usage error', async () => {
    expect(await run('dlms', 'decode', 'xyz')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Not hex/),
    });
    expect((await run('dlms', 'decode', AARQ, '--ek', '00')).code).toBe(2);
    expect((await run('dlms', 'decode', AARQ, '--layer', 'serial')).code).toBe(2);
    expect((await run('dlms', 'decode')).code).toBe(2);
  });
});
