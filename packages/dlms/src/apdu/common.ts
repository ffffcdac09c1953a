import type { ByteReader, ByteWriter } from '@gridmeter/codec';
import { decodeData, decodeLength, encodeData, encodeLength } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';

/**
 * Building blocks shared by the LN-referencing xDLMS services (IEC 62056-5-3 §8.2 ASN.1, A-XDR
 * encoded per §9.5): attribute and method descriptors, selective access, data blocks, results.
 */

/** Cosem-Attribute-Descriptor: class-id Unsigned16, instance-id OCTET STRING (SIZE(6)), attribute-id Integer8. */
export interface CosemAttributeDescriptor {
  readonly classId: number;
  /** The logical name (OBIS code), 6 bytes. */
  readonly instanceId: Uint8Array;
  /** Integer8: negative ids are manufacturer specific (IEC 62056-6-2 §4.1.2). */
  readonly attributeId: number;
}

/** Cosem-Method-Descriptor: class-id Unsigned16, instance-id OCTET STRING (SIZE(6)), method-id Integer8. */
export interface CosemMethodDescriptor {
  readonly classId: number;
  readonly instanceId: Uint8Array;
  readonly methodId: number;
}

/** Selective-Access-Descriptor: access-selector Unsigned8, access-parameters Data. */
export interface SelectiveAccess {
  readonly accessSelector: number;
  readonly accessParameters: DlmsData;
}

/** Cosem-Attribute-Descriptor-With-Selection (the element of the *-with-list requests). */
export interface AttributeWithSelection {
  readonly attribute: CosemAttributeDescriptor;
  readonly access?: SelectiveAccess;
}

/** Get-Data-Result ::= CHOICE { data [0] Data, data-access-result [1] Data-Access-Result }. */
export type GetDataResult =
  | { readonly type: 'data'; readonly data: DlmsData }
  | { readonly type: 'data-access-result'; readonly dataAccessResult: number };

/** DataBlock-SA: last-block BOOLEAN, block-number Unsigned32, raw-data OCTET STRING. */
export interface DataBlockSA {
  readonly lastBlock: boolean;
  readonly blockNumber: number;
  readonly rawData: Uint8Array;
}

/** IEC 62056-5-3 §9.5: an OPTIONAL component is preceded by 0x00 (absent) or 0x01 (present). */
export function readPresence(r: ByteReader, what: string): boolean {
  const flag = r.u8(`${what} presence flag`);
  if (flag > 1) throw r.error(`Cannot decode ${what}: presence flag 0x${flag.toString(16)} is not 0 or 1`);
  return flag === 1;
}

/** A-XDR BOOLEAN: one byte, zero is FALSE, anything else TRUE; encoded as 0x00 / 0x01. */
export function readBoolean(r: ByteReader, what: string): boolean {
  return r.u8(what) !== 0;
}

export function writeBoolean(w: ByteWriter, v: boolean): void {
  w.u8(v ? 1 : 0);
}

/** A SEQUENCE OF quantity, bounded by the bytes left (each element takes at least `minElementSize`). */
export function readCount(r: ByteReader, what: string, minElementSize = 1): number {
  return decodeLength(r, Math.floor(r.remaining / minElementSize), `${what} quantity`);
}

/** A length-prefixed OCTET STRING. */
export function readOctetString(r: ByteReader, what: string): Uint8Array {
  const n = decodeLength(r, r.remaining, `${what} length`);
  return r.bytes(n, what);
}

export function writeOctetString(w: ByteWriter, bytes: Uint8Array): void {
  encodeLength(w, bytes.length);
  w.bytes(bytes);
}

function checkInstanceId(id: Uint8Array): void {
  if (id.length !== 6) throw new RangeError(`instance-id must be 6 bytes, got ${id.length}`);
}

export function readAttributeDescriptor(r: ByteReader): CosemAttributeDescriptor {
  const classId = r.u16('class-id');
  const instanceId = r.bytes(6, 'instance-id');
  return { classId, instanceId, attributeId: r.i8('attribute-id') };
}

export function writeAttributeDescriptor(w: ByteWriter, d: CosemAttributeDescriptor): void {
  checkInstanceId(d.instanceId);
  w.u16(d.classId).bytes(d.instanceId).i8(d.attributeId);
}

export function readMethodDescriptor(r: ByteReader): CosemMethodDescriptor {
  const classId = r.u16('class-id');
  const instanceId = r.bytes(6, 'instance-id');
  return { classId, instanceId, methodId: r.i8('method-id') };
}

export function writeMethodDescriptor(w: ByteWriter, d: CosemMethodDescriptor): void {
  checkInstanceId(d.instanceId);
  w.u16(d.classId).bytes(d.instanceId).i8(d.methodId);
}

/** access-selection Selective-Access-Descriptor OPTIONAL. */
export function readOptionalAccess(r: ByteReader): SelectiveAccess | undefined {
  if (!readPresence(r, 'access-selection')) return undefined;
  const accessSelector = r.u8('access-selector');
  return { accessSelector, accessParameters: decodeData(r) };
}

export function writeOptionalAccess(w: ByteWriter, a: SelectiveAccess | undefined): void {
  if (a === undefined) {
    w.u8(0);
    return;
  }
  w.u8(1).u8(a.accessSelector);
  encodeData(w, a.accessParameters);
}

export function readAttributeWithSelection(r: ByteReader): AttributeWithSelection {
  const attribute = readAttributeDescriptor(r);
  const access = readOptionalAccess(r);
  return access === undefined ? { attribute } : { attribute, access };
}

export function writeAttributeWithSelection(w: ByteWriter, a: AttributeWithSelection): void {
  writeAttributeDescriptor(w, a.attribute);
  writeOptionalAccess(w, a.access);
}

/** Cosem-Attribute-Descriptor-With-Selection is at least 10 bytes (9 + presence flag). */
export function readAttributeList(r: ByteReader): AttributeWithSelection[] {
  const n = readCount(r, 'attribute-descriptor-list', 10);
  const out: AttributeWithSelection[] = [];
  for (let i = 0; i < n; i++) out.push(readAttributeWithSelection(r));
  return out;
}

export function writeAttributeList(w: ByteWriter, list: readonly AttributeWithSelection[]): void {
  encodeLength(w, list.length);
  for (const a of list) writeAttributeWithSelection(w, a);
}

export function readMethodList(r: ByteReader): CosemMethodDescriptor[] {
  const n = readCount(r, 'cosem-method-descriptor-list', 9);
  const out: CosemMethodDescriptor[] = [];
  for (let i = 0; i < n; i++) out.push(readMethodDescriptor(r));
  return out;
}

export function writeMethodList(w: ByteWriter, list: readonly CosemMethodDescriptor[]): void {
  encodeLength(w, list.length);
  for (const m of list) writeMethodDescriptor(w, m);
}

export function readDataList(r: ByteReader, what: string): DlmsData[] {
  const n = readCount(r, what);
  const out: DlmsData[] = [];
  for (let i = 0; i < n; i++) out.push(decodeData(r));
  return out;
}

export function writeDataList(w: ByteWriter, list: readonly DlmsData[]): void {
  encodeLength(w, list.length);
  for (const d of list) encodeData(w, d);
}

export function readGetDataResult(r: ByteReader): GetDataResult {
  const choice = r.u8('Get-Data-Result choice');
  if (choice === 0) return { type: 'data', data: decodeData(r) };
  if (choice === 1) return { type: 'data-access-result', dataAccessResult: r.u8('data-access-result') };
  throw r.error(`Cannot decode Get-Data-Result: choice ${choice} is not data (0) or data-access-result (1)`);
}

export function writeGetDataResult(w: ByteWriter, g: GetDataResult): void {
  if (g.type === 'data') {
    w.u8(0);
    encodeData(w, g.data);
  } else w.u8(1).u8(g.dataAccessResult);
}

export function readDataBlockSA(r: ByteReader): DataBlockSA {
  const lastBlock = readBoolean(r, 'last-block');
  const blockNumber = r.u32('block-number');
  return { lastBlock, blockNumber, rawData: readOctetString(r, 'raw-data') };
}

export function writeDataBlockSA(w: ByteWriter, b: DataBlockSA): void {
  writeBoolean(w, b.lastBlock);
  w.u32(b.blockNumber);
  writeOctetString(w, b.rawData);
}

/** Data-Access-Result list (SEQUENCE OF ENUMERATED, one byte each). */
export function readResultList(r: ByteReader, what: string): number[] {
  const n = readCount(r, what);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.u8(what));
  return out;
}

export function writeResultList(w: ByteWriter, list: readonly number[]): void {
  encodeLength(w, list.length);
  for (const v of list) w.u8(v);
}
