import { type ByteReader, type ByteWriter, CodecError } from '@gridmeter/codec';
import { decodeData, encodeData } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import {
  type AttributeWithSelection,
  type CosemAttributeDescriptor,
  type DataBlockSA,
  readAttributeDescriptor,
  readAttributeList,
  readDataBlockSA,
  readDataList,
  readOptionalAccess,
  readResultList,
  type SelectiveAccess,
  writeAttributeDescriptor,
  writeAttributeList,
  writeDataBlockSA,
  writeDataList,
  writeOptionalAccess,
  writeResultList,
} from './common.js';
import { SetRequestChoice, SetResponseChoice } from './tags.js';

/** SET-Request-Normal (IEC 62056-5-3 §8.2, tag C1 01). */
export interface SetRequestNormal {
  readonly type: 'set-request-normal';
  readonly invokeIdAndPriority: number;
  readonly attribute: CosemAttributeDescriptor;
  readonly access?: SelectiveAccess;
  readonly value: DlmsData;
}

/** SET-Request-With-First-Datablock (C1 02): the first block of a long SET. */
export interface SetRequestWithFirstDatablock {
  readonly type: 'set-request-with-first-datablock';
  readonly invokeIdAndPriority: number;
  readonly attribute: CosemAttributeDescriptor;
  readonly access?: SelectiveAccess;
  readonly datablock: DataBlockSA;
}

/** SET-Request-With-Datablock (C1 03): a later block of a long SET. */
export interface SetRequestWithDatablock {
  readonly type: 'set-request-with-datablock';
  readonly invokeIdAndPriority: number;
  readonly datablock: DataBlockSA;
}

/** SET-Request-With-List (C1 04): as many values as attributes. */
export interface SetRequestWithList {
  readonly type: 'set-request-with-list';
  readonly invokeIdAndPriority: number;
  readonly attributes: readonly AttributeWithSelection[];
  readonly values: readonly DlmsData[];
}

/** SET-Request-With-List-And-First-Datablock (C1 05). */
export interface SetRequestWithListAndFirstDatablock {
  readonly type: 'set-request-with-list-and-first-datablock';
  readonly invokeIdAndPriority: number;
  readonly attributes: readonly AttributeWithSelection[];
  readonly datablock: DataBlockSA;
}

/** SET-Response-Normal (C5 01). */
export interface SetResponseNormal {
  readonly type: 'set-response-normal';
  readonly invokeIdAndPriority: number;
  readonly result: number;
}

/** SET-Response-Datablock (C5 02): acknowledges block `blockNumber`. */
export interface SetResponseDatablock {
  readonly type: 'set-response-datablock';
  readonly invokeIdAndPriority: number;
  readonly blockNumber: number;
}

/** SET-Response-Last-Datablock (C5 03). */
export interface SetResponseLastDatablock {
  readonly type: 'set-response-last-datablock';
  readonly invokeIdAndPriority: number;
  readonly result: number;
  readonly blockNumber: number;
}

/** SET-Response-Last-Datablock-With-List (C5 04). */
export interface SetResponseLastDatablockWithList {
  readonly type: 'set-response-last-datablock-with-list';
  readonly invokeIdAndPriority: number;
  readonly results: readonly number[];
  readonly blockNumber: number;
}

/** SET-Response-With-List (C5 05). */
export interface SetResponseWithList {
  readonly type: 'set-response-with-list';
  readonly invokeIdAndPriority: number;
  readonly results: readonly number[];
}

export type SetRequest =
  | SetRequestNormal
  | SetRequestWithFirstDatablock
  | SetRequestWithDatablock
  | SetRequestWithList
  | SetRequestWithListAndFirstDatablock;
export type SetResponse =
  | SetResponseNormal
  | SetResponseDatablock
  | SetResponseLastDatablock
  | SetResponseLastDatablockWithList
  | SetResponseWithList;

export function decodeSetRequest(r: ByteReader): SetRequest {
  const choiceOffset = r.absoluteOffset;
  const choice = r.u8('SET-Request choice');
  const invokeIdAndPriority = r.u8('invoke-id-and-priority');
  switch (choice) {
    case SetRequestChoice.Normal: {
      const attribute = readAttributeDescriptor(r);
      const access = readOptionalAccess(r);
      const value = decodeData(r);
      return access === undefined
        ? { type: 'set-request-normal', invokeIdAndPriority, attribute, value }
        : { type: 'set-request-normal', invokeIdAndPriority, attribute, access, value };
    }
    case SetRequestChoice.WithFirstDatablock: {
      const attribute = readAttributeDescriptor(r);
      const access = readOptionalAccess(r);
      const datablock = readDataBlockSA(r);
      return access === undefined
        ? { type: 'set-request-with-first-datablock', invokeIdAndPriority, attribute, datablock }
        : { type: 'set-request-with-first-datablock', invokeIdAndPriority, attribute, access, datablock };
    }
    case SetRequestChoice.WithDatablock:
      return { type: 'set-request-with-datablock', invokeIdAndPriority, datablock: readDataBlockSA(r) };
    case SetRequestChoice.WithList: {
      const attributes = readAttributeList(r);
      const values = readDataList(r, 'value-list');
      if (values.length !== attributes.length) {
        throw r.error(
          `Cannot decode SET-Request-With-List: ${attributes.length} attributes but ${values.length} values`,
        );
      }
      return { type: 'set-request-with-list', invokeIdAndPriority, attributes, values };
    }
    case SetRequestChoice.WithListAndFirstDatablock: {
      const attributes = readAttributeList(r);
      return {
        type: 'set-request-with-list-and-first-datablock',
        invokeIdAndPriority,
        attributes,
        datablock: readDataBlockSA(r),
      };
    }
    default:
      throw new CodecError(`Cannot decode SET-Request: unknown choice ${choice}`, choiceOffset);
  }
}

export function encodeSetRequest(w: ByteWriter, a: SetRequest): void {
  switch (a.type) {
    case 'set-request-normal':
      w.u8(SetRequestChoice.Normal).u8(a.invokeIdAndPriority);
      writeAttributeDescriptor(w, a.attribute);
      writeOptionalAccess(w, a.access);
      encodeData(w, a.value);
      return;
    case 'set-request-with-first-datablock':
      w.u8(SetRequestChoice.WithFirstDatablock).u8(a.invokeIdAndPriority);
      writeAttributeDescriptor(w, a.attribute);
      writeOptionalAccess(w, a.access);
      writeDataBlockSA(w, a.datablock);
      return;
    case 'set-request-with-datablock':
      w.u8(SetRequestChoice.WithDatablock).u8(a.invokeIdAndPriority);
      writeDataBlockSA(w, a.datablock);
      return;
    case 'set-request-with-list':
      if (a.values.length !== a.attributes.length) {
        throw new RangeError(
          `SET-Request-With-List needs one value per attribute: ${a.attributes.length} attributes, ${a.values.length} values`,
        );
      }
      w.u8(SetRequestChoice.WithList).u8(a.invokeIdAndPriority);
      writeAttributeList(w, a.attributes);
      writeDataList(w, a.values);
      return;
    case 'set-request-with-list-and-first-datablock':
      w.u8(SetRequestChoice.WithListAndFirstDatablock).u8(a.invokeIdAndPriority);
      writeAttributeList(w, a.attributes);
      writeDataBlockSA(w, a.datablock);
      return;
  }
}

export function decodeSetResponse(r: ByteReader): SetResponse {
  const choiceOffset = r.absoluteOffset;
  const choice = r.u8('SET-Response choice');
  const invokeIdAndPriority = r.u8('invoke-id-and-priority');
  switch (choice) {
    case SetResponseChoice.Normal:
      return { type: 'set-response-normal', invokeIdAndPriority, result: r.u8('data-access-result') };
    case SetResponseChoice.Datablock:
      return { type: 'set-response-datablock', invokeIdAndPriority, blockNumber: r.u32('block-number') };
    case SetResponseChoice.LastDatablock: {
      const result = r.u8('data-access-result');
      return {
        type: 'set-response-last-datablock',
        invokeIdAndPriority,
        result,
        blockNumber: r.u32('block-number'),
      };
    }
    case SetResponseChoice.LastDatablockWithList: {
      const results = readResultList(r, 'data-access-result');
      return {
        type: 'set-response-last-datablock-with-list',
        invokeIdAndPriority,
        results,
        blockNumber: r.u32('block-number'),
      };
    }
    case SetResponseChoice.WithList:
      return {
        type: 'set-response-with-list',
        invokeIdAndPriority,
        results: readResultList(r, 'data-access-result'),
      };
    default:
      throw new CodecError(`Cannot decode SET-Response: unknown choice ${choice}`, choiceOffset);
  }
}

export function encodeSetResponse(w: ByteWriter, a: SetResponse): void {
  switch (a.type) {
    case 'set-response-normal':
      w.u8(SetResponseChoice.Normal).u8(a.invokeIdAndPriority).u8(a.result);
      return;
    case 'set-response-datablock':
      w.u8(SetResponseChoice.Datablock).u8(a.invokeIdAndPriority).u32(a.blockNumber);
      return;
    case 'set-response-last-datablock':
      w.u8(SetResponseChoice.LastDatablock).u8(a.invokeIdAndPriority).u8(a.result).u32(a.blockNumber);
      return;
    case 'set-response-last-datablock-with-list':
      w.u8(SetResponseChoice.LastDatablockWithList).u8(a.invokeIdAndPriority);
      writeResultList(w, a.results);
      w.u32(a.blockNumber);
      return;
    case 'set-response-with-list':
      w.u8(SetResponseChoice.WithList).u8(a.invokeIdAndPriority);
      writeResultList(w, a.results);
      return;
  }
}
