import { afterEach, describe, expect, it } from 'vitest';
import { conformance } from '../apdu/conformance.js';
import { hdlcAddress } from '../framing/hdlc-address.js';
import { InvocationCounter } from '../security/invocation-counter.js';
import { DlmsClient } from '../session/client.js';
import { DlmsServer } from '../session/server.js';
import { ProfileObject, RegisterObject } from '../test-support/cosem-objects.js';
import { HdlcTcpClient } from './hdlc-tcp-client.js';
import { type HdlcTcpListener, listenHdlcTcp } from './hdlc-tcp-server.js';

const EK = Uint8Array.from({ length: 16 }, (_, i) => i);
const AK = Uint8Array.from({ length: 16 }, (_, i) => 0xd0 + i);
const START = Date.UTC(2026, 0, 1);

function server() {
  return new DlmsServer({
    systemTitle: new TextEncoder().encode('GMT00002'),
    objects: [new RegisterObject('1.0.1.8.0.255', 987_654), new ProfileObject(START, 2_000)],
    associations: [
      {
        clientSap: 16,
        authentication: 'none',
        conformance: conformance(['get', 'blockTransferWithGetOrRead', 'selectiveAccess']),
      },
      {
        clientSap: 1,
        authentication: 'hls-gmac',
        security: { policy: 'authenticated-encrypted', encryptionKey: EK, authenticationKey: AK },
        conformance: conformance(['get', 'set', 'action', 'blockTransferWithGetOrRead', 'selectiveAccess']),
      },
    ],
  });
}

describe('DLMS over HDLC over TCP', () => {
  let listener: HdlcTcpListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  it('connects (SNRM/UA), associates, reads a segmented 2,000-row profile and disconnects', async () => {
    const dlms = server();
    listener = await listenHdlcTcp({
      port: 0,
      serverFor: () => dlms,
      parameters: { maxInfoFieldLengthTransmit: 128 },
    });
    const transport = await HdlcTcpClient.connect({
      host: '127.0.0.1',
      port: listener.port,
      clientAddress: hdlcAddress(16),
      serverAddress: hdlcAddress(1, 17),
    });
    const client = new DlmsClient(transport);
    await client.associate();
    expect(await client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 })).toEqual({
      type: 'double-long-unsigned',
      value: 987_654,
    });
    const rows = await client.get({ classId: 7, logicalName: '1.0.99.1.0.255', attributeId: 2 });
    expect(rows.type === 'array' && rows.items.length).toBe(2_000);
    await client.release();
    await transport.close();
  });

  it('runs HLS-GMAC with suite 0 ciphering over the HDLC link', async () => {
    const dlms = server();
    listener = await listenHdlcTcp({ port: 0, serverFor: () => dlms });
    const transport = await HdlcTcpClient.connect({
      host: '127.0.0.1',
      port: listener.port,
      clientAddress: hdlcAddress(1),
      serverAddress: hdlcAddress(1),
    });
    const client = new DlmsClient(transport, {
      authentication: { mechanism: 'hls-gmac' },
      security: {
        policy: 'authenticated-encrypted',
        systemTitle: new TextEncoder().encode('GMHES002'),
        encryptionKey: EK,
        authenticationKey: AK,
        invocationCounter: new InvocationCounter(1),
      },
    });
    await client.associate();
    expect(await client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 })).toEqual({
      type: 'double-long-unsigned',
      value: 987_654,
    });
    await transport.close();
  });

  it('gives up with a clear error when nothing answers the SNRM', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer((socket) => socket.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    await expect(
      HdlcTcpClient.connect({
        host: '127.0.0.1',
        port,
        clientAddress: hdlcAddress(16),
        serverAddress: hdlcAddress(1),
        frameTimeoutMs: 50,
        maxRetries: 2,
      }),
    ).rejects.toThrow(/No HDLC response .* after 2 resends/);
    await new Promise((r) => silent.close(r));
  });
});
