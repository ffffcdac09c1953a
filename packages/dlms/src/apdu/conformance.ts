import type { ByteReader, ByteWriter } from '@gridmeter/codec';

/**
 * The xDLMS conformance block (IEC 62056-5-3 §8.2 "Conformance", Green Book §9.4.6.1):
 * `[APPLICATION 31] IMPLICIT BIT STRING (SIZE(24))`, BER-encoded inside the A-XDR Initiate
 * APDUs as 5F 1F 04 00 + 3 bytes. Bit 0 is the most significant bit of the first byte.
 *
 * Here a conformance block is a 24-bit number; each bit's mask is `1 << (23 - bit)`.
 */
export const ConformanceBit = {
  reservedZero: 0,
  generalProtection: 1,
  generalBlockTransfer: 2,
  read: 3,
  write: 4,
  unconfirmedWrite: 5,
  deltaValueEncoding: 6,
  reservedSeven: 7,
  attribute0SupportedWithSet: 8,
  priorityMgmtSupported: 9,
  attribute0SupportedWithGet: 10,
  blockTransferWithGetOrRead: 11,
  blockTransferWithSetOrWrite: 12,
  blockTransferWithAction: 13,
  multipleReferences: 14,
  informationReport: 15,
  dataNotification: 16,
  access: 17,
  parameterizedAccess: 18,
  get: 19,
  set: 20,
  selectiveAccess: 21,
  eventNotification: 22,
  action: 23,
} as const;
export type ConformanceName = keyof typeof ConformanceBit;

/** The 3-byte prefix of an encoded conformance block: tag 5F 1F, length 4, 0 unused bits. */
const CONFORMANCE_HEADER = [0x5f, 0x1f, 0x04, 0x00] as const;

/**
 * Builds a conformance block from bit names.
 *
 * @example
 * conformance(['get', 'set', 'action']); // 0x000019
 */
export function conformance(names: Iterable<ConformanceName>): number {
  let c = 0;
  for (const name of names) c |= 1 << (23 - ConformanceBit[name]);
  return c;
}

/** The names of the bits set in a conformance block, in bit order. */
export function conformanceNames(block: number): ConformanceName[] {
  const out: ConformanceName[] = [];
  for (const [name, bit] of Object.entries(ConformanceBit) as [ConformanceName, number][]) {
    if ((block & (1 << (23 - bit))) !== 0) out.push(name);
  }
  return out;
}

/** True when the conformance block has the named bit set. */
export function hasConformance(block: number, name: ConformanceName): boolean {
  return (block & (1 << (23 - ConformanceBit[name]))) !== 0;
}

export function encodeConformance(w: ByteWriter, block: number): void {
  if (!Number.isInteger(block) || block < 0 || block > 0xffffff) {
    throw new RangeError(`conformance block out of range [0, 0xffffff]: ${block}`);
  }
  for (const b of CONFORMANCE_HEADER) w.u8(b);
  w.u8(block >>> 16).u16(block & 0xffff);
}

export function decodeConformance(r: ByteReader): number {
  const at = r.absoluteOffset;
  const header = r.bytes(4, 'conformance block header');
  if (header[0] !== 0x5f || header[1] !== 0x1f || header[2] !== 0x04) {
    throw r.error(`Cannot decode conformance block: expected 5F 1F 04 at offset ${at}`);
  }
  if (header[3] !== 0x00)
    throw r.error(`Cannot decode conformance block: ${header[3]} unused bits, expected 0`);
  return r.u8('conformance') * 0x10000 + r.u16('conformance');
}
