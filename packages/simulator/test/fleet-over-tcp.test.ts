import { createSocket } from 'node:dgram';
import {
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  DlmsClient,
  type DlmsClientOptions,
  type DlmsData,
  decipherApdu,
  decodeApdu,
  decodeWrapperDatagram,
  InvocationCounter,
  logicalName,
  WrapperTcpClient,
} from '@gridmeter/dlms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../src/fleet/fleet.js';
import { SimClock } from '../src/fleet/sim-clock.js';
import { buildFirmwareImage } from '../src/meter/firmware-image.js';
import type { MeterIdentity } from '../src/meter/identity.js';

const DAY = 86_400_000;
const HISTORY = Date.UTC(2026, 10, 1);
const NOW = Date.UTC(2026, 10, 8, 9, 7, 30);
const CLOCK_COLUMN = {
  classId: 8,
  logicalName: logicalName('0.0.1.0.0.255'),
  attributeIndex: 2,
  dataIndex: 0,
};

let fleet: Fleet;
let port: number;
const SPEC = {
  seed: 7,
  meters: 120,
  historyStart: HISTORY,
  utcOffsetMinutes: 60,
  hemisphere: 'northern',
} as const;
/** The first household of the fleet; it is under theft. */
const VICTIM = (() => {
  const probe = new Fleet({ spec: SPEC, clock: new SimClock(NOW, { frozen: true }) });
  for (let i = 0; i < SPEC.meters; i++)
    if (probe.identity(i).kind === 'household') return probe.identity(i).id;
  throw new Error('no household');
})();

beforeAll(async () => {
  fleet = new Fleet({
    spec: SPEC,
    clock: new SimClock(NOW, { frozen: true }),
    scenarios: [
      {
        id: 'theft-1',
        type: 'theft',
        target: { meters: [VICTIM] },
        start: HISTORY + 2 * DAY,
        model: { kind: 'constant-factor', factor: 0.5 },
      },
    ],
  });
  const listener = await fleet.listen({ host: '0.0.0.0', port: 0 });
  port = listener.port;
});

afterAll(async () => {
  await fleet.close();
});

function firstOfKind(kind: MeterIdentity['kind']): MeterIdentity {
  for (let i = 0; i < fleet.spec.meters; i++) {
    const id = fleet.identity(i);
    if (id.kind === kind) return id;
  }
  throw new Error(`no ${kind} meter`);
}

async function connect(id: MeterIdentity, level: 'public' | 'reader' | 'management') {
  const clientSap = level === 'public' ? 16 : level === 'reader' ? 32 : 1;
  const transport = await WrapperTcpClient.connect({ host: id.address, port, clientSap });
  const options: DlmsClientOptions =
    level === 'public'
      ? {}
      : level === 'reader'
        ? { authentication: { mechanism: 'lls', password: new TextEncoder().encode(id.llsPassword) } }
        : {
            authentication: { mechanism: 'hls-gmac' },
            security: {
              policy: 'authenticated-encrypted',
              systemTitle: new TextEncoder().encode('GMHES001'),
              encryptionKey: id.encryptionKey,
              authenticationKey: id.authenticationKey,
              invocationCounter: new InvocationCounter(1),
            },
          };
  const client = new DlmsClient(transport, options);
  await client.associate();
  return {
    client,
    close: async () => {
      await client.release().catch(() => undefined);
      await transport.close();
    },
  };
}

const num = (d: DlmsData): number => {
  if (d.type === 'double-long-unsigned' || d.type === 'long-unsigned' || d.type === 'unsigned')
    return d.value;
  if (d.type === 'long64-unsigned') return Number(d.value);
  throw new Error(`not a number: ${d.type}`);
};

const at = (ms: number): DlmsData => ({
  type: 'octet-string',
  value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(ms), -60, 0)),
});

describe('the fleet over real TCP, read by the DLMS client of packages/dlms', () => {
  it('answers each meter on its own loopback address at every association level', async () => {
    const id = firstOfKind('household');
    const pub = await connect(id, 'public');
    const name = await pub.client.get({ classId: 1, logicalName: '0.0.42.0.0.255', attributeId: 2 });
    expect(name.type === 'octet-string' && new TextDecoder().decode(name.value)).toBe(id.id);
    // The public client may not read energy.
    await expect(
      pub.client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 }),
    ).rejects.toThrow(/read-write-denied/);
    await pub.close();
    const reader = await connect(id, 'reader');
    expect(
      num(await reader.client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 })),
    ).toBeGreaterThan(0);
    await reader.close();
    const management = await connect(id, 'management');
    expect(
      num(await management.client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 })),
    ).toBeGreaterThan(0);
    await management.close();
  });

  it('refuses a wrong LLS password and HLS with another meter’s keys', async () => {
    const id = firstOfKind('household');
    const other = fleet.identity(id.index + 1);
    await expect(connect({ ...id, llsPassword: '00000000' }, 'reader')).rejects.toThrow(
      /Association refused/,
    );
    await expect(
      connect(
        { ...id, encryptionKey: other.encryptionKey, authenticationKey: other.authenticationKey },
        'management',
      ),
    ).rejects.toThrow();
  });

  it('serves a day of load profile by range whose every interval equals the truth, and TOU registers that add up', async () => {
    const id = fleet.identity(fleet.indexOf(VICTIM)!); // under a 50 % theft since day 2
    expect(id.kind).toBe('household');
    const { client, close } = await connect(id, 'reader');
    const dayStart = Date.UTC(2026, 10, 6, 23); // local midnight of 7 Nov (UTC+1)
    const rows = await client.getProfile('1.0.99.1.0.255', {
      type: 'range-descriptor',
      restrictingObject: CLOCK_COLUMN,
      fromValue: at(dayStart),
      toValue: at(dayStart + DAY),
      selectedValues: [],
    });
    if (rows.type !== 'array') throw new Error('no rows');
    expect(rows.items).toHaveLength(97);
    const imports = rows.items.map((r) => (r.type === 'structure' ? num(r.items[2]!) : Number.NaN));
    const truth = fleet.truth(id.id, dayStart, dayStart + DAY);
    expect(truth).toHaveLength(96);
    for (let i = 0; i < 96; i++) {
      expect(imports[i + 1]! - imports[i]!).toBe(truth[i]!.registeredWh);
      expect(Math.abs(truth[i]!.registeredWh - truth[i]!.deliveredWh * 0.5)).toBeLessThanOrEqual(0.5);
    }
    const total = num(await client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 }));
    let rates = 0;
    for (let r = 1; r <= 4; r++)
      rates += num(await client.get({ classId: 3, logicalName: `1.0.1.8.${r}.255`, attributeId: 2 }));
    expect(rates).toBe(total);
    await close();
  });

  it('gives the same readings for the same seed', async () => {
    const twin = new Fleet({
      spec: fleet.spec,
      clock: new SimClock(NOW, { frozen: true }),
      scenarios: fleet.schedule.scenarios,
    });
    for (const i of [0, 17, 55]) {
      const a = fleet.runtime(i).meter.registersAt(NOW);
      const b = twin.runtime(i).meter.registersAt(NOW);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });

  it('switches the relay and the truth sees no more energy delivered', async () => {
    const id = firstOfKind('commercial');
    const { client, close } = await connect(id, 'management');
    await client.action(
      { classId: 70, logicalName: '0.0.96.3.10.255', methodId: 1 },
      { type: 'integer', value: 0 },
    );
    expect(await client.get({ classId: 70, logicalName: '0.0.96.3.10.255', attributeId: 3 })).toEqual({
      type: 'enum',
      value: 0,
    });
    fleet.clock.advance(3_600_000);
    const truth = fleet.truth(id.id, NOW + 900_000, NOW + 3_600_000);
    expect(truth.every((t) => t.deliveredWh === 0 && !t.connected)).toBe(true);
    await client.action(
      { classId: 70, logicalName: '0.0.96.3.10.255', methodId: 2 },
      { type: 'integer', value: 0 },
    );
    expect(await client.get({ classId: 70, logicalName: '0.0.96.3.10.255', attributeId: 2 })).toEqual({
      type: 'boolean',
      value: true,
    });
    const log = await client.get({ classId: 7, logicalName: '0.0.99.98.2.255', attributeId: 2 });
    const codes =
      log.type === 'array' ? log.items.map((r) => (r.type === 'structure' ? num(r.items[1]!) : 0)) : [];
    expect(codes.slice(-2)).toEqual([62, 63]);
    await close();
  });

  it('runs a firmware transfer to activation, and rejects a corrupt image', async () => {
    const id = firstOfKind('household');
    const { client, close } = await connect(id, 'management');
    const transfer = async (image: Uint8Array, identifier: string) => {
      const size = num(await client.get({ classId: 18, logicalName: '0.0.44.0.0.255', attributeId: 2 }));
      await client.action(
        { classId: 18, logicalName: '0.0.44.0.0.255', methodId: 1 },
        {
          type: 'structure',
          items: [
            { type: 'octet-string', value: new TextEncoder().encode(identifier) },
            { type: 'double-long-unsigned', value: image.length },
          ],
        },
      );
      for (let n = 0; n * size < image.length; n++) {
        await client.action(
          { classId: 18, logicalName: '0.0.44.0.0.255', methodId: 2 },
          {
            type: 'structure',
            items: [
              { type: 'double-long-unsigned', value: n },
              { type: 'octet-string', value: image.subarray(n * size, (n + 1) * size) },
            ],
          },
        );
      }
      await client.action(
        { classId: 18, logicalName: '0.0.44.0.0.255', methodId: 3 },
        { type: 'integer', value: 0 },
      );
      await client.action(
        { classId: 18, logicalName: '0.0.44.0.0.255', methodId: 4 },
        { type: 'integer', value: 0 },
      );
    };
    const version = async () => {
      const v = await client.get({ classId: 1, logicalName: '0.0.0.2.1.255', attributeId: 2 });
      return v.type === 'octet-string' ? new TextDecoder().decode(v.value) : '';
    };
    const good = buildFirmwareImage({
      module: 'communication',
      version: '2.1.0',
      body: new Uint8Array(1500).fill(7),
    });
    await transfer(good, 'comm-2.1.0');
    expect(await version()).toBe('2.1.0');
    const bad = buildFirmwareImage({
      module: 'communication',
      version: '2.2.0',
      body: new Uint8Array(900).fill(3),
    });
    bad[bad.length - 40]! ^= 0xff;
    await expect(transfer(bad, 'comm-2.2.0')).rejects.toThrow(/other-reason/);
    expect(await version()).toBe('2.1.0');
    await close();
  });

  it('programs a passive calendar that switches the active rate at its activation time', async () => {
    const id = firstOfKind('household');
    const { client, close } = await connect(id, 'management');
    const cal = { classId: 20, logicalName: '0.0.13.0.0.255' };
    const active = await client.get({ ...cal, attributeId: 5 }); // day_profile_table_active
    // Passive: every day profile is flat rate 4 from 00:00.
    if (active.type !== 'array') throw new Error('no day profiles');
    const flat: DlmsData = {
      type: 'array',
      items: active.items.map((d) => {
        if (d.type !== 'structure') throw new Error('bad day');
        const action = {
          type: 'structure' as const,
          items: [
            { type: 'octet-string' as const, value: Uint8Array.of(0, 0, 0, 0) },
            { type: 'octet-string' as const, value: logicalName('0.0.10.0.100.255') },
            { type: 'long-unsigned' as const, value: 4 },
          ],
        };
        return { type: 'structure', items: [d.items[0]!, { type: 'array', items: [action] }] };
      }),
    };
    for (const [attributeId, source] of [
      [6, 2],
      [7, 3],
      [8, 4],
      [9, 5],
    ] as const) {
      const value = attributeId === 9 ? flat : await client.get({ ...cal, attributeId: source + 0 });
      await client.set({ ...cal, attributeId }, attributeId === 9 ? flat : value);
    }
    const activation = NOW + 2 * 3_600_000;
    await client.set({ ...cal, attributeId: 10 }, at(activation));
    const before = num(await client.get({ classId: 3, logicalName: '1.0.1.8.4.255', attributeId: 2 }));
    fleet.clock.set(activation + 3 * 3_600_000);
    const after = num(await client.get({ classId: 3, logicalName: '1.0.1.8.4.255', attributeId: 2 }));
    // Intervals are rated by the calendar in force at their start: the first whole one after activation is rate 4.
    const firstWhole = Math.ceil(activation / 900_000) * 900_000;
    const truth = fleet.truth(id.id, firstWhole, activation + 3 * 3_600_000);
    expect(truth.length).toBeGreaterThan(10);
    expect(truth.every((t) => t.rate === 4)).toBe(true);
    expect(fleet.truth(id.id, firstWhole - 900_000, firstWhole)[0]?.rate).not.toBe(4);
    expect(after - before).toBeGreaterThanOrEqual(truth.reduce((a, t) => a + t.registeredWh, 0));
    await close();
  });

  it('pushes a last gasp when an outage starts on its transformer', async () => {
    const receiver = createSocket('udp4');
    await new Promise<void>((r) => receiver.bind(0, '127.0.0.1', r));
    const received: Uint8Array[] = [];
    receiver.on('message', (m) => received.push(new Uint8Array(m)));
    const pushFleet = new Fleet({
      spec: { seed: 3, meters: 60, historyStart: HISTORY },
      clock: new SimClock(NOW, { frozen: true }),
      push: { transport: 'udp', host: '127.0.0.1', port: receiver.address().port },
    });
    const t = pushFleet.topology.transformer(0);
    pushFleet.injectScenario({
      id: 'out-1',
      type: 'outage',
      target: { transformer: t.id },
      start: NOW + 60_000,
      end: NOW + 3_600_000,
    });
    pushFleet.clock.advance(120_000);
    const sent = await pushFleet.processPushes();
    await new Promise((r) => setTimeout(r, 100));
    receiver.close();
    expect(sent).toBeGreaterThan(0);
    expect(received.length).toBe(sent);
    const frame = decodeWrapperDatagram(received[0]!);
    const first = decodeApdu(frame.apdu);
    expect(first.type).toBe('ciphered');
    const customers = t.meterIndices
      .map((i) => pushFleet.identity(i))
      .filter((i) => i.kind !== 'water' && i.kind !== 'gas');
    const deciphered = customers
      .map((id) => {
        try {
          return decodeApdu(
            decipherApdu(frame.apdu, () => ({
              encryptionKey: id.encryptionKey,
              authenticationKey: id.authenticationKey,
            })).apdu,
          );
        } catch {
          return undefined;
        }
      })
      .find((x) => x !== undefined);
    expect(deciphered?.type).toBe('data-notification');
    if (deciphered?.type === 'data-notification' && deciphered.body.type === 'structure') {
      expect(deciphered.body.items[2]).toEqual({ type: 'unsigned', value: 234 });
    }
    // Those meters no longer answer while the transformer is out.
    expect(pushFleet.reachable(t.meterIndices[0]!)).toBe(false);
  });

  it('pushes through its Push setup: destination set by the head-end, method 1, and tamper alarms', async () => {
    const receiver = createSocket('udp4');
    await new Promise<void>((r) => receiver.bind(0, '127.0.0.1', r));
    const received: Uint8Array[] = [];
    receiver.on('message', (m) => received.push(new Uint8Array(m)));
    const id = firstOfKind('industrial');
    const { client, close } = await connect(id, 'management');
    const push = { classId: 40, logicalName: '0.0.25.9.0.255' };
    await client.set(
      { ...push, attributeId: 3 },
      {
        type: 'structure',
        items: [
          { type: 'enum', value: 1 },
          { type: 'octet-string', value: new TextEncoder().encode(`127.0.0.1:${receiver.address().port}`) },
          { type: 'enum', value: 0 },
        ],
      },
    );
    // Anything off loopback is refused.
    await expect(
      client.set(
        { ...push, attributeId: 3 },
        {
          type: 'structure',
          items: [
            { type: 'enum', value: 1 },
            { type: 'octet-string', value: new TextEncoder().encode('10.0.0.1:4060') },
            { type: 'enum', value: 0 },
          ],
        },
      ),
    ).rejects.toThrow(/type-unmatched/);
    await client.action({ ...push, methodId: 1 }, { type: 'integer', value: 0 });
    fleet.injectScenario({
      id: 'cover-open',
      type: 'tamper',
      tamper: 'meter-cover',
      target: { meters: [id.id] },
      start: fleet.clock.now() + 1_000,
    });
    fleet.clock.advance(5_000);
    await fleet.processPushes();
    await new Promise((r) => setTimeout(r, 200));
    receiver.close();
    await close();
    expect(received).toHaveLength(2);
    const bodies = received.map((bytes) => {
      const plain = decipherApdu(decodeWrapperDatagram(bytes).apdu, () => ({
        encryptionKey: id.encryptionKey,
        authenticationKey: id.authenticationKey,
      }));
      const apdu = decodeApdu(plain.apdu);
      return apdu.type === 'data-notification' && apdu.body.type === 'structure' ? apdu.body.items : [];
    });
    expect(bodies.map((b) => [b[1], b[2]])).toEqual([
      [
        { type: 'enum', value: 4 },
        { type: 'unsigned', value: 0 },
      ],
      [
        { type: 'enum', value: 3 },
        { type: 'unsigned', value: 44 },
      ],
    ]);
  });

  it('reads volume and battery of a water meter', async () => {
    const id = firstOfKind('water');
    const { client, close } = await connect(id, 'reader');
    expect(
      num(await client.get({ classId: 3, logicalName: '8.0.1.0.0.255', attributeId: 2 })),
    ).toBeGreaterThan(0);
    const volts = num(await client.get({ classId: 3, logicalName: '0.0.96.6.3.255', attributeId: 2 })) / 100;
    expect(volts).toBeGreaterThan(3.2);
    expect(volts).toBeLessThanOrEqual(3.6);
    await close();
  });

  it('injects session failures at the configured rate', async () => {
    fleet.setFaults({ sessionFailureRate: 0.5 });
    let ok = 0;
    let failed = 0;
    for (let i = 0; i < 40; i++) {
      const id = fleet.identity(i);
      try {
        const { client, close } = await connect(id, 'public');
        await client.get({ classId: 8, logicalName: '0.0.1.0.0.255', attributeId: 2 });
        await close();
        ok++;
      } catch {
        failed++;
      }
    }
    fleet.setFaults({ sessionFailureRate: 0 });
    expect(failed).toBeGreaterThan(8);
    expect(ok).toBeGreaterThan(8);
    expect(fleet.stats().faultsInjected).toBe(failed);
  });

  it('refuses connections to addresses that are not meters of the fleet', async () => {
    await expect(
      WrapperTcpClient.connect({ host: '127.200.0.1', port, clientSap: 16 }).then((c) =>
        c.request(Uint8Array.of(0x62, 0)),
      ),
    ).rejects.toThrow();
  });
});

describe('the meter cache', () => {
  it('never drops a meter while a session is open to it', async () => {
    const small = new Fleet({
      spec: { seed: 5, meters: 20, historyStart: HISTORY },
      clock: new SimClock(NOW, { frozen: true }),
      maxCachedMeters: 2,
    });
    const listener = await small.listen({ host: '0.0.0.0', port: 0 });
    const sessions = [];
    for (let i = 0; i < 5; i++) {
      const transport = await WrapperTcpClient.connect({
        host: small.identity(i).address,
        port: listener.port,
        clientSap: 16,
      });
      const client = new DlmsClient(transport);
      await client.associate();
      sessions.push(transport);
    }
    expect(small.stats().sessionsOpen).toBe(5);
    expect(small.materialised).toBe(5);
    await Promise.all(sessions.map((t) => t.close()));
    await small.close();
  });
});

describe('a fleet served by several processes (shards)', () => {
  it('gives every meter to exactly one shard, a transformer with its check meter, and each shard answers only its own', async () => {
    const spec = { seed: 11, meters: 300, historyStart: HISTORY } as const;
    const clock = () => new SimClock(NOW, { frozen: true });
    const shards = [0, 1].map((index) => new Fleet({ spec, clock: clock(), shard: { index, count: 2 } }));
    const whole = new Fleet({ spec, clock: clock() });
    const owners = Array.from({ length: whole.size }, (_, i) => shards.filter((s) => s.serves(i)).length);
    expect(owners.every((n) => n === 1)).toBe(true);
    const first = Array.from({ length: whole.size }, (_, i) => whole.shardOf(i, 2));
    expect(new Set(first)).toEqual(new Set([0, 1]));
    // Transformers of 20–60 meters spread evenly enough over a large fleet.
    const big = new Fleet({ spec: { ...spec, meters: 20_000 }, clock: clock() });
    let inFirst = 0;
    for (let i = 0; i < big.size; i++) if (big.shardOf(i, 2) === 0) inFirst++;
    expect(inFirst / big.size).toBeGreaterThan(0.42);
    expect(inFirst / big.size).toBeLessThan(0.58);
    for (let t = 0; t < whole.topology.transformerCount; t++) {
      const info = whole.topology.transformer(t);
      const shard = whole.shardOf(info.checkMeterIndex, 2);
      expect(info.meterIndices.every((i) => whole.shardOf(i, 2) === shard)).toBe(true);
    }
    expect(whole.serves(0) && whole.shardOf(5, 1) === 0).toBe(true);
    expect(() => new Fleet({ spec, clock: clock(), shard: { index: 2, count: 2 } })).toThrow(RangeError);

    const ports = await Promise.all(
      shards.map((s) => s.listen({ host: '0.0.0.0', port: 0 }).then((l) => l.port)),
    );
    try {
      const mine = first.indexOf(1);
      const id = whole.identity(mine);
      const transport = await WrapperTcpClient.connect({ host: id.address, port: ports[1]!, clientSap: 16 });
      const client = new DlmsClient(transport);
      await client.associate();
      const name = await client.get({ classId: 1, logicalName: '0.0.42.0.0.255', attributeId: 2 });
      expect(name.type === 'octet-string' && new TextDecoder().decode(name.value)).toBe(id.id);
      await client.release();
      await transport.close();
      // The other shard refuses the meter.
      await expect(
        WrapperTcpClient.connect({ host: id.address, port: ports[0]!, clientSap: 16 }).then((c) =>
          c.request(Uint8Array.of(0x62, 0)),
        ),
      ).rejects.toThrow();
      expect(shards[0]!.stats().connectionsRefused).toBe(1);
    } finally {
      await Promise.all(shards.map((s) => s.close()));
    }
  });
});
