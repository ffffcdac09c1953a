import { afterEach, describe, expect, it } from 'vitest';
import { conformance } from '../apdu/conformance.js';
import { DataAccessResult } from '../apdu/results.js';
import { cosemDateTimeFromDate, cosemDateTimeToBytes } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import { objectListConverter } from '../cosem/association.js';
import { formatLogicalName, logicalName } from '../cosem/logical-name.js';
import { InvocationCounter } from '../security/invocation-counter.js';
import {
  ClockObject,
  DataObject,
  DisconnectControlObject,
  ProfileObject,
  RegisterObject,
} from '../test-support/cosem-objects.js';
import { WrapperTcpClient } from '../transport/wrapper-tcp-client.js';
import { listenWrapperTcp, type WrapperTcpListener } from '../transport/wrapper-tcp-server.js';
import { type ClientSecurity, DlmsClient, type DlmsClientOptions } from './client.js';
import { DlmsAssociationError, DlmsProtocolError, DlmsServiceError } from './errors.js';
import { DlmsServer, type ServerSession } from './server.js';
import type { AssociationPolicy } from './server-types.js';
import type { ApduTransport } from './transport.js';

const EK = Uint8Array.from({ length: 16 }, (_, i) => i);
const AK = Uint8Array.from({ length: 16 }, (_, i) => 0xd0 + i);
const SERVER_TITLE = new TextEncoder().encode('GMT00001');
const CLIENT_TITLE = new TextEncoder().encode('GMHES001');
const START = Date.UTC(2026, 0, 1);

const SERVER_CONFORMANCE = conformance([
  'blockTransferWithGetOrRead',
  'blockTransferWithSetOrWrite',
  'blockTransferWithAction',
  'multipleReferences',
  'get',
  'set',
  'selectiveAccess',
  'action',
  'attribute0SupportedWithGet',
]);

const readWrite = () => 'read-write' as const;
const ASSOCIATIONS: AssociationPolicy[] = [
  { clientSap: 16, name: 'public', authentication: 'none', conformance: SERVER_CONFORMANCE },
  {
    clientSap: 32,
    name: 'reader',
    authentication: 'lls',
    password: new TextEncoder().encode('12345678'),
    conformance: SERVER_CONFORMANCE,
  },
  {
    clientSap: 1,
    name: 'management',
    authentication: 'hls-gmac',
    security: { policy: 'authenticated-encrypted', encryptionKey: EK, authenticationKey: AK },
    conformance: SERVER_CONFORMANCE,
    attributeAccess: readWrite,
    methodAccess: () => true,
  },
  {
    clientSap: 2,
    name: 'hls-plain',
    authentication: 'hls-gmac',
    security: { policy: 'none', encryptionKey: EK, authenticationKey: AK },
    conformance: SERVER_CONFORMANCE,
    attributeAccess: readWrite,
    methodAccess: () => true,
  },
];

function makeServer(entries = 96, maxReceivePduSize = 1024) {
  const energy = new RegisterObject('1.0.1.8.0.255', 123_456, 0, 30);
  const clock = new ClockObject(START);
  const profile = new ProfileObject(START, entries);
  const relay = new DisconnectControlObject();
  const blob = new DataObject('0.0.96.1.0.255', { type: 'visible-string', value: 'GM00000001' });
  const errors: unknown[] = [];
  const server = new DlmsServer({
    systemTitle: SERVER_TITLE,
    objects: [energy, clock, profile, relay, blob],
    associations: ASSOCIATIONS,
    maxReceivePduSize,
    onError: (e) => errors.push(e),
  });
  return { server, energy, clock, profile, relay, blob, errors };
}

/** A transport straight into a server session, counting APDUs both ways. */
function memoryTransport(session: ServerSession) {
  const log: { requests: Uint8Array[]; responses: Uint8Array[] } = { requests: [], responses: [] };
  const transport: ApduTransport = {
    async request(apdu) {
      log.requests.push(apdu);
      const response = await session.handle(apdu);
      if (!response) throw new Error('no response');
      log.responses.push(response);
      return response;
    },
    close: async () => {},
  };
  return { transport, log };
}

const management = (ic = new InvocationCounter(1)): ClientSecurity => ({
  policy: 'authenticated-encrypted',
  systemTitle: CLIENT_TITLE,
  encryptionKey: EK,
  authenticationKey: AK,
  invocationCounter: ic,
});

function connect(server: DlmsServer, clientSap: number, options: DlmsClientOptions = {}) {
  const session = server.openSession(clientSap);
  const { transport, log } = memoryTransport(session);
  return { client: new DlmsClient(transport, options), session, log };
}

const ENERGY = { classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 } as const;

describe('DlmsClient ↔ DlmsServer', () => {
  it('associates without authentication and reads registers and the logical name', async () => {
    const { server } = makeServer();
    const { client, session } = connect(server, 16);
    const info = await client.associate();
    expect(session.state).toBe('associated');
    expect(info.serverMaxReceivePduSize).toBe(1024);
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 123_456 });
    expect(await client.get({ ...ENERGY, attributeId: 3 })).toEqual({
      type: 'structure',
      items: [
        { type: 'integer', value: 0 },
        { type: 'enum', value: 30 },
      ],
    });
    const name = await client.get({ ...ENERGY, attributeId: 1 });
    expect(name.type === 'octet-string' && formatLogicalName(name.value)).toBe('1.0.1.8.0.255');
    await client.release();
    expect(session.state).toBe('idle');
  });

  it('answers object-undefined and read-write-denied as typed service errors', async () => {
    const { server, energy } = makeServer();
    const { client } = connect(server, 16);
    await client.associate();
    await expect(
      client.get({ classId: 3, logicalName: '1.0.2.8.0.255', attributeId: 2 }),
    ).rejects.toMatchObject({
      name: 'DlmsServiceError',
      code: DataAccessResult.objectUndefined,
    });
    // The public client may read but not write.
    await expect(client.set(ENERGY, { type: 'double-long-unsigned', value: 1 })).rejects.toThrow(
      /read-write-denied \(3\)/,
    );
    await expect(
      client.action(
        { classId: 70, logicalName: '0.0.96.3.10.255', methodId: 1 },
        { type: 'integer', value: 0 },
      ),
    ).rejects.toBeInstanceOf(DlmsServiceError);
    expect(energy.value).toBe(123_456);
  });

  it('refuses an unknown client SAP, a wrong LLS password and requests before association', async () => {
    const { server } = makeServer();
    await expect(connect(server, 99).client.associate()).rejects.toThrow(DlmsAssociationError);
    const lls = connect(server, 32, {
      authentication: { mechanism: 'lls', password: new TextEncoder().encode('wrong') },
    });
    await expect(lls.client.associate()).rejects.toThrow(
      /Association refused: result 1, acse-service-user diagnostic 13/,
    );
    expect(lls.session.state).toBe('idle');
    await expect(lls.client.get(ENERGY)).rejects.toThrow(DlmsProtocolError);
  });

  it('associates with LLS', async () => {
    const { server } = makeServer();
    const { client } = connect(server, 32, {
      authentication: { mechanism: 'lls', password: new TextEncoder().encode('12345678') },
    });
    await client.associate();
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 123_456 });
  });

  it('associates with HLS-GMAC and suite 0 authenticated encryption, then gets, sets and acts', async () => {
    const { server, energy, relay } = makeServer();
    const { client, session, log } = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: management(),
    });
    const info = await client.associate();
    expect(info.serverSystemTitle).toEqual(SERVER_TITLE);
    expect(session.state).toBe('associated');
    // Every xDLMS APDU after the AARQ travelled ciphered (glo-action 0xCB, glo-get 0xC8 …).
    await client.set(ENERGY, { type: 'double-long-unsigned', value: 42 });
    expect(energy.value).toBe(42);
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 42 });
    await client.action(
      { classId: 70, logicalName: '0.0.96.3.10.255', methodId: 1 },
      { type: 'integer', value: 0 },
    );
    expect(relay.connected).toBe(false);
    expect(log.requests.slice(1).map((r) => r[0])).toEqual([0xcb, 0xc9, 0xc8, 0xcb]);
    expect(log.responses.slice(1).map((r) => r[0])).toEqual([0xcf, 0xcd, 0xcc, 0xcf]);
    // The plaintext value never appears on the wire.
    const secret = Uint8Array.of(0x06, 0, 0, 0, 42);
    expect(log.responses.some((r) => Buffer.from(r).includes(Buffer.from(secret)))).toBe(false);
  });

  it('fails HLS-GMAC when the client holds the wrong authentication key', async () => {
    const { server } = makeServer();
    const { client, session } = connect(server, 2, {
      authentication: { mechanism: 'hls-gmac' },
      security: { ...management(), policy: 'authenticated', authenticationKey: new Uint8Array(16) },
    });
    // The security policy of SAP 2 is none, so this client's ciphered AARQ is refused outright.
    await expect(client.associate()).rejects.toThrow(DlmsAssociationError);
    expect(session.state).toBe('idle');
  });

  it('runs HLS-GMAC with plain APDUs when the association asks for no ciphering', async () => {
    const { server, energy } = makeServer();
    const { client, session, log } = connect(server, 2, {
      authentication: { mechanism: 'hls-gmac' },
      security: { ...management(), policy: 'none' },
    });
    await client.associate();
    expect(session.state).toBe('associated');
    await client.set(ENERGY, { type: 'double-long-unsigned', value: 9 });
    expect(energy.value).toBe(9);
    // AARQ, HLS reply, SET: the xDLMS requests go as plain ACTION-Request (0xC3) and SET-Request (0xC1).
    expect(log.requests.slice(1).map((r) => r[0])).toEqual([0xc3, 0xc1]);
  });

  it('refuses to serve anything but the HLS reply before f(StoC) verified', async () => {
    const { server } = makeServer();
    const session = server.openSession(1);
    const bad = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: { ...management(), authenticationKey: Uint8Array.from(AK, (b) => b ^ 1) },
    });
    await expect(bad.client.associate()).rejects.toThrow(DlmsAssociationError);
    expect(bad.session.state).toBe('idle');
    expect(session.state).toBe('idle');
  });

  it('rejects a replayed ciphered request', async () => {
    const { server } = makeServer();
    const { client, log, session } = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: management(),
    });
    await client.associate();
    await client.get(ENERGY);
    const replay = await session.handle(log.requests.at(-1)!);
    // ExceptionResponse: service-not-allowed… deciphering-error (5)
    expect(replay?.[0]).toBe(0xd8);
    expect(replay?.[2]).toBe(5);
  });

  it('uses general-glo-ciphering when asked', async () => {
    const { server } = makeServer();
    const { client, log } = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: { ...management(), ciphering: 'general-glo' },
    });
    await client.associate();
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 123_456 });
    expect(log.requests.at(-1)?.[0]).toBe(0xdb);
    expect(log.responses.at(-1)?.[0]).toBe(0xdb);
  });

  it('reads a large attribute by block transfer when the client PDU is small', async () => {
    const { server } = makeServer(500);
    const { client, log } = connect(server, 16, { maxReceivePduSize: 256 });
    await client.associate();
    const buffer = await client.get({ classId: 7, logicalName: '1.0.99.1.0.255', attributeId: 2 });
    expect(buffer.type === 'array' && buffer.items.length).toBe(500);
    expect(log.responses.length).toBeGreaterThan(40);
    expect(Math.max(...log.responses.map((r) => r.length))).toBeLessThanOrEqual(256);
  });

  it('reads the object list of the association with access rights for the client', async () => {
    const { server } = makeServer();
    const pub = connect(server, 16);
    await pub.client.associate();
    const list = objectListConverter.fromData(
      await pub.client.get({ classId: 15, logicalName: '0.0.40.0.0.255', attributeId: 2 }),
    );
    const energy = list.find((o) => formatLogicalName(o.logicalName) === '1.0.1.8.0.255')!;
    expect(energy.classId).toBe(3);
    expect(energy.accessRights.attributeAccess.map((a) => a.accessMode)).toEqual([1, 1, 1]);
    expect(list.map((o) => o.classId).sort((a, b) => a - b)).toEqual([1, 3, 7, 8, 15, 70]);
  });

  it('reads with a list and writes with a list', async () => {
    const { server, blob } = makeServer();
    const { client } = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: management(),
    });
    await client.associate();
    const results = await client.getWithList([
      ENERGY,
      { classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 },
      { classId: 3, logicalName: '9.9.9.9.9.9', attributeId: 2 },
    ]);
    expect(results).toEqual([
      { type: 'data', data: { type: 'double-long-unsigned', value: 123_456 } },
      { type: 'data', data: { type: 'visible-string', value: 'GM00000001' } },
      { type: 'data-access-result', dataAccessResult: DataAccessResult.objectUndefined },
    ]);
    const codes = await client.setWithList([
      {
        attribute: { classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 },
        value: { type: 'visible-string', value: 'X' },
      },
      { attribute: { classId: 3, logicalName: '9.9.9.9.9.9', attributeId: 2 }, value: { type: 'null-data' } },
    ]);
    expect(codes).toEqual([DataAccessResult.success, DataAccessResult.objectUndefined]);
    expect(blob.value).toEqual({ type: 'visible-string', value: 'X' });
  });

  it('writes a value larger than the server PDU with SET datablocks', async () => {
    const { server, blob } = makeServer(96, 128);
    const { client, log } = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: management(),
    });
    await client.associate();
    const big: DlmsData = {
      type: 'octet-string',
      value: Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff),
    };
    await client.set({ classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 }, big);
    expect(blob.value).toEqual(big);
    expect(log.requests.length).toBeGreaterThan(30);
    expect(Math.max(...log.requests.map((r) => r.length))).toBeLessThanOrEqual(128);
  });

  it('reads a profile by time range and by entry range', async () => {
    const { server } = makeServer(96 * 3);
    const { client } = connect(server, 16);
    await client.associate();
    const clockColumn = {
      classId: 8,
      logicalName: logicalName('0.0.1.0.0.255'),
      attributeIndex: 2,
      dataIndex: 0,
    };
    const at = (ms: number): DlmsData => ({
      type: 'octet-string',
      value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(ms), 0, 0)),
    });
    const day2 = await client.getProfile('1.0.99.1.0.255', {
      type: 'range-descriptor',
      restrictingObject: clockColumn,
      fromValue: at(START + 86_400_000),
      toValue: at(START + 2 * 86_400_000 - 900_000),
      selectedValues: [],
    });
    expect(day2.type === 'array' && day2.items.length).toBe(96);
    const entries = await client.getProfile('1.0.99.1.0.255', {
      type: 'entry-descriptor',
      fromEntry: 3,
      toEntry: 4,
      fromSelectedValue: 1,
      toSelectedValue: 0,
    });
    expect(entries).toEqual({
      type: 'array',
      items: [new ProfileObject(START, 10).row(2), new ProfileObject(START, 10).row(3)],
    });
  });

  it('answers a malformed request with an ExceptionResponse and keeps the association', async () => {
    const { server } = makeServer();
    const { client, session } = connect(server, 16);
    await client.associate();
    const response = await session.handle(Uint8Array.of(0xc0, 0x01, 0xc1, 0x00));
    expect(response?.[0]).toBe(0xd8);
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 123_456 });
  });

  it('sends a DataNotification push, ciphered on a secured association', async () => {
    const { server } = makeServer();
    const { client, session } = connect(server, 1, {
      authentication: { mechanism: 'hls-gmac' },
      security: management(),
    });
    await client.associate();
    const push = session.dataNotification({ type: 'structure', items: [{ type: 'unsigned', value: 1 }] });
    expect(push[0]).toBe(0xdb);
  });
});

describe('over TCP with the IEC 62056-47 wrapper', () => {
  let listener: WrapperTcpListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  for (const secured of [false, true]) {
    it(`reads a 10,000-entry profile by range with block transfer (${secured ? 'HLS-GMAC, ciphered' : 'plain'})`, async () => {
      const { server } = makeServer(10_000);
      listener = await listenWrapperTcp({ host: '127.0.0.1', port: 0, serverFor: () => server });
      const transport = await WrapperTcpClient.connect({
        host: '127.0.0.1',
        port: listener.port,
        clientSap: secured ? 1 : 16,
      });
      const client = new DlmsClient(
        transport,
        secured ? { authentication: { mechanism: 'hls-gmac' }, security: management() } : {},
      );
      await client.associate();
      const at = (ms: number): DlmsData => ({
        type: 'octet-string',
        value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(ms), 0, 0)),
      });
      const rows = await client.getProfile('1.0.99.1.0.255', {
        type: 'range-descriptor',
        restrictingObject: {
          classId: 8,
          logicalName: logicalName('0.0.1.0.0.255'),
          attributeIndex: 2,
          dataIndex: 0,
        },
        fromValue: at(START),
        toValue: at(START + 9_999 * 900_000),
        selectedValues: [],
      });
      expect(rows.type === 'array' && rows.items.length).toBe(10_000);
      if (rows.type === 'array') {
        expect(rows.items[9_999]).toEqual(new ProfileObject(START, 10_000).row(9_999));
      }
      await client.set(ENERGY, { type: 'double-long-unsigned', value: 7 }).catch((e) => {
        if (secured) throw e;
        expect(e).toBeInstanceOf(DlmsServiceError);
      });
      await client.release();
      await transport.close();
    });
  }

  it('cuts off hostile clients without delaying a regular session', async () => {
    const { server } = makeServer();
    listener = await listenWrapperTcp({
      host: '127.0.0.1',
      port: 0,
      serverFor: () => server,
      maxFrameBytes: 8 + 2048,
      idleTimeoutMs: 300,
    });
    const { createConnection } = await import('node:net');
    const open = (bytes?: Uint8Array) => {
      const s = createConnection({ host: '127.0.0.1', port: listener!.port });
      s.on('error', () => {});
      if (bytes) s.write(bytes);
      return new Promise<number>((resolve) => {
        const t0 = Date.now();
        s.on('close', () => resolve(Date.now() - t0));
      });
    };
    const garbage = open(Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff));
    // Declares a 65,535-byte APDU, more than the server takes.
    const oversized = open(Uint8Array.of(0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0xff, 0xff, 0x60));
    const idle = open();
    // 40 GET requests without waiting for answers.
    const get = Uint8Array.of(0, 1, 0, 16, 0, 1, 0, 13, 0xc0, 1, 0xc1, 0, 3, 1, 0, 1, 8, 0, 255, 2, 0);
    const flood = open(Uint8Array.from(Array.from({ length: 40 }, () => [...get]).flat()));
    const transport = await WrapperTcpClient.connect({
      host: '127.0.0.1',
      port: listener.port,
      clientSap: 16,
    });
    const client = new DlmsClient(transport);
    const t0 = Date.now();
    await client.associate();
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 123_456 });
    expect(Date.now() - t0).toBeLessThan(250);
    await Promise.all([garbage, oversized, flood]);
    expect(await idle).toBeGreaterThanOrEqual(250);
    await transport.close();
  });

  it('closes a connection that breaks the wrapper format', async () => {
    const { server } = makeServer();
    listener = await listenWrapperTcp({ host: '127.0.0.1', port: 0, serverFor: () => server });
    const transport = await WrapperTcpClient.connect({
      host: '127.0.0.1',
      port: listener.port,
      clientSap: 16,
    });
    const { createConnection } = await import('node:net');
    const raw = createConnection({ host: '127.0.0.1', port: listener.port });
    const closed = new Promise((resolve) => raw.on('close', resolve));
    raw.write(Uint8Array.of(0x00, 0x02, 0x00, 0x10, 0x00, 0x01, 0x00, 0x01, 0x00));
    await closed;
    // Other connections are unaffected.
    const client = new DlmsClient(transport);
    await client.associate();
    expect(await client.get(ENERGY)).toEqual({ type: 'double-long-unsigned', value: 123_456 });
    await transport.close();
  });
});
