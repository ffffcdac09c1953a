import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `gridmeter …` in-process and returns its exit code, stdout and stderr. */
async function run(...args: string[]) {
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
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const code = await main(['node', 'gridmeter', ...args]);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err: err.join('') };
}

const DAY = 86_400_000;
const SEED = 17;
const METERS = 20;
const tmp = mkdtempSync(join(tmpdir(), 'gridmeter-headend-'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

let fleet: Fleet;
let port: number;
let sim: string[];

beforeAll(async () => {
  // Real time (speed 1, from now): the CLI's head-end reads with the system clock.
  const now = Date.now();
  fleet = new Fleet({
    spec: { seed: SEED, meters: METERS, historyStart: Math.floor(now / DAY) * DAY - 3 * DAY },
    clock: new SimClock(now),
  });
  port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
  sim = ['--sim-seed', String(SEED), '--sim-meters', String(METERS), '--sim-port', String(port)];
});

afterAll(async () => {
  await fleet.close();
});

/** The first customer meter of a kind. */
function meterOfKind(...kinds: string[]): { index: number; id: string } {
  for (let i = 0; i < fleet.spec.meters; i++) {
    const id = fleet.identity(i);
    if (kinds.includes(id.kind)) return { index: i, id: id.id };
  }
  throw new Error(`no ${kinds.join('/')} meter in the fleet`);
}

describe('gridmeter headend read', () => {
  it("reads a simulated meter on demand and prints intervals equal to the simulator's truth", async () => {
    const { id } = meterOfKind('household');
    const { code, out } = await run(
      'headend',
      'read',
      id,
      ...sim,
      '--jobs',
      'profile,registers',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const read = JSON.parse(out) as {
      meterId: string;
      intervals: number;
      intervalBlocks: {
        channel: string;
        start: number;
        intervalSeconds: number;
        values: { value: number }[];
      }[];
      registerReads: { register: string }[];
    };
    expect(read.meterId).toBe(id);
    expect(read.registerReads.map((r) => r.register)).toContain('1-0:1.8.0*255');
    const got = new Map<number, number>();
    for (const b of read.intervalBlocks.filter((x) => x.channel === '1-0:1.8.0*255')) {
      b.values.forEach((v, i) => {
        got.set(b.start + i * b.intervalSeconds * 1000, v.value);
      });
    }
    const yesterday = Math.floor(Date.now() / DAY) * DAY - DAY;
    const truth = fleet.truth(id, yesterday, yesterday + DAY);
    expect(truth).toHaveLength(96);
    for (const t of truth) expect(got.get(t.start)).toBe(t.registeredWh);
  });

  it('prints tables of registers and events', async () => {
    const { id } = meterOfKind('household');
    const { code, out } = await run('headend', 'read', id, ...sim, '--jobs', 'clock,registers,events');
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^${id}: read in \\d+ ms — 0 intervals, \\d+ register reads`));
    expect(out).toContain('\nregisters\n');
    expect(out).toMatch(/1-0:1\.8\.0\*255 +\d+ +Wh/);
  });

  it('exits 1 with the reason when the meter cannot be reached', async () => {
    const { code, err } = await run(
      'headend',
      'read',
      'GM00000001',
      '--sim-seed',
      String(SEED),
      '--sim-meters',
      String(METERS),
      '--sim-port',
      '1',
      '--jobs',
      'registers',
    );
    expect(code).toBe(1);
    expect(err).toMatch(/^error: cannot read GM00000001: connect-refused after \d attempt/);
  });

  it('exits 1 for a meter not in the registry and 2 without --registry or --sim-…', async () => {
    const unknown = await run('headend', 'read', 'GM09999999', ...sim);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Unknown meter GM09999999');
    const usage = await run('headend', 'read', 'GM00000001');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('give --registry FILE, or --sim-seed S --sim-meters N');
    expect((await run('headend', 'read', 'GM00000001', ...sim, '--jobs', 'profile,bogus')).code).toBe(2);
  });
});

describe('gridmeter headend meters', () => {
  it('imports a key file into a sealed registry, lists it without secrets, and reads through it', async () => {
    const csv = join(tmp, 'keys.csv');
    const rows = ['meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password'];
    for (let i = 0; i < fleet.size; i++) {
      const m = fleet.identity(i);
      rows.push(
        [
          m.id,
          m.address,
          port,
          m.kind,
          hex(m.systemTitle),
          hex(m.encryptionKey),
          hex(m.authenticationKey),
          m.llsPassword,
        ].join(','),
      );
    }
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const registry = join(tmp, 'meters.json');
    const keyFile = join(tmp, 'master.key');
    const imported = await run(
      'headend',
      'meters',
      'import',
      csv,
      '--registry',
      registry,
      '--key-file',
      keyFile,
    );
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(
      new RegExp(
        `^imported ${fleet.size} meters into ${registry} \\(now ${fleet.size}; master key [0-9a-f]{16}\\)\n$`,
      ),
    );
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const stored = readFileSync(registry, 'utf8');
    expect(stored).not.toContain(hex(fleet.identity(0).encryptionKey));
    expect(stored.toUpperCase()).not.toContain(hex(fleet.identity(0).encryptionKey));

    const listed = await run('headend', 'meters', 'list', '--registry', registry, '--key-file', keyFile);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`^${fleet.size} meters\n`));
    for (let i = 0; i < fleet.size; i++) {
      const m = fleet.identity(i);
      expect(listed.out).toContain(`${m.id}  `);
      expect(listed.out.toUpperCase()).not.toContain(hex(m.encryptionKey));
      expect(listed.out.toUpperCase()).not.toContain(hex(m.authenticationKey));
    }
    const households = await run(
      'headend',
      'meters',
      'list',
      '--registry',
      registry,
      '--key-file',
      keyFile,
      '--group',
      'household',
      '--format',
      'json',
    );
    const summary = JSON.parse(households.out) as { meters: number; rows: { group: string }[] };
    const expected = Array.from({ length: fleet.spec.meters }, (_, i) => fleet.identity(i).kind).filter(
      (k) => k === 'household',
    ).length;
    expect(summary.meters).toBe(expected);
    expect(summary.rows.every((r) => r.group === 'household')).toBe(true);

    const { id } = meterOfKind('household');
    const read = await run(
      'headend',
      'read',
      id,
      '--registry',
      registry,
      '--key-file',
      keyFile,
      '--jobs',
      'registers',
    );
    expect(read.code).toBe(0);
    expect(read.out).toContain(`${id}: read in`);

    const noKey = await run('headend', 'meters', 'list', '--registry', registry);
    expect(noKey.code).toBe(process.env.GRIDMETER_MASTER_KEY ? 1 : 2);
  });

  it('rejects a bad key file by line, importing nothing', async () => {
    const csv = join(tmp, 'bad.csv');
    writeFileSync(
      csv,
      'meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password\nGM00000001,127.1.0.0,4059,household,00,00,00,1\n',
    );
    const { code, err } = await run(
      'headend',
      'meters',
      'import',
      csv,
      '--registry',
      join(tmp, 'bad.json'),
      '--key-file',
      join(tmp, 'master.key'),
    );
    expect(code).toBe(1);
    expect(err).toMatch(
      /^error: Cannot import key file: line 2: meter GM00000001: system_title must be 16 hex digits/,
    );
  });
});

describe('gridmeter headend collect', () => {
  it('collects a round with a KPI summary and continues from the saved state', async () => {
    const state = join(tmp, 'state.json');
    const first = await run('headend', 'collect', ...sim, '--concurrency', '10', '--state', state);
    expect(first.code).toBe(0);
    const size = fleet.size;
    expect(first.out).toContain(
      `collecting clock,profile,registers,events from ${size} meters, 10 at once\n`,
    );
    expect(first.out).toContain(`collect [${'█'.repeat(30)}] ${size}/${size} 100 %\n`);
    expect(first.out).toMatch(new RegExp(`round: ${size} meters in [\\d.]+ s — ${size} ok, 0 failed\n`));
    expect(first.out).toContain('  failures:     none\n');
    expect(first.out).toMatch(/ {2}yesterday: {4}\d{4}-\d\d-\d\d completeness 100\.0 %/);
    expect(first.out).toMatch(/ {2}latency: {6}p50 \d+ ms {2}p95 \d+ ms {2}p99 \d+ ms/);
    expect(first.out).toContain(`state:        saved to ${state} (${size} meters)`);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as Record<string, { lastIntervalEnd: number }>;
    expect(Object.keys(saved)).toHaveLength(size);

    const second = await run(
      'headend',
      'collect',
      ...sim,
      '--concurrency',
      '10',
      '--state',
      state,
      '--jobs',
      'profile',
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain(`continuing from ${state} (${size} meters)`);
    // Only what came after the first round's last interval: at most one new interval per channel.
    const intervals = Number(/collected: +(\d+) intervals/.exec(second.out)?.[1]);
    expect(intervals).toBeLessThan(size * 4);
  });
});

describe('gridmeter headend command', () => {
  it('disconnects a meter, visible in its relay, and shows the audit', async () => {
    const { index, id } = meterOfKind('household', 'commercial');
    const journal = join(tmp, 'commands.ndjson');
    const { code, out } = await run(
      'headend',
      'command',
      'disconnect',
      id,
      '--journal',
      journal,
      ...sim,
      '--by',
      'ops:test',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^command [0-9a-f-]{36}\n/);
    expect(out).toContain('  action:       disconnect\n');
    expect(out).toContain('  state:        succeeded\n');
    expect(out).toContain('  result:       control_state disconnected\n');
    expect(fleet.runtime(index).relay.controlState).toBe(0);

    const commandId = /^command ([0-9a-f-]{36})/.exec(out)![1]!;
    const shown = await run('headend', 'command', 'show', commandId, '--journal', journal);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('audit\n');
    expect(shown.out).toMatch(/ops:test +submitted/);
    expect(shown.out).toMatch(/queued → in-progress/);
    expect(shown.out).toMatch(/in-progress → succeeded/);
  });

  it('runs a command once per idempotency key, across invocations on one journal', async () => {
    const { index, id } = meterOfKind('household', 'commercial');
    const journal = join(tmp, 'idempotent.ndjson');
    const args = ['headend', 'command', 'reconnect', id, '--journal', journal, ...sim, '--key', 'ticket-42'];
    const first = await run(...args);
    expect(first.code).toBe(0);
    expect(fleet.runtime(index).relay.controlState).toBe(1);
    const firstId = /^command ([0-9a-f-]{36})\n/.exec(first.out)![1];

    const sessionsBefore = fleet.stats().connectionsAccepted;
    const second = await run(...args);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(
      new RegExp(`^command ${firstId} \\(already submitted with this idempotency key\\)\n`),
    );
    expect(second.out).toContain('  state:        succeeded\n');
    expect(fleet.stats().connectionsAccepted).toBe(sessionsBefore);

    const listed = await run('headend', 'command', 'list', '--journal', journal);
    expect(listed.out.trimEnd().split('\n')).toHaveLength(2);
    expect(listed.out).toContain('ticket-42');
  });

  it('exits 2 when a verb lacks its option and 1 for an unknown command id', async () => {
    const journal = join(tmp, 'usage.ndjson');
    const topUp = await run('headend', 'command', 'top-up', 'GM00000001', '--journal', journal, ...sim);
    expect(topUp.code).toBe(2);
    expect(topUp.err).toContain('top-up needs --amount N');
    const show = await run('headend', 'command', 'show', 'nope', '--journal', journal);
    expect(show.code).toBe(1);
  });
});
