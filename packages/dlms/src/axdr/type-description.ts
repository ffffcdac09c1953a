import { type ByteReader, type ByteWriter, CodecError } from '@gridmeter/codec';
import { decodeLength, encodeLength } from './length.js';
import { dataTypeOfTag, hexByte } from './tags.js';
import { DataTag, type TypeDescription } from './types.js';

/**
 * TypeDescription of a compact-array (IEC 62056-6-2 §4.1.5):
 *   simple type:  its one-byte `Data` tag;
 *   array [1]:    tag, number-of-elements (Unsigned16), element TypeDescription;
 *   structure [2]: tag, A-XDR quantity, that many TypeDescriptions.
 *
 * Gridmeter requires every element to occupy at least one byte of array-contents: null-data,
 * dont-care, zero-length arrays and empty structures are refused inside a description. Without
 * that rule a few bytes of description could make a decoder build billions of empty values.
 */

function isCompositeTag(tag: number): boolean {
  return tag === DataTag.array || tag === DataTag.structure || tag === DataTag.compactArray;
}

function isZeroSizeTag(tag: number): boolean {
  return tag === DataTag.nullData || tag === DataTag.dontCare;
}

/** Writes a TypeDescription. Throws `TypeError` for a description Gridmeter cannot carry. */
export function encodeTypeDescription(w: ByteWriter, d: TypeDescription): void {
  switch (d.type) {
    case 'simple':
      if (dataTypeOfTag(d.tag) === undefined || isCompositeTag(d.tag) || isZeroSizeTag(d.tag)) {
        throw new TypeError(
          `compact-array element tag ${hexByte(d.tag)} is not a simple type of at least one byte`,
        );
      }
      w.u8(d.tag);
      return;
    case 'array':
      if (!Number.isInteger(d.count) || d.count < 1 || d.count > 0xffff) {
        throw new TypeError(`compact-array inner array count must be 1–65535: ${d.count}`);
      }
      w.u8(DataTag.array).u16(d.count);
      encodeTypeDescription(w, d.element);
      return;
    case 'structure':
      if (d.elements.length === 0) throw new TypeError('compact-array inner structure has no elements');
      w.u8(DataTag.structure);
      encodeLength(w, d.elements.length);
      for (const e of d.elements) encodeTypeDescription(w, e);
      return;
  }
}

/**
 * Reads a TypeDescription, nesting at most `maxDepth` arrays/structures below `depth`.
 * Throws {@link CodecError} for an unknown tag, compact-array inside a description, or a
 * zero-size element (see the module comment).
 */
export function decodeTypeDescription(r: ByteReader, depth: number, maxDepth: number): TypeDescription {
  const at = r.absoluteOffset;
  const tag = r.u8('type description tag');
  if (tag === DataTag.array || tag === DataTag.structure) {
    if (depth >= maxDepth) {
      throw new CodecError(`Cannot decode type description: nesting deeper than ${maxDepth}`, at);
    }
    if (tag === DataTag.array) {
      const count = r.u16('type description number-of-elements');
      if (count === 0) throw new CodecError('Cannot decode type description: array of 0 elements', at);
      return { type: 'array', count, element: decodeTypeDescription(r, depth + 1, maxDepth) };
    }
    const n = decodeLength(r, undefined, 'type description structure quantity');
    if (n === 0) throw new CodecError('Cannot decode type description: structure of 0 elements', at);
    const elements: TypeDescription[] = [];
    for (let i = 0; i < n; i++) elements.push(decodeTypeDescription(r, depth + 1, maxDepth));
    return { type: 'structure', elements };
  }
  if (dataTypeOfTag(tag) === undefined) {
    throw new CodecError(`Cannot decode type description: unknown Data tag ${tag} (${hexByte(tag)})`, at);
  }
  if (tag === DataTag.compactArray || isZeroSizeTag(tag)) {
    throw new CodecError(
      `Cannot decode type description: ${dataTypeOfTag(tag)} is not allowed as a compact-array element`,
      at,
    );
  }
  return { type: 'simple', tag: tag as DataTag };
}
