/**
 * Internal helpers shared by the converters: check a `Data` value's shape and build one, with
 * every failure reported as a `CosemTypeError` naming the attribute and the path inside it.
 */
import type { DlmsData, DlmsDataType } from '../axdr/types.js';
import { CosemTypeError } from './errors.js';
import { LOGICAL_NAME_LENGTH } from './logical-name.js';

/** Where a converter is: the attribute it converts and the path inside the value. */
export interface At {
  readonly attribute: string;
  readonly path: string;
}

export function at(attribute: string): At {
  return { attribute, path: '' };
}

export function field(where: At, name: string): At {
  return { attribute: where.attribute, path: `${where.path}.${name}` };
}

export function item(where: At, index: number): At {
  return { attribute: where.attribute, path: `${where.path}[${index}]` };
}

type Of<T extends DlmsDataType> = Extract<DlmsData, { type: T }>;

function describe(data: DlmsData): string {
  if (data.type === 'structure') return `structure of ${data.items.length}`;
  if (data.type === 'octet-string') return `octet-string of ${data.value.length} bytes`;
  return data.type;
}

export function fail(where: At, expected: string, data: DlmsData | string): never {
  throw new CosemTypeError(
    where.attribute,
    where.path,
    expected,
    typeof data === 'string' ? data : describe(data),
  );
}

export function expect<T extends DlmsDataType>(data: DlmsData, type: T, where: At): Of<T> {
  if (data.type !== type) fail(where, type, data);
  return data as Of<T>;
}

/** The elements of a structure that must have exactly `count` of them. */
export function structure(data: DlmsData, count: number, where: At): readonly DlmsData[] {
  if (data.type !== 'structure' || data.items.length !== count) fail(where, `structure of ${count}`, data);
  return data.items;
}

/** The elements of an array; compact-arrays are accepted too (same items once decoded). */
export function array(data: DlmsData, where: At): readonly DlmsData[] {
  if (data.type === 'array' || data.type === 'compact-array') return data.items;
  return fail(where, 'array', data);
}

export function arrayOf<T>(data: DlmsData, where: At, each: (d: DlmsData, w: At) => T): T[] {
  return array(data, where).map((d, i) => each(d, item(where, i)));
}

/** Element `i` of an already-checked structure (present by construction). */
export function el(items: readonly DlmsData[], i: number): DlmsData {
  return items[i] as DlmsData;
}

export const num = {
  integer: (d: DlmsData, w: At) => expect(d, 'integer', w).value,
  long: (d: DlmsData, w: At) => expect(d, 'long', w).value,
  unsigned: (d: DlmsData, w: At) => expect(d, 'unsigned', w).value,
  longUnsigned: (d: DlmsData, w: At) => expect(d, 'long-unsigned', w).value,
  doubleLong: (d: DlmsData, w: At) => expect(d, 'double-long', w).value,
  doubleLongUnsigned: (d: DlmsData, w: At) => expect(d, 'double-long-unsigned', w).value,
  enum: (d: DlmsData, w: At) => expect(d, 'enum', w).value,
} as const;

export function boolean(d: DlmsData, w: At): boolean {
  return expect(d, 'boolean', w).value;
}

export function bitString(d: DlmsData, w: At): string {
  return expect(d, 'bit-string', w).value;
}

/** An octet-string, copied; `size` checks its length when the Blue Book fixes it. */
export function octets(d: DlmsData, w: At, size?: number): Uint8Array {
  const s = expect(d, 'octet-string', w);
  if (size !== undefined && s.value.length !== size) fail(w, `octet-string of ${size} bytes`, d);
  return s.value.slice();
}

export function logicalNameOf(d: DlmsData, w: At): Uint8Array {
  return octets(d, w, LOGICAL_NAME_LENGTH);
}

export function visibleString(d: DlmsData, w: At): string {
  return expect(d, 'visible-string', w).value;
}

// ---- building Data, with range checks (RangeError: plain bad input from the caller) ----

function ranged(type: string, min: number, max: number, value: number, name: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max} (${type}), got ${value}`);
  }
  return value;
}

export const make = {
  integer: (v: number, name: string): DlmsData => ({
    type: 'integer',
    value: ranged('integer', -128, 127, v, name),
  }),
  long: (v: number, name: string): DlmsData => ({
    type: 'long',
    value: ranged('long', -32768, 32767, v, name),
  }),
  unsigned: (v: number, name: string): DlmsData => ({
    type: 'unsigned',
    value: ranged('unsigned', 0, 255, v, name),
  }),
  longUnsigned: (v: number, name: string): DlmsData => ({
    type: 'long-unsigned',
    value: ranged('long-unsigned', 0, 0xffff, v, name),
  }),
  doubleLong: (v: number, name: string): DlmsData => ({
    type: 'double-long',
    value: ranged('double-long', -0x80000000, 0x7fffffff, v, name),
  }),
  doubleLongUnsigned: (v: number, name: string): DlmsData => ({
    type: 'double-long-unsigned',
    value: ranged('double-long-unsigned', 0, 0xffffffff, v, name),
  }),
  enum: (v: number, name: string): DlmsData => ({ type: 'enum', value: ranged('enum', 0, 255, v, name) }),
  boolean: (v: boolean): DlmsData => ({ type: 'boolean', value: v }),
  bitString: (v: string, name: string): DlmsData => {
    if (!/^[01]*$/.test(v)) throw new RangeError(`${name} must be a string of '0'/'1' bits, got "${v}"`);
    return { type: 'bit-string', value: v };
  },
  octets: (v: Uint8Array, name: string, size?: number): DlmsData => {
    if (size !== undefined && v.length !== size) {
      throw new RangeError(`${name} must be ${size} bytes, got ${v.length}`);
    }
    return { type: 'octet-string', value: v.slice() };
  },
  logicalName: (v: Uint8Array, name: string): DlmsData => make.octets(v, name, LOGICAL_NAME_LENGTH),
  visibleString: (v: string, name: string): DlmsData => {
    if (!/^[\x20-\x7e]*$/.test(v)) throw new RangeError(`${name} must be printable ASCII (visible-string)`);
    return { type: 'visible-string', value: v };
  },
  structure: (...items: DlmsData[]): DlmsData => ({ type: 'structure', items }),
  array: (items: DlmsData[]): DlmsData => ({ type: 'array', items }),
} as const;
