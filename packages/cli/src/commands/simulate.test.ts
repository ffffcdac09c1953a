import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlmsClient, WrapperTcpClient } from '@gridmeter/dlms';
import { type ControlServer, Fleet, SimClock, startControlServer } from '@gridmeter/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Starts `gridmeter …` in-process; `out()` is what it has printed so far. */
function start(...args: string[]) {
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
  const done = main(['node', 'gridmeter', ...args]);
  return { done, out: () => out.join(''), err: () => err.join('') };
}

async function run(...args: string[]) {
  const r = start(...args);
  const code = await r.done;
  return { code, out: r.out(), err: r.err() };
}

const tmp = mkdtempSync(join(tmpdir(), 'gridmeter-simulate-'));
const NOW = Date.UTC(2026, 0, 8, 10, 7, 30);
const SPEC = { seed: 5, meters: 30, historyStart: Date.UTC(2026, 0, 1) } as const;

describe('gridmeter simulate', () => {
  it('starts a fleet on random ports, says where, serves DLMS on each meter address, and stops', async () => {
    const sim = start(
      'simulate',
      '--meters',
      '20',
      '--seed',
      '3',
      '--start',
      '2026-01-08T10:00:00Z',
      '--port',
      '0',
      '--control-port',
      '0',
      '--duration',
      '4',
      '--status-interval',
      '0.5',
    );
    const deadline = Date.now() + 10_000;
    while (!sim.out().includes('ready\n') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const ready = sim.out();
    expect(ready).toMatch(/^gridmeter simulate: 20 meters \+ 1 transformer check meters, seed 3\n/);
    expect(ready).toContain('history from 2025-12-25T00:00:00Z');
    expect(ready).toContain('addresses:      127.1.0.0 (GM00000001) - 127.1.0.20 (GMC0000000)');
    const port = Number(/dlms port: +(\d+)/.exec(ready)?.[1]);
    const url = /control: +(http:\/\/127\.0\.0\.1:\d+)/.exec(ready)?.[1];
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(4059);
    expect(url).toBeDefined();

    const status = (await (await fetch(`${url}/status`)).json()) as {
      fleetSize: number;
      spec: { seed: number };
    };
    expect(status).toMatchObject({ fleetSize: 21, spec: { seed: 3 } });

    // The public client associates with meter 7 on its own address and reads its logical device name.
    const transport = await WrapperTcpClient.connect({ host: '127.1.0.7', port, clientSap: 16 });
    const client = new DlmsClient(transport, {});
    await client.associate();
    const name = await client.get({ classId: 1, logicalName: '0.0.42.0.0.255', attributeId: 2 });
    expect(name.type === 'octet-string' && new TextDecoder().decode(name.value)).toBe('GM00000008');
    await client.release().catch(() => undefined);
    await transport.close();

    expect(await sim.done).toBe(0);
    const all = sim.out();
    expect(all).toMatch(
      /\n2026-01-08T10:00:0\dZ {2}materialised \d+\/21 {2}sessions \d+ {2}connections 1 accepted, 0 refused/,
    );
    expect(all.endsWith('stopped\n')).toBe(true);
  });

  it('exits 2 with the scenario file error naming the scenario and field', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        scenarios: [
          { id: 'ok', type: 'outage', target: { transformer: 'T00000' }, start: '2026-01-02' },
          {
            id: 'theft-2',
            type: 'theft',
            target: { meters: ['GM00000001'] },
            start: '2026-01-02',
            model: { kind: 'constant-factor', factor: 1.2 },
          },
        ],
      }),
    );
    const { code, err } = await run(
      'simulate',
      '--meters',
      '5',
      '--seed',
      '1',
      '--scenarios',
      file,
      '--duration',
      '1',
    );
    expect(code).toBe(2);
    expect(err).toBe(`error: ${file}: Scenario 1 ("theft-2"): model.factor must be in [0, 1], got 1.2\n`);
  });

  it('exits 2 for bad options', async () => {
    expect((await run('simulate', '--meters', 'ten', '--seed', '1')).code).toBe(2);
    expect((await run('simulate', '--meters', '5', '--seed', '1', '--push', 'http://x:1')).err).toMatch(
      /--push must be udp/,
    );
    expect((await run('simulate', '--meters', '5', '--seed', '1', '--start', 'tomorrow')).code).toBe(2);
    expect((await run('simulate', '--meters', '5')).code).toBe(2);
    expect((await run('simulate', '--meters', '5', '--seed', '1', '--hemisphere', 'east')).code).toBe(2);
  });
});

describe('gridmeter simulate keys', () => {
  it("prints every fleet member's identity and keys as CSV", async () => {
    const { code, out } = await run('simulate', 'keys', '--meters', '30', '--seed', '5');
    expect(code).toBe(0);
    const fleet = new Fleet({ spec: SPEC, clock: new SimClock(NOW, { frozen: true }) });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password',
    );
    expect(lines).toHaveLength(fleet.size + 1);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
    for (let i = 0; i < fleet.size; i++) {
      const id = fleet.identity(i);
      expect(lines[i + 1]).toBe(
        [
          id.id,
          id.address,
          4059,
          id.kind,
          hex(id.systemTitle),
          hex(id.encryptionKey),
          hex(id.authenticationKey),
          id.llsPassword,
        ].join(','),
      );
    }
  });

  it('writes the file given with --out', async () => {
    const file = join(tmp, 'keys.csv');
    expect(
      (await run('simulate', 'keys', '--meters', '30', '--seed', '5', '--out', file, '--port', '14059')).code,
    ).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[1]).toMatch(/^GM00000001,127\.1\.0\.0,14059,/);
  });
});

describe('gridmeter simulate truth and inject against a control API', () => {
  let fleet: Fleet;
  let control: ControlServer;

  beforeAll(async () => {
    fleet = new Fleet({ spec: SPEC, clock: new SimClock(NOW, { frozen: true }) });
    control = await startControlServer(fleet, { port: 0 });
  });

  afterAll(async () => {
    await control.close();
  });

  it("prints a meter's truth as JSON equal to the fleet's", async () => {
    const { code, out } = await run(
      'simulate',
      'truth',
      'GM00000004',
      '--from',
      '2026-01-05T00:00Z',
      '--to',
      '2026-01-05T02:00Z',
      '--url',
      control.url,
    );
    expect(code).toBe(0);
    const expected = fleet.truth('GM00000004', Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 5, 2));
    expect(JSON.parse(out).intervals).toEqual(
      expected.map((t) => ({ ...t, start: new Date(t.start).toISOString() })),
    );
  });

  it('prints CSV with a header and one line per interval', async () => {
    const { code, out } = await run(
      'simulate',
      'truth',
      'GM00000004',
      '--from',
      '2026-01-05T00:00Z',
      '--to',
      '2026-01-05T01:00Z',
      '--format',
      'csv',
      '--url',
      control.url,
    );
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'start,demandWh,deliveredWh,registeredWh,exportWh,rate,supplyOn,connected,scenarios',
    );
    const first = fleet.truth('GM00000004', Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 5, 0, 15))[0]!;
    expect(lines[1]).toBe(
      `2026-01-05T00:00:00.000Z,${first.demandWh},${first.deliveredWh},${first.registeredWh},${first.exportWh},${first.rate},true,true,`,
    );
    expect(lines).toHaveLength(5);
  });

  it('injects a scenario file and lists it with --scenarios', async () => {
    const file = join(tmp, 'inject.json');
    writeFileSync(
      file,
      JSON.stringify({
        scenarios: [
          { id: 'cut-1', type: 'unreachable', target: { meters: ['GM00000002'] }, start: '1h', end: '30m' },
        ],
      }),
    );
    const injected = await run('simulate', 'inject', file, '--url', control.url);
    expect(injected.code).toBe(0);
    expect(JSON.parse(injected.out).scenarios[0]).toMatchObject({
      id: 'cut-1',
      start: '2026-01-08T11:07:30.000Z',
      end: '2026-01-08T11:37:30.000Z',
    });
    const log = await run('simulate', 'truth', '--scenarios', '--url', control.url, '--format', 'csv');
    expect(log.code).toBe(0);
    expect(log.out).toBe(
      'id,type,start,end,target,meterCount,meters,details\ncut-1,unreachable,2026-01-08T11:07:30.000Z,2026-01-08T11:37:30.000Z,meters GM00000002,1,GM00000002,{}\n',
    );
    const again = await run('simulate', 'inject', file, '--url', control.url);
    expect(again).toMatchObject({
      code: 1,
      err: 'error: POST /scenarios: 400 scenarios[0]: Scenario ("cut-1"): id is already scheduled\n',
    });
  });

  it('exits 1 with the API problem or when nothing listens, 2 without a window', async () => {
    const unknown = await run(
      'simulate',
      'truth',
      'GM09999999',
      '--from',
      '2026-01-05',
      '--to',
      '2026-01-06',
      '--url',
      control.url,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/404 No meter GM09999999 in this fleet/);
    const away = await run('simulate', 'truth', '--scenarios', '--url', 'http://127.0.0.1:1');
    expect(away.code).toBe(1);
    expect(away.err).toMatch(/Cannot reach the simulator's control API at http:\/\/127\.0\.0\.1:1/);
    expect((await run('simulate', 'truth', 'GM00000001', '--url', control.url)).code).toBe(2);
    expect(
      (
        await run(
          'simulate',
          'truth',
          'GM00000001',
          '--from',
          '2026-01-05',
          '--to',
          '2026-03-05',
          '--url',
          control.url,
        )
      ).err,
    ).toMatch(/exceeds 31 days/);
  });
});
