/**
 * COSEM data as A-XDR carries it (IEC 62056-6-2 §4.1.5 "Data", IEC 62056-5-3 §9.5 A-XDR).
 * Every value is a union member keyed on `type`, spelled as the standard spells the CHOICE.
 */

/** A-XDR tags of the `Data` CHOICE (IEC 62056-6-2 Table 2). */
export const DataTag = {
  nullData: 0,
  array: 1,
  structure: 2,
  boolean: 3,
  bitString: 4,
  doubleLong: 5,
  doubleLongUnsigned: 6,
  octetString: 9,
  visibleString: 10,
  utf8String: 12,
  bcd: 13,
  integer: 15,
  long: 16,
  unsigned: 17,
  longUnsigned: 18,
  compactArray: 19,
  long64: 20,
  long64Unsigned: 21,
  enum: 22,
  float32: 23,
  float64: 24,
  dateTime: 25,
  date: 26,
  time: 27,
  dontCare: 255,
} as const;
export type DataTag = (typeof DataTag)[keyof typeof DataTag];

/**
 * COSEM date (IEC 62056-6-2 §4.1.6.1). Every field may be "not specified" (`undefined` here;
 * 0xFFFF / 0xFF on the wire). `month` 0xFD/0xFE and `dayOfMonth` 0xFD/0xFE are the special values
 * "daylight savings end/begin" and "second last / last day of month"; they are kept as numbers.
 */
export interface CosemDate {
  readonly year?: number;
  readonly month?: number;
  readonly dayOfMonth?: number;
  /** 1 = Monday … 7 = Sunday. */
  readonly dayOfWeek?: number;
}

/** COSEM time (IEC 62056-6-2 §4.1.6.1). `undefined` = not specified (0xFF). */
export interface CosemTime {
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly hundredths?: number;
}

/** Clock status bits of a COSEM date-time (IEC 62056-6-2 §4.1.6.1). */
export const ClockStatus = {
  invalidValue: 0x01,
  doubtfulValue: 0x02,
  differentClockBase: 0x04,
  invalidClockStatus: 0x08,
  daylightSavingActive: 0x80,
} as const;

/**
 * COSEM date-time: 12 bytes on the wire. `deviation` is the signed 16-bit deviation of local time
 * from UTC in minutes, kept exactly as sent (meters differ in its sign convention), `undefined`
 * when 0x8000 (not specified). `clockStatus` is `undefined` when 0xFF (not specified).
 */
export interface CosemDateTime extends CosemDate, CosemTime {
  readonly deviation?: number;
  readonly clockStatus?: number;
}

/** The element type description of a compact-array (IEC 62056-6-2 §4.1.5, TypeDescription). */
export type TypeDescription =
  | { readonly type: 'simple'; readonly tag: DataTag }
  | { readonly type: 'array'; readonly count: number; readonly element: TypeDescription }
  | { readonly type: 'structure'; readonly elements: readonly TypeDescription[] };

/** One COSEM `Data` value. */
export type DlmsData =
  | { readonly type: 'null-data' }
  | { readonly type: 'array'; readonly items: readonly DlmsData[] }
  | { readonly type: 'structure'; readonly items: readonly DlmsData[] }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** `value` is the bits as '0'/'1' characters, first bit first (length = bit count). */
  | { readonly type: 'bit-string'; readonly value: string }
  | { readonly type: 'double-long'; readonly value: number }
  | { readonly type: 'double-long-unsigned'; readonly value: number }
  | { readonly type: 'octet-string'; readonly value: Uint8Array }
  | { readonly type: 'visible-string'; readonly value: string }
  | { readonly type: 'utf8-string'; readonly value: string }
  /** One byte holding two BCD digits; `value` is 0–99. */
  | { readonly type: 'bcd'; readonly value: number }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'long'; readonly value: number }
  | { readonly type: 'unsigned'; readonly value: number }
  | { readonly type: 'long-unsigned'; readonly value: number }
  | {
      readonly type: 'compact-array';
      readonly description: TypeDescription;
      readonly items: readonly DlmsData[];
    }
  | { readonly type: 'long64'; readonly value: bigint }
  | { readonly type: 'long64-unsigned'; readonly value: bigint }
  | { readonly type: 'enum'; readonly value: number }
  | { readonly type: 'float32'; readonly value: number }
  | { readonly type: 'float64'; readonly value: number }
  | { readonly type: 'date-time'; readonly value: CosemDateTime }
  | { readonly type: 'date'; readonly value: CosemDate }
  | { readonly type: 'time'; readonly value: CosemTime }
  | { readonly type: 'dont-care' };

export type DlmsDataType = DlmsData['type'];
