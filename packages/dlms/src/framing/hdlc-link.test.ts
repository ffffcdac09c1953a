import { bytesEqual, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVectorFile } from '../test-support/vectors.js';
import { hdlcAddress } from './hdlc-address.js';
import { HdlcClientLink } from './hdlc-client-link.js';
import { decodeHdlcFrame, encodeHdlcFrame } from './hdlc-frame.js';
import type { HdlcEvent, HdlcLinkOptions } from './hdlc-link.js';
import { HDLC_DEFAULT_PARAMETERS, type HdlcParameters } from './hdlc-parameters.js';
import { HdlcServerLink } from './hdlc-server-link.js';

interface CaptureMessage {
  readonly dir: 'TX' | 'RX';
  readonly hex: string;
}
const sessions = loadVectorFile<{ sessions: { name: string; messages: CaptureMessage[] }[] }>(
  'captures/loopback-sessions.json',
).sessions.filter((s) => s.name.includes('hdlc'));

/*
 * Reading the capture by hand, without the code under test. Both sessions use 1-byte addresses
 * (client 0x21, server 0x03), so a frame is: 7E | format (2) | dst | src | control | HCS (2) |
 * information | FCS (2) | 7E. Hex offsets below are in characters.
 */
const control = (hex: string) => Number.parseInt(hex.slice(10, 12), 16);
const isIFrame = (hex: string) => (control(hex) & 1) === 0;
const isSegmented = (hex: string) => (Number.parseInt(hex.slice(2, 4), 16) & 0x08) !== 0;
const information = (hex: string) => hex.slice(16, -6);
const isDisc = (hex: string) => control(hex) === 0x53;
const isUa = (hex: string) => control(hex) === 0x73;

/** The APDUs in one direction: I-frame information joined over segments, the LLC header removed. */
function capturedApdus(messages: readonly CaptureMessage[], dir: 'TX' | 'RX', llc: string): string[] {
  const apdus: string[] = [];
  let current = '';
  for (const m of messages.filter((x) => x.dir === dir && isIFrame(x.hex))) {
    let info = information(m.hex);
    if (current === '') {
      expect(info.slice(0, 6)).toBe(llc);
      info = info.slice(6);
    }
    current += info;
    if (!isSegmented(m.hex)) {
      apdus.push(current);
      current = '';
    }
  }
  expect(current).toBe('');
  return apdus;
}

const addresses: HdlcLinkOptions = { clientAddress: hdlcAddress(0x10), serverAddress: hdlcAddress(1) };

describe('HDLC links replaying the captured Gurux sessions', () => {
  for (const session of sessions) {
    const requests = capturedApdus(session.messages, 'TX', 'e6e600');
    const responses = capturedApdus(session.messages, 'RX', 'e6e700');

    it(`HdlcClientLink sends exactly the client frames of ${session.name} and reassembles every response`, () => {
      const link = new HdlcClientLink(addresses);
      const sent: string[] = link.connect().map((b) => toHex(b));
      const received: string[] = [];
      let nextRequest = 0;
      for (const m of session.messages) {
        if (m.dir === 'TX') {
          // What the application asks for: a new request, or the disconnect.
          if (isIFrame(m.hex) && information(m.hex).startsWith('e6e600')) {
            sent.push(...link.sendApdu(fromHex(requests[nextRequest++]!)).map((b) => toHex(b)));
          } else if (isDisc(m.hex)) {
            sent.push(...link.disconnect().map((b) => toHex(b)));
          }
          continue;
        }
        for (const e of link.receive(fromHex(m.hex))) {
          if (e.type === 'send') sent.push(toHex(e.bytes));
          else if (e.type === 'apdu') received.push(toHex(e.apdu));
          else if (e.type === 'connected') expect(e.parameters).toEqual(HDLC_DEFAULT_PARAMETERS);
          else if (e.type === 'disconnected') expect(e.reason).toBe('disconnect');
          else throw new Error(`unexpected event ${e.type}`);
        }
      }
      expect(sent).toEqual(session.messages.filter((m) => m.dir === 'TX').map((m) => m.hex));
      expect(received).toEqual(responses);
      expect(nextRequest).toBe(requests.length);
      expect(link.state).toBe(isDisc(session.messages.at(-2)!.hex) ? 'disconnected' : 'connected');
    });

    it(`HdlcServerLink answers the client frames of ${session.name} with the server's frames`, () => {
      // The Gurux C server fills segments with 125 information bytes although it grants 128; the
      // same limit here makes the segments identical.
      const link = new HdlcServerLink({ ...addresses, parameters: { maxInfoFieldLengthTransmit: 125 } });
      const sent: string[] = [];
      const received: string[] = [];
      for (const m of session.messages.filter((x) => x.dir === 'TX')) {
        for (const e of link.receive(fromHex(m.hex))) {
          if (e.type === 'send') sent.push(toHex(e.bytes));
          else if (e.type === 'apdu') {
            received.push(toHex(e.apdu));
            sent.push(...link.sendApdu(fromHex(responses[received.length - 1]!)).map((b) => toHex(b)));
          }
        }
      }
      expect(received).toEqual(requests);
      const expected = session.messages.filter((m) => m.dir === 'RX').map((m) => m.hex);
      expect(sent.length).toBe(expected.length);
      sent.forEach((hex, i) => {
        // UA differs: it states 125 (and Gurux also puts parameters in the UA answering DISC).
        if (isUa(expected[i]!)) expect(decodeHdlcFrame(fromHex(hex)).type).toBe('UA');
        else expect(hex).toBe(expected[i]);
      });
    });
  }

  it('HdlcServerLink with default parameters answers the SNRM with the UA of the capture', () => {
    const [snrm, ua] = sessions[0]!.messages;
    const events = new HdlcServerLink(addresses).receive(fromHex(snrm!.hex));
    expect(events[0]).toEqual({ type: 'send', bytes: fromHex(ua!.hex) });
    expect(events[1]).toEqual({ type: 'connected', parameters: HDLC_DEFAULT_PARAMETERS });
  });
});

/** Carries frames between a client and a server link, optionally losing or corrupting some. */
class Line {
  readonly toServer: Uint8Array[] = [];
  readonly toClient: Uint8Array[] = [];
  readonly clientEvents: HdlcEvent[] = [];
  readonly serverApdus: Uint8Array[] = [];
  timeouts = 0;
  constructor(
    readonly client: HdlcClientLink,
    readonly server: HdlcServerLink,
    readonly respond: (request: Uint8Array) => Uint8Array,
    readonly fault: () => 'pass' | 'drop' | 'corrupt' = () => 'pass',
  ) {}

  #carry(bytes: Uint8Array): Uint8Array | undefined {
    const f = this.fault();
    if (f === 'drop') return undefined;
    if (f === 'corrupt') {
      const copy = bytes.slice();
      copy[Math.floor(copy.length / 2)]! ^= 0x5a;
      return copy;
    }
    return bytes;
  }

  /** Runs until the client has `done()` or `limit` steps pass; on silence the client times out. */
  run(done: () => boolean, limit = 5000): void {
    for (let step = 0; step < limit && !done(); step++) {
      const toServer = this.toServer.shift();
      if (toServer) {
        const bytes = this.#carry(toServer);
        if (!bytes) continue;
        for (const e of this.server.receive(bytes)) {
          if (e.type === 'send') this.toClient.push(e.bytes);
          if (e.type === 'apdu') {
            this.serverApdus.push(e.apdu);
            this.toClient.push(...this.server.sendApdu(this.respond(e.apdu)));
          }
        }
        continue;
      }
      const toClient = this.toClient.shift();
      if (toClient) {
        const bytes = this.#carry(toClient);
        if (!bytes) continue;
        for (const e of this.client.receive(bytes)) {
          if (e.type === 'send') this.toServer.push(e.bytes);
          else this.clientEvents.push(e);
        }
        continue;
      }
      // Silence: the caller's response timer fires.
      expect(this.client.awaitingResponse).toBe(true);
      this.timeouts++;
      this.toServer.push(...this.client.resend());
    }
    expect(done()).toBe(true);
  }
}

const reverse = (apdu: Uint8Array) => apdu.slice().reverse();

function parametersArb(): fc.Arbitrary<Partial<HdlcParameters>> {
  return fc.record({
    maxInfoFieldLengthTransmit: fc.integer({ min: 8, max: 300 }),
    maxInfoFieldLengthReceive: fc.integer({ min: 8, max: 300 }),
    windowSizeTransmit: fc.integer({ min: 1, max: 7 }),
    windowSizeReceive: fc.integer({ min: 1, max: 7 }),
  });
}

function converse(
  clientParameters: Partial<HdlcParameters>,
  serverParameters: Partial<HdlcParameters>,
  apdus: Uint8Array[],
  fault?: () => 'pass' | 'drop' | 'corrupt',
): number {
  const client = new HdlcClientLink({ ...addresses, parameters: clientParameters });
  const server = new HdlcServerLink({ ...addresses, parameters: serverParameters });
  const line = new Line(client, server, reverse, fault);
  line.toServer.push(...client.connect());
  line.run(() => client.state === 'connected');
  const responses = () => line.clientEvents.filter((e) => e.type === 'apdu').length;
  apdus.forEach((apdu, i) => {
    line.toServer.push(...client.sendApdu(apdu));
    line.run(() => responses() === i + 1);
  });
  line.toServer.push(...client.disconnect());
  line.run(() => client.state === 'disconnected');
  expect(line.serverApdus.map((a) => toHex(a))).toEqual(apdus.map((a) => toHex(a)));
  const got = line.clientEvents.flatMap((e) => (e.type === 'apdu' ? [e.apdu] : []));
  expect(got.length).toBe(apdus.length);
  got.forEach((a, i) => {
    expect(bytesEqual(a, reverse(apdus[i]!))).toBe(true);
  });
  return line.timeouts;
}

describe('HdlcClientLink and HdlcServerLink talking to each other', () => {
  it('move random APDUs up to several kB both ways intact with small max information fields and any window', () => {
    fc.assert(
      fc.property(
        parametersArb(),
        parametersArb(),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 4000, size: 'max' }), {
          minLength: 1,
          maxLength: 4,
        }),
        (clientParameters, serverParameters, apdus) => {
          expect(converse(clientParameters, serverParameters, apdus)).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('recover from lost and corrupted frames by time-out and resend (go-back-N), delivering each APDU once', () => {
    let timeouts = 0;
    fc.assert(
      fc.property(
        parametersArb(),
        parametersArb(),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 1500, size: 'max' }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: 1, max: 0xffffffff }),
        (clientParameters, serverParameters, apdus, seed) => {
          let s = seed;
          const fault = () => {
            s = (s * 1103515245 + 12345) >>> 0;
            const r = (s >>> 8) % 100;
            return r < 8 ? 'drop' : r < 14 ? 'corrupt' : 'pass';
          };
          timeouts += converse(clientParameters, serverParameters, apdus, fault);
        },
      ),
      { numRuns: 40 },
    );
    expect(timeouts).toBeGreaterThan(40);
  });
});

describe('HDLC link edge cases', () => {
  it('moves a 6 kB APDU each way in 24-byte segments with window 1 and with window 7', () => {
    const apdu = Uint8Array.from({ length: 6000 }, (_, i) => (i * 7) & 0xff);
    converse({ maxInfoFieldLengthTransmit: 24, maxInfoFieldLengthReceive: 24 }, {}, [apdu]);
    const window7 = {
      windowSizeTransmit: 7,
      windowSizeReceive: 7,
      maxInfoFieldLengthTransmit: 24,
      maxInfoFieldLengthReceive: 24,
    };
    converse(window7, window7, [apdu, apdu.subarray(1)]);
  });

  const toServerFrame = (frame: Parameters<typeof encodeHdlcFrame>[0]) => encodeHdlcFrame(frame);
  const base = { destination: hdlcAddress(1), source: hdlcAddress(0x10) };

  it('a server not connected answers DISC and polled I frames with DM', () => {
    const server = new HdlcServerLink(addresses);
    const [disc] = server.receive(toServerFrame({ ...base, type: 'DISC' }));
    expect(disc?.type === 'send' && decodeHdlcFrame(disc.bytes).type).toBe('DM');
    const [dm] = server.receive(
      toServerFrame({
        ...base,
        type: 'I',
        sendSequence: 0,
        receiveSequence: 0,
        information: Uint8Array.of(0xe6, 0xe6, 0, 1),
      }),
    );
    expect(dm?.type === 'send' && decodeHdlcFrame(dm.bytes).type).toBe('DM');
  });

  it('a server answers an N(R) naming a frame never sent with FRMR (Z) and keeps rejecting until SNRM', () => {
    const server = new HdlcServerLink(addresses);
    server.receive(toServerFrame({ ...base, type: 'SNRM' }));
    const [frmr] = server.receive(toServerFrame({ ...base, type: 'RR', receiveSequence: 3 }));
    expect(frmr?.type).toBe('send');
    const frame = decodeHdlcFrame((frmr as { bytes: Uint8Array }).bytes);
    expect(frame.type).toBe('FRMR');
    expect(Array.from(frame.information)).toEqual([0x71, 0x00, 0x08]);
    expect(server.state).toBe('frame-rejected');
    const again = server.receive(toServerFrame({ ...base, type: 'RR', receiveSequence: 0 }));
    expect(again[0]?.type === 'send' && decodeHdlcFrame(again[0].bytes).type).toBe('FRMR');
    server.receive(toServerFrame({ ...base, type: 'SNRM' }));
    expect(server.state).toBe('connected');
  });

  it('a client reports FRMR as an error and the link as down', () => {
    const client = new HdlcClientLink(addresses);
    client.connect();
    client.receive(encodeHdlcFrame({ destination: hdlcAddress(0x10), source: hdlcAddress(1), type: 'UA' }));
    const events = client.receive(
      encodeHdlcFrame({
        destination: hdlcAddress(0x10),
        source: hdlcAddress(1),
        type: 'FRMR',
        information: Uint8Array.of(1, 2, 8),
      }),
    );
    expect(events.map((e) => e.type)).toEqual(['error', 'disconnected']);
    expect(client.state).toBe('disconnected');
  });

  it('a client reports a frame with a bad FCS as discarded and ignores frames for other addresses', () => {
    const client = new HdlcClientLink(addresses);
    client.connect();
    const ua = encodeHdlcFrame({ destination: hdlcAddress(0x10), source: hdlcAddress(1), type: 'UA' });
    const bad = ua.slice();
    bad[bad.length - 2]! ^= 1;
    const other = encodeHdlcFrame({ destination: hdlcAddress(0x11), source: hdlcAddress(1), type: 'UA' });
    const events = client.receive(Uint8Array.from([...bad, ...other, ...ua]));
    expect(events.map((e) => e.type)).toEqual(['discarded', 'connected']);
  });

  it('a client refused with DM reports it', () => {
    const client = new HdlcClientLink(addresses);
    client.connect();
    const events = client.receive(
      encodeHdlcFrame({ destination: hdlcAddress(0x10), source: hdlcAddress(1), type: 'DM' }),
    );
    expect(events).toEqual([{ type: 'disconnected', reason: 'refused' }]);
  });

  it('delivers UI frames without the LLC header', () => {
    const client = new HdlcClientLink(addresses);
    const events = client.receive(
      encodeHdlcFrame({
        destination: hdlcAddress(0x10),
        source: hdlcAddress(1),
        type: 'UI',
        pollFinal: false,
        information: Uint8Array.of(0xe6, 0xe7, 0, 0x0f, 1),
      }),
    );
    expect(events).toEqual([{ type: 'ui', apdu: Uint8Array.of(0x0f, 1) }]);
    const server = new HdlcServerLink(addresses);
    const ui = new HdlcClientLink(addresses).sendUnnumbered(Uint8Array.of(0xc0, 1))[0]!;
    expect(server.receive(ui)).toEqual([{ type: 'ui', apdu: Uint8Array.of(0xc0, 1) }]);
  });

  it('sends the SNRM parameters only when they differ from the defaults', () => {
    const snrm = decodeHdlcFrame(
      new HdlcClientLink({ ...addresses, parameters: { maxInfoFieldLengthReceive: 512 } }).connect()[0]!,
    );
    expect(toHex(snrm.information)).toBe('8180130501800602020007040000000108040000000' + '1');
  });

  it('reports a first segment without the LLC header as an error and drops that APDU', () => {
    const server = new HdlcServerLink(addresses);
    server.receive(toServerFrame({ ...base, type: 'SNRM' }));
    const events = server.receive(
      toServerFrame({
        ...base,
        type: 'I',
        sendSequence: 0,
        receiveSequence: 0,
        information: Uint8Array.of(0xc0, 1, 2),
      }),
    );
    expect(events.map((e) => e.type)).toEqual(['error']);
  });
});
