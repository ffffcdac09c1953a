import { DataTag, type DlmsDataType } from './types.js';

const TYPE_OF_TAG: ReadonlyMap<number, DlmsDataType> = new Map<number, DlmsDataType>([
  [DataTag.nullData, 'null-data'],
  [DataTag.array, 'array'],
  [DataTag.structure, 'structure'],
  [DataTag.boolean, 'boolean'],
  [DataTag.bitString, 'bit-string'],
  [DataTag.doubleLong, 'double-long'],
  [DataTag.doubleLongUnsigned, 'double-long-unsigned'],
  [DataTag.octetString, 'octet-string'],
  [DataTag.visibleString, 'visible-string'],
  [DataTag.utf8String, 'utf8-string'],
  [DataTag.bcd, 'bcd'],
  [DataTag.integer, 'integer'],
  [DataTag.long, 'long'],
  [DataTag.unsigned, 'unsigned'],
  [DataTag.longUnsigned, 'long-unsigned'],
  [DataTag.compactArray, 'compact-array'],
  [DataTag.long64, 'long64'],
  [DataTag.long64Unsigned, 'long64-unsigned'],
  [DataTag.enum, 'enum'],
  [DataTag.float32, 'float32'],
  [DataTag.float64, 'float64'],
  [DataTag.dateTime, 'date-time'],
  [DataTag.date, 'date'],
  [DataTag.time, 'time'],
  [DataTag.dontCare, 'dont-care'],
]);

const TAG_OF_TYPE: ReadonlyMap<DlmsDataType, DataTag> = new Map(
  Array.from(TYPE_OF_TAG, ([tag, type]) => [type, tag as DataTag]),
);

/**
 * The `Data` CHOICE alternative a tag selects (IEC 62056-6-2 Table 2), or `undefined` for a tag
 * the standard does not assign (7, 8, 11, 14, 28–254).
 *
 * @example
 * dataTypeOfTag(0x12); // 'long-unsigned'
 */
export function dataTypeOfTag(tag: number): DlmsDataType | undefined {
  return TYPE_OF_TAG.get(tag);
}

/**
 * The A-XDR tag of a `Data` alternative.
 *
 * @example
 * tagOfDataType('octet-string'); // 9
 */
export function tagOfDataType(type: DlmsDataType): DataTag {
  return TAG_OF_TYPE.get(type)!;
}

/** `0x12` style, for error messages. */
export function hexByte(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}
