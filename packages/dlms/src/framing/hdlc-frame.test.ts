import { CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epriVectors, everySplit, loadVectorFile, u9nVectors } from '../test-support/vectors.js';
import { type HdlcAddress, hdlcAddress } from './hdlc-address.js';
import { decodeHdlcFrame, encodeHdlcFrame, type HdlcFrame } from './hdlc-frame.js';
import { decodeHdlcParameters } from './hdlc-parameters.js';
import { HdlcSplitter } from './hdlc-splitter.js';

interface CaptureMessage {
  readonly dir: 'TX' | 'RX';
  readonly hex: string;
  readonly gurux_xml?: string;
}
interface CaptureSession {
  readonly name: string;
  readonly messages: readonly CaptureMessage[];
}
const sessions = loadVectorFile<{ sessions: CaptureSession[] }>('captures/loopback-sessions.json').sessions;
const hdlcSessions = sessions.filter((s) => s.name.includes('hdlc'));

/** Gurux's translator prints an HDLC address as one number: upper << 7 | lower (2 bytes), << 14 (4 bytes). */
function guruxAddress(a: HdlcAddress): number {
  if (a.size === 1) return a.upper;
  return a.upper * (a.size === 2 ? 0x80 : 0x4000) + a.lower;
}

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag} Value="([0-9A-Fa-f]*)" />`).exec(xml)?.[1];
}

/** The control byte as Gurux printed it, read here by the ISO/IEC 13239 bit layout. */
function controlFromGurux(byte: number): Partial<HdlcFrame> {
  if ((byte & 1) === 0) {
    return {
      type: 'I',
      sendSequence: (byte >> 1) & 7,
      receiveSequence: byte >> 5,
      pollFinal: (byte & 0x10) !== 0,
    };
  }
  if ((byte & 0x0f) === 0x01)
    return { type: 'RR', receiveSequence: byte >> 5, pollFinal: (byte & 0x10) !== 0 };
  const u: Record<number, HdlcFrame['type']> = {
    131: 'SNRM',
    67: 'DISC',
    99: 'UA',
    15: 'DM',
    135: 'FRMR',
    3: 'UI',
  };
  return { type: u[byte & ~0x10]!, pollFinal: (byte & 0x10) !== 0 };
}

/** Checks a decoded frame against Gurux's independent decoding of the same bytes. */
function expectMatchesGurux(frame: HdlcFrame, xml: string): void {
  expect(guruxAddress(frame.destination)).toBe(Number.parseInt(xmlValue(xml, 'TargetAddress')!, 16));
  expect(guruxAddress(frame.source)).toBe(Number.parseInt(xmlValue(xml, 'SourceAddress')!, 16));
  expect(frame).toMatchObject(controlFromGurux(Number.parseInt(xmlValue(xml, 'FrameType')!, 16)));
  const next = xmlValue(xml, 'NextFrame');
  if (next !== undefined) {
    // Gurux prints a segment's data; on the first segment, after the LLC header E6 E7 00.
    const llc = toHex(frame.information.subarray(0, 3)) === 'e6e700' ? 3 : 0;
    expect(toHex(frame.information.subarray(llc)).toUpperCase()).toBe(next);
  }
  const maxInfoTx = /<MaxInfoTX Value="(\d+)"/.exec(xml)?.[1];
  if (maxInfoTx !== undefined) {
    const p = decodeHdlcParameters(frame.information);
    expect(p.maxInfoFieldLengthTransmit).toBe(Number(maxInfoTx));
    expect(p.maxInfoFieldLengthReceive).toBe(Number(/<MaxInfoRX Value="(\d+)"/.exec(xml)![1]));
    expect(p.windowSizeTransmit).toBe(Number(/<WindowSizeTX Value="(\d+)"/.exec(xml)![1]));
    expect(p.windowSizeReceive).toBe(Number(/<WindowSizeRX Value="(\d+)"/.exec(xml)![1]));
  }
}

function splitAll(chunks: Uint8Array[]): HdlcFrame[] {
  const s = new HdlcSplitter();
  const out: HdlcFrame[] = [];
  for (const c of chunks) s.push(c, (f) => out.push(f));
  return out;
}

const positive = [
  ...u9nVectors()
    .filter((v) => v.kind_guess === 'hdlc_frame' && v.gurux_xml)
    .map((v) => ({
      name: `u9n ${String((v.sources as { test: string }[])[0]!.test)}`,
      hex: v.hex,
      xml: v.gurux_xml!,
    })),
  ...epriVectors()
    .filter((v) => v.kind_guess === 'hdlc_frame' && v.gurux_xml)
    .map((v) => ({ name: `epri ${v.name_hint}`, hex: v.hex, xml: v.gurux_xml! })),
];

describe('HDLC frame codec against third-party vectors', () => {
  it('has the vectors it expects', () => {
    expect(positive.length).toBe(7);
  });

  for (const v of positive) {
    it(`decodes ${v.name} as Gurux does and re-encodes it to the same bytes`, () => {
      const bytes = fromHex(v.hex);
      const frame = decodeHdlcFrame(bytes);
      expectMatchesGurux(frame, v.xml);
      expect(toHex(encodeHdlcFrame(frame))).toBe(v.hex);
    });

    it(`splits ${v.name} fed whole, byte by byte and at every offset`, () => {
      const bytes = fromHex(v.hex);
      const expected = decodeHdlcFrame(bytes);
      for (const frames of everySplit(bytes, splitAll)) expect(frames).toEqual([expected]);
    });
  }

  it('decodes the Green Book SNRM with a 4-byte server address (EPRI PUT_SNRM)', () => {
    const snrm = decodeHdlcFrame(fromHex(epriVectors().find((v) => v.name_hint === 'PUT_SNRM')!.hex));
    expect(snrm).toMatchObject({
      type: 'SNRM',
      destination: { size: 4, upper: 1, lower: 17 },
      source: { size: 1, upper: 0x10 },
      pollFinal: true,
      segmented: false,
    });
    expect(snrm.information.length).toBe(0);
  });

  it('rejects the deliberately bad EPRI frame (no source address) with a CodecError, also with trailing bytes', () => {
    const bad = fromHex(epriVectors().find((v) => v.name_hint === 'BAD_AARQ_TEST_PACKET')!.hex);
    expect(() => decodeHdlcFrame(bad)).toThrow(CodecError);
    expect(() => decodeHdlcFrame(bad)).toThrow(/3-byte address/);
    const s = new HdlcSplitter();
    expect(() => s.feed(Uint8Array.from([...bad, 0x01, 0x02]))).toThrow(CodecError);
  });

  it('rejects the u9n flag-only test strings, which are not HDLC frames', () => {
    for (const v of u9nVectors().filter((x) => x.kind_guess === 'hdlc_frame' && !x.gurux_xml)) {
      expect(() => decodeHdlcFrame(fromHex(v.hex))).toThrow(CodecError);
      for (const frames of everySplit(fromHex(v.hex), splitAll)) expect(frames).toEqual([]);
    }
  });
});

describe('HDLC frame codec on the captured Gurux sessions', () => {
  for (const session of hdlcSessions) {
    it(`decodes every frame of ${session.name}, matches Gurux and re-encodes each`, () => {
      for (const m of session.messages) {
        const bytes = fromHex(m.hex);
        const frame = decodeHdlcFrame(bytes);
        if (m.gurux_xml?.startsWith('<HDLC')) expectMatchesGurux(frame, m.gurux_xml);
        expect(toHex(encodeHdlcFrame(frame))).toBe(m.hex);
        for (const frames of everySplit(bytes, splitAll)) expect(frames).toEqual([frame]);
      }
    });

    it(`splits the whole ${session.name} stream whole, byte by byte, and with shared flags`, () => {
      const frames = session.messages.map((m) => decodeHdlcFrame(fromHex(m.hex)));
      const stream = fromHex(session.messages.map((m) => m.hex).join(''));
      expect(splitAll([stream])).toEqual(frames);
      expect(splitAll(Array.from(stream, (b) => Uint8Array.of(b)))).toEqual(frames);
      // IEC 62056-46 §6.4.1: one flag may close a frame and open the next.
      const shared = fromHex(session.messages.map((m, i) => (i === 0 ? m.hex : m.hex.slice(2))).join(''));
      expect(splitAll([shared])).toEqual(frames);
      // Extra flags between frames are fill.
      const filled = fromHex(`7e7e${session.messages.map((m) => m.hex).join('7e')}7e7e`);
      expect(splitAll([filled])).toEqual(frames);
    });
  }

  it('the segmented Gurux frames carry the S bit (format 0xA8) and the last segment does not', () => {
    const rx = hdlcSessions[1]!.messages
      .filter((m) => m.dir === 'RX')
      .map((m) => decodeHdlcFrame(fromHex(m.hex)));
    const segmented = rx.filter((f) => f.segmented);
    expect(segmented.length).toBeGreaterThan(10);
    for (const f of segmented) expect(f.type).toBe('I');
  });
});

const address: fc.Arbitrary<HdlcAddress> = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((u) => hdlcAddress(u)),
  fc
    .tuple(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x7f }))
    .map(([u, l]) => hdlcAddress(u, l, 2)),
  fc
    .tuple(fc.integer({ min: 0, max: 0x3fff }), fc.integer({ min: 0, max: 0x3fff }))
    .map(([u, l]) => hdlcAddress(u, l, 4)),
);
const seq = fc.integer({ min: 0, max: 7 });
const frameArb: fc.Arbitrary<HdlcFrame> = fc
  .record({
    destination: address,
    source: address,
    segmented: fc.boolean(),
    pollFinal: fc.boolean(),
    information: fc.uint8Array({ maxLength: 300 }),
    control: fc.oneof(
      fc.record({ type: fc.constant('I' as const), sendSequence: seq, receiveSequence: seq }),
      fc.record({ type: fc.constantFrom('RR' as const, 'RNR' as const), receiveSequence: seq }),
      fc.record({
        type: fc.constantFrom(
          'SNRM' as const,
          'DISC' as const,
          'UA' as const,
          'DM' as const,
          'FRMR' as const,
          'UI' as const,
        ),
      }),
    ),
  })
  .map(({ control, ...rest }) => ({ ...rest, ...control }) as HdlcFrame);

describe('HDLC frame codec properties', () => {
  it('decode(encode(frame)) = frame for every address size, control type and segmentation', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const bytes = encodeHdlcFrame(frame);
        expect(decodeHdlcFrame(bytes)).toEqual(frame);
        expect(new HdlcSplitter().feed(bytes)).toEqual([frame]);
      }),
    );
  });

  it('any single corrupted byte of a valid frame is a CodecError (FCS/HCS, flags, length)', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (frame, at, xor) => {
        const bytes = encodeHdlcFrame(frame);
        bytes[at % bytes.length]! ^= xor;
        expect(() => decodeHdlcFrame(bytes)).toThrow(CodecError);
      }),
    );
  });

  it('random bytes only ever give frames, CodecErrors or resynchronisation, within the max frame size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 40 }),
        fc.boolean(),
        (chunks, flags) => {
          const s = new HdlcSplitter({ maxFrameBytes: 300 });
          for (const c of chunks) {
            if (flags && c.length > 0) c[0] = 0x7e; // make frame starts likely
            try {
              s.feed(c);
            } catch (e) {
              expect(e).toBeInstanceOf(CodecError);
            }
            expect(s.bufferedBytes).toBeLessThanOrEqual(300);
          }
        },
      ),
    );
  });

  it('finds a valid frame after random junk', () => {
    fc.assert(
      fc.property(frameArb, fc.uint8Array({ maxLength: 50 }), (frame, junk) => {
        const s = new HdlcSplitter();
        const out: HdlcFrame[] = [];
        const input = Uint8Array.from([...junk, ...encodeHdlcFrame(frame)]);
        let chunk: Uint8Array = input;
        for (let i = 0; i < 100; i++) {
          try {
            s.push(chunk, (f) => out.push(f));
            break;
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
            chunk = new Uint8Array(0);
          }
        }
        expect(out.at(-1)).toEqual(frame);
      }),
    );
  });

  it('throws RangeError for a frame over the 11-bit length or a sequence number over 7', () => {
    const base = { destination: hdlcAddress(1), source: hdlcAddress(0x10) };
    expect(() => encodeHdlcFrame({ ...base, type: 'UI', information: new Uint8Array(2040) })).toThrow(
      RangeError,
    );
    expect(() => encodeHdlcFrame({ ...base, type: 'RR', receiveSequence: 8 })).toThrow(RangeError);
    expect(() => encodeHdlcFrame({ ...base, type: 'DISC', destination: hdlcAddress(0x80) })).toThrow(
      RangeError,
    );
  });

  it('encodes the DISC of the captured session byte for byte', () => {
    expect(
      toHex(encodeHdlcFrame({ type: 'DISC', destination: hdlcAddress(1), source: hdlcAddress(0x10) })),
    ).toBe(hdlcSessions[1]!.messages.at(-2)!.hex);
  });
});
