/**
 * Gridmeter's firmware image format, the payload of an Image transfer (IEC 62056-6-2 §4.4.5; the
 * Blue Book leaves the image format to the manufacturer):
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic "GMFW" |
 * | 4 | 1 | format version, 1 |
 * | 5 | 1 | target module: 1 metrology, 2 communication |
 * | 6 | 1 | version length n (1–32) |
 * | 7 | n | version, ASCII (e.g. "2.1.0") |
 * | 7+n | 4 | body length m, big-endian |
 * | 11+n | m | body |
 * | 11+n+m | 32 | SHA-256 of every byte before it (header and body) |
 */
import { createHash } from 'node:crypto';

/** The modules of a virtual meter that take firmware. */
export type FirmwareModule = 'metrology' | 'communication';

const MAGIC = [0x47, 0x4d, 0x46, 0x57]; // "GMFW"
const FORMAT_VERSION = 1;
const MODULE_CODE: Record<FirmwareModule, number> = { metrology: 1, communication: 2 };
const DIGEST_SIZE = 32;
const MAX_VERSION_LENGTH = 32;

/** A parsed, verified image. */
export interface FirmwareImage {
  readonly module: FirmwareModule;
  readonly version: string;
  readonly body: Uint8Array;
  /** The SHA-256 trailer (the image_to_activate_signature). */
  readonly digest: Uint8Array;
}

/** An image that does not parse or whose SHA-256 does not match. */
export class FirmwareImageError extends Error {
  override readonly name = 'FirmwareImageError';
}

/**
 * Builds an image for `module` carrying `version` (and `body`, default 1 KiB of deterministic bytes).
 *
 * @example
 * const image = buildFirmwareImage({ module: 'metrology', version: '2.0.0' });
 * parseFirmwareImage(image).version; // '2.0.0'
 */
export function buildFirmwareImage(options: {
  module: FirmwareModule;
  version: string;
  body?: Uint8Array;
}): Uint8Array {
  const version = new TextEncoder().encode(options.version);
  if (version.length < 1 || version.length > MAX_VERSION_LENGTH || !/^[\x20-\x7e]+$/.test(options.version)) {
    throw new RangeError(`firmware version must be 1-${MAX_VERSION_LENGTH} printable ASCII characters`);
  }
  const body = options.body ?? Uint8Array.from({ length: 1024 }, (_, i) => (i * 31 + 7) & 0xff);
  const headerSize = 11 + version.length;
  const out = new Uint8Array(headerSize + body.length + DIGEST_SIZE);
  out.set(MAGIC, 0);
  out[4] = FORMAT_VERSION;
  out[5] = MODULE_CODE[options.module];
  out[6] = version.length;
  out.set(version, 7);
  new DataView(out.buffer).setUint32(7 + version.length, body.length);
  out.set(body, headerSize);
  const digest = createHash('sha256')
    .update(out.subarray(0, headerSize + body.length))
    .digest();
  out.set(digest, headerSize + body.length);
  return out;
}

/** Parses and verifies an image; throws {@link FirmwareImageError} saying what is wrong. */
export function parseFirmwareImage(image: Uint8Array): FirmwareImage {
  const bad = (why: string): never => {
    throw new FirmwareImageError(`Cannot verify firmware image: ${why}`);
  };
  if (image.length < 11 + DIGEST_SIZE) bad(`${image.length} bytes is shorter than the smallest image`);
  if (!MAGIC.every((b, i) => image[i] === b)) bad('magic is not "GMFW"');
  if (image[4] !== FORMAT_VERSION) bad(`format version ${image[4]} is not ${FORMAT_VERSION}`);
  const module = (Object.keys(MODULE_CODE) as FirmwareModule[]).find((m) => MODULE_CODE[m] === image[5]);
  if (!module) return bad(`module code ${image[5]} is unknown`);
  const n = image[6] as number;
  if (n < 1 || n > MAX_VERSION_LENGTH) bad(`version length ${n} is outside 1-${MAX_VERSION_LENGTH}`);
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (image.length < 11 + n + DIGEST_SIZE) bad('header is truncated');
  const m = view.getUint32(7 + n);
  const end = 11 + n + m;
  if (image.length !== end + DIGEST_SIZE) bad(`body length ${m} does not fit the image size ${image.length}`);
  const digest = image.slice(end);
  const expected = createHash('sha256').update(image.subarray(0, end)).digest();
  if (!expected.equals(digest)) bad('SHA-256 does not match');
  return {
    module,
    version: new TextDecoder().decode(image.subarray(7, 7 + n)),
    body: image.slice(11 + n, end),
    digest,
  };
}
