export { type BcdByteOrder, bcdToNumber, decodeBcd, encodeBcd } from './bcd.js';
export { ByteReader } from './byte-reader.js';
export { ByteWriter } from './byte-writer.js';
export { sum8 } from './checksum.js';
export { CRC16_X25_RESIDUE, crc16x25 } from './crc16.js';
export { CodecError } from './errors.js';
export { type FrameScan, FrameSplitter, type FrameSplitterOptions } from './frame-splitter.js';
export { bytesEqual, concatBytes, fromHex, toHex } from './hex.js';
