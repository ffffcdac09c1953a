/**
 * DlmsData ⇄ TypeScript converters for the structured attribute values of the interface classes
 * (IEC 62056-6-2 §4). Each converter checks the shape the Blue Book gives the attribute and throws
 * `CosemTypeError` naming the attribute and the path inside it when the Data does not fit.
 */
import type { DlmsData } from '../axdr/types.js';
import {
  type At,
  arrayOf,
  at,
  el,
  expect,
  fail,
  field,
  logicalNameOf,
  make,
  num,
  octets,
  structure,
} from './shape.js';

/**
 * Converts one attribute (or method parameter) between `Data` and a typed object.
 *
 * @example
 * scalerUnitConverter.fromData({ type: 'structure', items: [{ type: 'integer', value: -3 }, { type: 'enum', value: 30 }] });
 * // { scaler: -3, unit: 30 }
 */
export interface DataConverter<T> {
  /** The attribute or parameter name as the Blue Book spells it; errors quote it. */
  readonly attribute: string;
  /** Throws `CosemTypeError` when `data` does not have the attribute's shape. */
  fromData(data: DlmsData): T;
  /** Throws `RangeError` when a value does not fit its A-XDR type. */
  toData(value: T): DlmsData;
}

/** A converter for a part of a value, used to build the attribute converters. */
export interface Part<T> {
  read(data: DlmsData, where: At): T;
  write(value: T, name: string): DlmsData;
}

/** Makes the attribute converter from a part. */
export function converter<T>(attribute: string, part: Part<T>): DataConverter<T> {
  return {
    attribute,
    fromData: (data) => part.read(data, at(attribute)),
    toData: (value) => part.write(value, attribute),
  };
}

/** An array of parts. */
export function arrayPart<T>(each: Part<T>): Part<readonly T[]> {
  return {
    read: (d, w) => arrayOf(d, w, (x, wi) => each.read(x, wi)),
    write: (v, name) => make.array(v.map((x, i) => each.write(x, `${name}[${i}]`))),
  };
}

/** A structure whose elements map one-to-one onto the fields of `T`, in order. */
export function structPart<T extends object>(fields: { readonly [K in keyof T]: Part<T[K]> }): Part<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  return {
    read: (d, w) => {
      const items = structure(d, keys.length, w);
      const out: Partial<T> = {};
      keys.forEach((k, i) => {
        out[k] = fields[k].read(el(items, i), field(w, k));
      });
      return out as T;
    },
    write: (v, name) => make.structure(...keys.map((k) => fields[k].write(v[k], `${name}.${k}`))),
  };
}

/** A part whose value must be one of `allowed` (an enum the Blue Book closes). */
export function enumPart<E extends number>(allowed: readonly E[]): Part<E> {
  return {
    read: (d, w) => {
      const v = num.enum(d, w);
      if (!(allowed as readonly number[]).includes(v))
        fail(w, `enum one of ${allowed.join(', ')}`, `enum ${v}`);
      return v as E;
    },
    write: (v, name) => {
      if (!(allowed as readonly number[]).includes(v)) {
        throw new RangeError(`${name} must be one of ${allowed.join(', ')}, got ${v}`);
      }
      return make.enum(v, name);
    },
  };
}

/** The simple parts, one per A-XDR type the interface classes use. */
export const P = {
  integer: { read: num.integer, write: make.integer } satisfies Part<number>,
  long: { read: num.long, write: make.long } satisfies Part<number>,
  unsigned: { read: num.unsigned, write: make.unsigned } satisfies Part<number>,
  longUnsigned: { read: num.longUnsigned, write: make.longUnsigned } satisfies Part<number>,
  doubleLong: { read: num.doubleLong, write: make.doubleLong } satisfies Part<number>,
  doubleLongUnsigned: { read: num.doubleLongUnsigned, write: make.doubleLongUnsigned } satisfies Part<number>,
  enum: { read: num.enum, write: make.enum } satisfies Part<number>,
  boolean: {
    read: (d, w) => expect(d, 'boolean', w).value,
    write: (v) => make.boolean(v),
  } satisfies Part<boolean>,
  bitString: {
    read: (d, w) => expect(d, 'bit-string', w).value,
    write: make.bitString,
  } satisfies Part<string>,
  octetString: {
    read: (d, w) => octets(d, w),
    write: (v, n) => make.octets(v, n),
  } satisfies Part<Uint8Array>,
  logicalName: { read: logicalNameOf, write: make.logicalName } satisfies Part<Uint8Array>,
  /** A COSEM date-time carried as octet-string (12) (IEC 62056-6-2 §4.1.6.1), bytes kept as sent. */
  dateTime: {
    read: (d, w) => octets(d, w, 12),
    write: (v, n) => make.octets(v, n, 12),
  } satisfies Part<Uint8Array>,
  /** A COSEM date as octet-string (5) (§4.1.6.1). */
  date: { read: (d, w) => octets(d, w, 5), write: (v, n) => make.octets(v, n, 5) } satisfies Part<Uint8Array>,
  /** A COSEM time as octet-string (4) (§4.1.6.1). */
  time: { read: (d, w) => octets(d, w, 4), write: (v, n) => make.octets(v, n, 4) } satisfies Part<Uint8Array>,
  visibleString: {
    read: (d, w) => expect(d, 'visible-string', w).value,
    write: make.visibleString,
  } satisfies Part<string>,
  utf8String: {
    read: (d, w) => expect(d, 'utf8-string', w).value,
    write: (v): DlmsData => ({ type: 'utf8-string', value: v }),
  } satisfies Part<string>,
} as const;
