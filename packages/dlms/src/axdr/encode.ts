import { ByteWriter } from '@gridmeter/codec';
import { encodeCosemDate, encodeCosemDateTime, encodeCosemTime } from './cosem-date-time.js';
import { encodeLength } from './length.js';
import { dataTypeOfTag, tagOfDataType } from './tags.js';
import { encodeTypeDescription } from './type-description.js';
import type { DlmsData, TypeDescription } from './types.js';

const utf8Encoder = new TextEncoder();

/**
 * Writes one `Data` value in A-XDR (IEC 62056-6-2 §4.1.5, IEC 62056-5-3 §9.5): its tag, then its
 * contents. Lengths and quantities use the shortest A-XDR length form, booleans encode TRUE as
 * 0x01, bit-strings pad the last byte with zeros. Throws `RangeError` for a value outside its
 * type's range and `TypeError` for a compact-array whose items do not match its description.
 *
 * @example
 * const w = new ByteWriter();
 * encodeData(w, { type: 'long-unsigned', value: 230 }); // 12 00 e6
 */
export function encodeData(w: ByteWriter, d: DlmsData): void {
  w.u8(tagOfDataType(d.type));
  encodeContents(w, d);
}

function encodeContents(w: ByteWriter, d: DlmsData): void {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return;
    case 'array':
    case 'structure':
      encodeLength(w, d.items.length);
      for (const item of d.items) encodeData(w, item);
      return;
    case 'boolean':
      w.u8(d.value ? 1 : 0);
      return;
    case 'bit-string':
      encodeBitString(w, d.value);
      return;
    case 'double-long':
      w.i32(d.value);
      return;
    case 'double-long-unsigned':
      w.u32(d.value);
      return;
    case 'octet-string':
      encodeLength(w, d.value.length);
      w.bytes(d.value);
      return;
    case 'visible-string':
      encodeLatin1(w, d.value);
      return;
    case 'utf8-string': {
      const bytes = utf8Encoder.encode(d.value);
      encodeLength(w, bytes.length);
      w.bytes(bytes);
      return;
    }
    case 'bcd':
      if (!Number.isInteger(d.value) || d.value < 0 || d.value > 99) {
        throw new RangeError(`bcd out of range [0, 99]: ${d.value}`);
      }
      w.u8(((d.value / 10) | 0) * 16 + (d.value % 10));
      return;
    case 'integer':
      w.i8(d.value);
      return;
    case 'long':
      w.i16(d.value);
      return;
    case 'unsigned':
    case 'enum':
      w.u8(d.value);
      return;
    case 'long-unsigned':
      w.u16(d.value);
      return;
    case 'compact-array':
      encodeCompactArray(w, d.description, d.items);
      return;
    case 'long64':
      w.i64(d.value);
      return;
    case 'long64-unsigned':
      w.u64(d.value);
      return;
    case 'float32':
      w.f32(d.value);
      return;
    case 'float64':
      w.f64(d.value);
      return;
    case 'date-time':
      encodeCosemDateTime(w, d.value);
      return;
    case 'date':
      encodeCosemDate(w, d.value);
      return;
    case 'time':
      encodeCosemTime(w, d.value);
      return;
  }
}

function encodeBitString(w: ByteWriter, bits: string): void {
  if (!/^[01]*$/.test(bits))
    throw new RangeError(`bit-string must be '0'/'1' characters: "${bits.slice(0, 40)}"`);
  encodeLength(w, bits.length);
  for (let i = 0; i < bits.length; i += 8) {
    const chunk = bits.slice(i, i + 8).padEnd(8, '0');
    w.u8(Number.parseInt(chunk, 2));
  }
}

function encodeLatin1(w: ByteWriter, s: string): void {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`visible-string holds character U+${c.toString(16)} beyond one byte`);
    bytes[i] = c;
  }
  encodeLength(w, bytes.length);
  w.bytes(bytes);
}

/** IEC 62056-6-2 §4.1.5 compact-array: description, then the packed contents as an octet string. */
function encodeCompactArray(w: ByteWriter, description: TypeDescription, items: readonly DlmsData[]): void {
  encodeTypeDescription(w, description);
  const contents = new ByteWriter(items.length * 4);
  for (const item of items) encodePacked(contents, description, item);
  const bytes = contents.finish();
  encodeLength(w, bytes.length);
  w.bytes(bytes);
}

function encodePacked(w: ByteWriter, d: TypeDescription, item: DlmsData): void {
  switch (d.type) {
    case 'simple': {
      const expected = dataTypeOfTag(d.tag);
      if (item.type !== expected) {
        throw new TypeError(`compact-array element is ${item.type}, description says ${expected}`);
      }
      encodeContents(w, item);
      return;
    }
    case 'array':
      if (item.type !== 'array' || item.items.length !== d.count) {
        throw new TypeError(
          `compact-array element must be an array of ${d.count}, got ${item.type}${item.type === 'array' ? ` of ${item.items.length}` : ''}`,
        );
      }
      for (const inner of item.items) encodePacked(w, d.element, inner);
      return;
    case 'structure':
      if (item.type !== 'structure' || item.items.length !== d.elements.length) {
        throw new TypeError(
          `compact-array element must be a structure of ${d.elements.length}, got ${item.type}`,
        );
      }
      for (let i = 0; i < d.elements.length; i++) encodePacked(w, d.elements[i]!, item.items[i]!);
      return;
  }
}

/**
 * The TypeDescription of a simple compact-array element, by type name.
 *
 * @example
 * simpleTypeDescription('double-long-unsigned'); // { type: 'simple', tag: 6 }
 */
export function simpleTypeDescription(
  type: Exclude<DlmsData['type'], 'array' | 'structure' | 'compact-array'>,
): TypeDescription {
  return { type: 'simple', tag: tagOfDataType(type) };
}
