import { CodecError, concatBytes, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everySplit, loadVectorFile, u9nVectors } from '../test-support/vectors.js';
import { decodeWrapperDatagram, encodeWrapperFrame, type WrapperFrame, WrapperSplitter } from './wrapper.js';

interface CaptureSession {
  readonly name: string;
  readonly description: string;
  readonly messages: readonly { dir: 'TX' | 'RX'; hex: string; gurux_xml?: string }[];
}
const sessions = loadVectorFile<{ sessions: CaptureSession[] }>('captures/loopback-sessions.json').sessions;
const wrapperSessions = sessions.filter((s) => s.name.includes('wrapper'));

function xmlValue(xml: string, tag: string): number {
  return Number.parseInt(new RegExp(`<${tag} Value="([0-9A-Fa-f]+)" />`).exec(xml)![1]!, 16);
}

function splitAll(chunks: Uint8Array[]): WrapperFrame[] {
  const s = new WrapperSplitter();
  const out: WrapperFrame[] = [];
  for (const c of chunks) s.push(c, (f) => out.push(f));
  expect(s.bufferedBytes).toBe(0);
  return out;
}

const udpVectors = u9nVectors().filter((v) => v.kind_guess.startsWith('wrapper_frame'));

describe('IEC 62056-47 wrapper against third-party vectors', () => {
  it('has the u9n UDP vectors', () => {
    expect(udpVectors.length).toBe(13);
  });

  it('decodes each u9n UDP datagram with the wPorts and APDU Gurux shows, and re-encodes it', () => {
    for (const v of udpVectors) {
      const bytes = fromHex(v.hex);
      const frame = decodeWrapperDatagram(bytes);
      expect(frame.source).toBe(xmlValue(v.gurux_xml!, 'TargetAddress'));
      expect(frame.destination).toBe(xmlValue(v.gurux_xml!, 'SourceAddress'));
      // Gurux prints the general-glo-ciphering APDU: tag 0xDB and the system title.
      expect(frame.apdu[0]).toBe(0xdb);
      expect(toHex(frame.apdu.subarray(2, 10)).toUpperCase()).toBe(
        /<SystemTitle Value="([0-9A-F]+)"/.exec(v.gurux_xml!)![1],
      );
      expect(frame.apdu.length).toBe(bytes.length - 8);
      expect(toHex(encodeWrapperFrame(frame))).toBe(v.hex);
    }
  });

  for (const session of wrapperSessions) {
    it(`splits ${session.name} whole, byte by byte, and each frame at every offset`, () => {
      const stream = fromHex(session.messages.map((m) => m.hex).join(''));
      const frames = splitAll([stream]);
      expect(frames.length).toBe(session.messages.length);
      expect(splitAll(Array.from(stream, (b) => Uint8Array.of(b)))).toEqual(frames);
      session.messages.forEach((m, i) => {
        const frame = frames[i]!;
        // The Gurux translator labels the wrapper's source wPort "TargetAddress" (its own view);
        // the Green Book order is version, source, destination, length.
        expect(frame.source).toBe(xmlValue(m.gurux_xml!, 'TargetAddress'));
        expect(frame.destination).toBe(xmlValue(m.gurux_xml!, 'SourceAddress'));
        expect(toHex(encodeWrapperFrame(frame))).toBe(m.hex);
        expect(decodeWrapperDatagram(fromHex(m.hex))).toEqual(frame);
        for (const split of everySplit(fromHex(m.hex), splitAll)) expect(split).toEqual([frame]);
      });
    });
  }

  it('reads the client SAP 16 as source of what the client sent in the no-security session', () => {
    const session = wrapperSessions.find((s) => s.description.includes('client SAP 16'))!;
    const frames = splitAll([fromHex(session.messages.map((m) => m.hex).join(''))]);
    session.messages.forEach((m, i) => {
      expect(frames[i]).toMatchObject(
        m.dir === 'TX' ? { source: 16, destination: 1 } : { source: 1, destination: 16 },
      );
    });
  });
});

describe('IEC 62056-47 wrapper rejections', () => {
  const good = encodeWrapperFrame({
    source: 0x10,
    destination: 0x01,
    apdu: Uint8Array.of(0x62, 0x03, 0x80, 0x01, 0x00),
  });

  it('rejects a UDP datagram whose length field does not match, also with trailing bytes', () => {
    expect(() => decodeWrapperDatagram(good.subarray(0, good.length - 1))).toThrow(CodecError);
    expect(() => decodeWrapperDatagram(concatBytes(good, Uint8Array.of(0)))).toThrow(/length field 5 but 6/);
    expect(() => decodeWrapperDatagram(good.subarray(0, 5))).toThrow(CodecError);
  });

  it('rejects version 2 in a datagram', () => {
    const bad = good.slice();
    bad[1] = 2;
    expect(() => decodeWrapperDatagram(bad)).toThrow(/version 2/);
  });

  it('stops a TCP stream at a header with version ≠ 1, after delivering the frames before it, until reset', () => {
    const bad = good.slice();
    bad[1] = 0;
    const s = new WrapperSplitter();
    const out: WrapperFrame[] = [];
    expect(() => s.push(concatBytes(good, bad, good), (f) => out.push(f))).toThrow(/version 0/);
    expect(out.length).toBe(1);
    expect(s.bufferedBytes).toBe(0);
    expect(() => s.push(good, (f) => out.push(f))).toThrow(CodecError);
    expect(out.length).toBe(1);
    s.reset();
    s.push(good, (f) => out.push(f));
    expect(out.length).toBe(2);
  });

  it('rejects a declared length above maxFrameBytes', () => {
    const s = new WrapperSplitter({ maxFrameBytes: 12 });
    expect(() => s.feed(good)).toThrow(/exceeds max frame size 12/);
    expect(s.bufferedBytes).toBe(0);
  });

  it('throws RangeError for an APDU over 65535 bytes or a wPort over unsigned16', () => {
    expect(() => encodeWrapperFrame({ source: 1, destination: 1, apdu: new Uint8Array(0x10000) })).toThrow(
      RangeError,
    );
    expect(() => encodeWrapperFrame({ source: 0x10000, destination: 1, apdu: new Uint8Array(1) })).toThrow(
      RangeError,
    );
  });
});

describe('IEC 62056-47 wrapper properties', () => {
  const frameArb = fc.record({
    source: fc.integer({ min: 0, max: 0xffff }),
    destination: fc.integer({ min: 0, max: 0xffff }),
    apdu: fc.uint8Array({ maxLength: 600 }),
  });

  it('decode(encode(frame)) = frame, as a datagram and as a stream of frames in random chunks', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (frames, cuts) => {
          for (const f of frames) expect(decodeWrapperDatagram(encodeWrapperFrame(f))).toEqual(f);
          const stream = concatBytes(...frames.map(encodeWrapperFrame));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, stream.length]
            .slice(1)
            .map((end, i, all) => stream.subarray(i === 0 ? 0 : all[i - 1]!, end));
          expect(splitAll(chunks)).toEqual(frames);
        },
      ),
    );
  });

  it('random bytes give frames or a CodecError, never more than maxFrameBytes buffered', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 30 }), (chunks) => {
        const s = new WrapperSplitter({ maxFrameBytes: 256 });
        for (const c of chunks) {
          try {
            s.feed(c);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
          expect(s.bufferedBytes).toBeLessThanOrEqual(256);
        }
      }),
    );
  });
});
