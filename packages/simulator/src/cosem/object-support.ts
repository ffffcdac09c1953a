/**
 * What the meter function COSEM objects share: attribute values in and out through the
 * @gridmeter/dlms converters, with a Data of the wrong shape answered type-unmatched, and COSEM
 * date-times in the meter's local time.
 */
import {
  ActionResult,
  CosemTypeError,
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  DataAccessError,
  DataAccessResult,
  type DataConverter,
  type DlmsData,
  logicalName,
} from '@gridmeter/dlms';

/** `data` through `converter`; a wrong shape (or a missing parameter) → DataAccessError type-unmatched. */
export function fromData<T>(converter: DataConverter<T>, data: DlmsData | undefined): T {
  if (data === undefined) {
    throw new DataAccessError(DataAccessResult.typeUnmatched, `${converter.attribute}: a value is needed`);
  }
  try {
    return converter.fromData(data);
  } catch (e) {
    if (e instanceof CosemTypeError) throw new DataAccessError(DataAccessResult.typeUnmatched, e.message);
    throw e;
  }
}

/** The parameter of a method that takes none: integer 0 (IEC 62056-6-2 §4.1.3); null-data and none are accepted too. */
export function noParameter(parameters: DlmsData | undefined): void {
  if (parameters === undefined || parameters.type === 'null-data') return;
  if (parameters.type === 'integer' && parameters.value === 0) return;
  throw new DataAccessError(ActionResult.typeUnmatched, 'the method takes integer 0');
}

/** An attribute the object does not have. */
export function noSuchAttribute(attributeId: number): never {
  throw new DataAccessError(DataAccessResult.objectUndefined, `no attribute ${attributeId}`);
}

/** A method the object does not have. */
export function noSuchMethod(methodId: number): never {
  throw new DataAccessError(ActionResult.objectUndefined, `no method ${methodId}`);
}

/** A SET of an attribute that is read-only. */
export function readOnly(attributeId: number): never {
  throw new DataAccessError(DataAccessResult.readWriteDenied, `attribute ${attributeId} is read-only`);
}

/** The 12 bytes of a COSEM date-time with every field not specified (§4.1.6.1). */
export const NOT_SPECIFIED_DATE_TIME: Uint8Array = Uint8Array.of(
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0x80,
  0x00,
  0xff,
);

/** The COSEM date-time of instant `t` as a meter on local time UTC + `utcOffsetMinutes` shows it. */
export function dateTimeBytes(t: number | undefined, utcOffsetMinutes: number): Uint8Array {
  if (t === undefined) return NOT_SPECIFIED_DATE_TIME.slice();
  return cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(t), -utcOffsetMinutes, 0));
}

/**
 * The instant a written COSEM date-time names; undefined when every field is not specified. An
 * unspecified deviation means the meter's local time. Wildcards in the other fields →
 * DataAccessError other-reason (a one-off instant is needed).
 */
export function instantOf(bytes: Uint8Array, utcOffsetMinutes: number): number | undefined {
  if (bytes.every((b, i) => b === NOT_SPECIFIED_DATE_TIME[i])) return undefined;
  const dt = cosemDateTimeFromBytes(bytes);
  try {
    return cosemDateTimeToEpochMs({ ...dt, deviation: dt.deviation ?? -utcOffsetMinutes });
  } catch (e) {
    if (e instanceof RangeError) throw new DataAccessError(DataAccessResult.otherReason, e.message);
    throw e;
  }
}

/** The TypeScript value of each simple Data type the meter function objects use. */
interface SimpleValue {
  boolean: boolean;
  'octet-string': Uint8Array;
  'visible-string': string;
  'bit-string': string;
  enum: number;
  integer: number;
  unsigned: number;
  'long-unsigned': number;
  'double-long': number;
  'double-long-unsigned': number;
}

/**
 * A converter for a simple-typed attribute (the @gridmeter/dlms catalogue gives its type), e.g.
 * `simple('output_state', 'boolean')`; `size` fixes an octet-string's length.
 */
export function simple<K extends keyof SimpleValue>(
  attribute: string,
  type: K,
  size?: number,
): DataConverter<SimpleValue[K]> {
  return {
    attribute,
    fromData(data: DlmsData): SimpleValue[K] {
      if (data.type !== type) throw new CosemTypeError(attribute, '', type, data.type);
      const value = (data as unknown as { value: SimpleValue[K] }).value;
      if (size !== undefined && value instanceof Uint8Array && value.length !== size) {
        throw new CosemTypeError(attribute, '', `octet-string of ${size} bytes`, `${value.length} bytes`);
      }
      return value;
    },
    toData: (value) => ({ type, value }) as unknown as DlmsData,
  };
}

/** A date-time attribute: octet-string (12) (§4.1.6.1). */
export const dateTimeAttribute = (attribute: string): DataConverter<Uint8Array> =>
  simple(attribute, 'octet-string', 12);

/** Logical names parsed once per process: every meter's objects share them (never change one). */
const LOGICAL_NAMES = new Map<string, Uint8Array>();

/**
 * The 6-byte logical name of `text` (dotted or OBIS display form), shared: a fleet builds the same
 * few dozen names for every meter it materialises.
 */
export function sharedLogicalName(text: string): Uint8Array {
  let ln = LOGICAL_NAMES.get(text);
  if (!ln) {
    ln = logicalName(text);
    LOGICAL_NAMES.set(text, ln);
  }
  return ln;
}
