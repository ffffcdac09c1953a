import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from './errors.js';
import { type FrameScan, FrameSplitter } from './frame-splitter.js';

/** Test protocol: 0xA5, length byte, body. Anything else before 0xA5 is junk to resync over. */
class TlvSplitter extends FrameSplitter<number[]> {
  protected scan(b: Uint8Array): FrameScan {
    if (b[0] !== 0xa5) {
      const next = b.indexOf(0xa5);
      return { kind: 'skip', length: next < 0 ? b.length : next, reason: 'no start byte' };
    }
    if (b.length < 2) return { kind: 'incomplete' };
    return { kind: 'frame', length: 2 + b[1]! };
  }
  protected decode(frame: Uint8Array): number[] {
    if (frame[2] === 0xee) throw new CodecError('body starts with 0xEE', 2);
    return Array.from(frame.subarray(2));
  }
}

const frame = (...body: number[]) => [0xa5, body.length, ...body];

describe('FrameSplitter', () => {
  const stream = Uint8Array.from([...frame(1, 2, 3), ...frame(), ...frame(9)]);
  const expected = [[1, 2, 3], [], [9]];

  it('splits frames fed whole', () => {
    expect(new TlvSplitter({ maxFrameBytes: 64 }).feed(stream)).toEqual(expected);
  });

  it('splits frames fed byte by byte', () => {
    const s = new TlvSplitter({ maxFrameBytes: 64 });
    const out: number[][] = [];
    for (const b of stream) s.push(Uint8Array.of(b), (f) => out.push(f));
    expect(out).toEqual(expected);
    expect(s.bufferedBytes).toBe(0);
  });

  it('splits frames split at every offset', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new TlvSplitter({ maxFrameBytes: 64 });
      const out = [...s.feed(stream.subarray(0, cut)), ...s.feed(stream.subarray(cut))];
      expect(out).toEqual(expected);
    }
  });

  it('resynchronises over junk and reports what it dropped', () => {
    const dropped: Array<[number, string, number]> = [];
    const s = new TlvSplitter({ maxFrameBytes: 64, onDiscard: (n, why, at) => dropped.push([n, why, at]) });
    expect(s.feed(Uint8Array.from([0x00, 0x11, ...frame(4)]))).toEqual([[4]]);
    expect(dropped).toEqual([[2, 'no start byte', 0]]);
    expect(s.discardedBytes).toBe(2);
  });

  it('throws a CodecError for a declared length above the maximum and drops the buffer', () => {
    const s = new TlvSplitter({ maxFrameBytes: 10 });
    expect(() => s.feed(Uint8Array.of(0xa5, 200, 1, 2))).toThrow(
      /Frame length 202 exceeds max frame size 10/,
    );
    expect(s.bufferedBytes).toBe(0);
    expect(s.feed(Uint8Array.from(frame(5)))).toEqual([[5]]);
  });

  it('consumes a frame that fails to decode, delivers the frames before it and continues after it', () => {
    const s = new TlvSplitter({ maxFrameBytes: 64 });
    const out: number[][] = [];
    expect(() =>
      s.push(Uint8Array.from([...frame(1), ...frame(0xee), ...frame(2)]), (f) => out.push(f)),
    ).toThrow(CodecError);
    expect(out).toEqual([[1]]);
    s.push(new Uint8Array(0), (f) => out.push(f));
    expect(out).toEqual([[1], [2]]);
  });

  it('does not alias frames that spanned chunks to its internal buffer', () => {
    class Views extends FrameSplitter<Uint8Array> {
      protected scan(b: Uint8Array): FrameScan {
        return b.length < 2 ? { kind: 'incomplete' } : { kind: 'frame', length: 2 + b[1]! };
      }
      protected decode(f: Uint8Array): Uint8Array {
        return f;
      }
    }
    const s = new Views({ maxFrameBytes: 64 });
    const frames = [
      ...s.feed(Uint8Array.of(0, 2, 7)),
      ...s.feed(Uint8Array.of(8, 0, 1)),
      ...s.feed(Uint8Array.of(9)),
    ];
    expect(frames.map((f) => Array.from(f))).toEqual([
      [0, 2, 7, 8],
      [0, 1, 9],
    ]);
  });

  it('never holds more than the maximum, whatever bytes arrive', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }), (chunks) => {
        const s = new TlvSplitter({ maxFrameBytes: 32 });
        for (const c of chunks) {
          try {
            s.feed(c);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
          expect(s.bufferedBytes).toBeLessThanOrEqual(32);
        }
      }),
    );
  });

  it('rejects a non-positive maximum', () => {
    expect(() => new TlvSplitter({ maxFrameBytes: 0 })).toThrow(RangeError);
  });
});
