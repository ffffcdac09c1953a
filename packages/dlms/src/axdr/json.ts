import { toHex } from '@gridmeter/codec';
import {
  cosemDateTimeFromBytes,
  formatCosemDate,
  formatCosemDateTime,
  formatCosemTime,
} from './cosem-date-time.js';
import { dataTypeOfTag } from './tags.js';
import type { CosemDate, CosemDateTime, CosemTime, DlmsData, TypeDescription } from './types.js';

/** A value `JSON.stringify` writes and `JSON.parse` gives back unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/**
 * A plain, JSON-safe, readable form of a `Data` value for tools (`gridmeter dlms decode`):
 * every value is `{ type, ... }` with the standard's type name; scalars carry `value`, arrays and
 * structures `items`. Octet-strings are lower-case hex (with an `obis` hint when 6 long and a
 * `dateTime` hint when 12 long and shaped like a COSEM date-time), 64-bit integers decimal
 * strings, non-finite floats and negative zero the strings `NaN`/`Infinity`/`-Infinity`/`-0`,
 * dates and times ISO-like text (`2019-12-31T23:00:00.00`, `*` for not specified) plus their
 * `fields`.
 *
 * @example
 * dataToJson({ type: 'long64', value: -1n }); // { type: 'long64', value: '-1' }
 */
export function dataToJson(d: DlmsData): JsonValue {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return { type: d.type };
    case 'array':
    case 'structure':
      return { type: d.type, items: d.items.map(dataToJson) };
    case 'compact-array':
      return {
        type: d.type,
        description: typeDescriptionToJson(d.description),
        items: d.items.map(dataToJson),
      };
    case 'octet-string':
      return octetStringToJson(d.value);
    case 'long64':
    case 'long64-unsigned':
      return { type: d.type, value: d.value.toString() };
    case 'float32':
    case 'float64':
      // JSON numbers carry neither the non-finite values nor the sign of zero: those become text.
      if (Object.is(d.value, -0)) return { type: d.type, value: '-0' };
      return { type: d.type, value: Number.isFinite(d.value) ? d.value : String(d.value) };
    case 'date-time':
      return { type: d.type, value: formatCosemDateTime(d.value), fields: fieldsOf(d.value) };
    case 'date':
      return { type: d.type, value: formatCosemDate(d.value), fields: fieldsOf(d.value) };
    case 'time':
      return { type: d.type, value: formatCosemTime(d.value), fields: fieldsOf(d.value) };
    default:
      return { type: d.type, value: d.value };
  }
}

/** A TypeDescription as JSON: a type name, `{ array, of }` or `{ structure: [...] }`. */
export function typeDescriptionToJson(d: TypeDescription): JsonValue {
  switch (d.type) {
    case 'simple':
      return dataTypeOfTag(d.tag) ?? d.tag;
    case 'array':
      return { array: d.count, of: typeDescriptionToJson(d.element) };
    case 'structure':
      return { structure: d.elements.map(typeDescriptionToJson) };
  }
}

const FIELD_NAMES = [
  'year',
  'month',
  'dayOfMonth',
  'dayOfWeek',
  'hour',
  'minute',
  'second',
  'hundredths',
  'deviation',
  'clockStatus',
] as const;

function fieldsOf(v: CosemDate | CosemTime | CosemDateTime): JsonValue {
  const out: Record<string, number> = {};
  const all = v as CosemDateTime;
  for (const name of FIELD_NAMES) {
    const x = all[name];
    if (x !== undefined) out[name] = x;
  }
  return out;
}

function octetStringToJson(bytes: Uint8Array): JsonValue {
  const hex = toHex(bytes);
  if (bytes.length === 6) {
    return { type: 'octet-string', value: hex, obis: Array.from(bytes).join('.') };
  }
  if (bytes.length === 12) {
    const dt = cosemDateTimeFromBytes(bytes);
    if (looksLikeDateTime(dt)) return { type: 'octet-string', value: hex, dateTime: formatCosemDateTime(dt) };
  }
  return { type: 'octet-string', value: hex };
}

/** A hint only: fields in range or not specified, and at least year and month present. */
function looksLikeDateTime(dt: CosemDateTime): boolean {
  const inRange = (x: number | undefined, min: number, max: number, specials = false): boolean =>
    x === undefined || (x >= min && x <= max) || (specials && (x === 0xfd || x === 0xfe));
  return (
    dt.year !== undefined &&
    dt.month !== undefined &&
    inRange(dt.month, 1, 12, true) &&
    inRange(dt.dayOfMonth, 1, 31, true) &&
    inRange(dt.dayOfWeek, 1, 7) &&
    inRange(dt.hour, 0, 23) &&
    inRange(dt.minute, 0, 59) &&
    inRange(dt.second, 0, 59) &&
    inRange(dt.hundredths, 0, 99) &&
    inRange(dt.deviation, -720, 720)
  );
}
