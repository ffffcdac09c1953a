import { type ByteReader, type ByteWriter, CodecError } from '@gridmeter/codec';
import { encodeLength } from '../axdr/index.js';
import {
  type AttributeWithSelection,
  type CosemAttributeDescriptor,
  type GetDataResult,
  readAttributeDescriptor,
  readAttributeList,
  readBoolean,
  readCount,
  readGetDataResult,
  readOctetString,
  readOptionalAccess,
  type SelectiveAccess,
  writeAttributeDescriptor,
  writeAttributeList,
  writeBoolean,
  writeGetDataResult,
  writeOctetString,
  writeOptionalAccess,
} from './common.js';
import { GetRequestChoice, GetResponseChoice } from './tags.js';

/** GET-Request-Normal (IEC 62056-5-3 §8.2, tag C0 01). */
export interface GetRequestNormal {
  readonly type: 'get-request-normal';
  readonly invokeIdAndPriority: number;
  readonly attribute: CosemAttributeDescriptor;
  readonly access?: SelectiveAccess;
}

/** GET-Request-Next (C0 02): asks for the block after `blockNumber`. */
export interface GetRequestNext {
  readonly type: 'get-request-next';
  readonly invokeIdAndPriority: number;
  readonly blockNumber: number;
}

/** GET-Request-With-List (C0 03). */
export interface GetRequestWithList {
  readonly type: 'get-request-with-list';
  readonly invokeIdAndPriority: number;
  readonly attributes: readonly AttributeWithSelection[];
}

/** GET-Response-Normal (C4 01). */
export interface GetResponseNormal {
  readonly type: 'get-response-normal';
  readonly invokeIdAndPriority: number;
  readonly result: GetDataResult;
}

/** DataBlock-G result: raw-data [0] OCTET STRING or data-access-result [1]. */
export type GetBlockResult =
  | { readonly type: 'raw-data'; readonly rawData: Uint8Array }
  | { readonly type: 'data-access-result'; readonly dataAccessResult: number };

/** GET-Response-With-Datablock (C4 02): one block of a long GET (DataBlock-G). */
export interface GetResponseWithDatablock {
  readonly type: 'get-response-with-datablock';
  readonly invokeIdAndPriority: number;
  readonly lastBlock: boolean;
  readonly blockNumber: number;
  readonly result: GetBlockResult;
}

/** GET-Response-With-List (C4 03). */
export interface GetResponseWithList {
  readonly type: 'get-response-with-list';
  readonly invokeIdAndPriority: number;
  readonly results: readonly GetDataResult[];
}

export type GetRequest = GetRequestNormal | GetRequestNext | GetRequestWithList;
export type GetResponse = GetResponseNormal | GetResponseWithDatablock | GetResponseWithList;

export function decodeGetRequest(r: ByteReader): GetRequest {
  const choiceOffset = r.absoluteOffset;
  const choice = r.u8('GET-Request choice');
  const invokeIdAndPriority = r.u8('invoke-id-and-priority');
  switch (choice) {
    case GetRequestChoice.Normal: {
      const attribute = readAttributeDescriptor(r);
      const access = readOptionalAccess(r);
      return access === undefined
        ? { type: 'get-request-normal', invokeIdAndPriority, attribute }
        : { type: 'get-request-normal', invokeIdAndPriority, attribute, access };
    }
    case GetRequestChoice.Next:
      return { type: 'get-request-next', invokeIdAndPriority, blockNumber: r.u32('block-number') };
    case GetRequestChoice.WithList:
      return { type: 'get-request-with-list', invokeIdAndPriority, attributes: readAttributeList(r) };
    default:
      throw new CodecError(`Cannot decode GET-Request: unknown choice ${choice}`, choiceOffset);
  }
}

export function encodeGetRequest(w: ByteWriter, a: GetRequest): void {
  switch (a.type) {
    case 'get-request-normal':
      w.u8(GetRequestChoice.Normal).u8(a.invokeIdAndPriority);
      writeAttributeDescriptor(w, a.attribute);
      writeOptionalAccess(w, a.access);
      return;
    case 'get-request-next':
      w.u8(GetRequestChoice.Next).u8(a.invokeIdAndPriority).u32(a.blockNumber);
      return;
    case 'get-request-with-list':
      w.u8(GetRequestChoice.WithList).u8(a.invokeIdAndPriority);
      writeAttributeList(w, a.attributes);
      return;
  }
}

export function decodeGetResponse(r: ByteReader): GetResponse {
  const choiceOffset = r.absoluteOffset;
  const choice = r.u8('GET-Response choice');
  const invokeIdAndPriority = r.u8('invoke-id-and-priority');
  switch (choice) {
    case GetResponseChoice.Normal:
      return { type: 'get-response-normal', invokeIdAndPriority, result: readGetDataResult(r) };
    case GetResponseChoice.WithDatablock: {
      const lastBlock = readBoolean(r, 'last-block');
      const blockNumber = r.u32('block-number');
      const which = r.u8('DataBlock-G result choice');
      let result: GetBlockResult;
      if (which === 0) result = { type: 'raw-data', rawData: readOctetString(r, 'raw-data') };
      else if (which === 1)
        result = { type: 'data-access-result', dataAccessResult: r.u8('data-access-result') };
      else
        throw r.error(
          `Cannot decode DataBlock-G: result choice ${which} is not raw-data (0) or data-access-result (1)`,
        );
      return { type: 'get-response-with-datablock', invokeIdAndPriority, lastBlock, blockNumber, result };
    }
    case GetResponseChoice.WithList: {
      // Get-Data-Result is at least 2 bytes (choice + one byte).
      const n = readCount(r, 'get-response-with-list result', 2);
      const results: GetDataResult[] = [];
      for (let i = 0; i < n; i++) results.push(readGetDataResult(r));
      return { type: 'get-response-with-list', invokeIdAndPriority, results };
    }
    default:
      throw new CodecError(`Cannot decode GET-Response: unknown choice ${choice}`, choiceOffset);
  }
}

export function encodeGetResponse(w: ByteWriter, a: GetResponse): void {
  switch (a.type) {
    case 'get-response-normal':
      w.u8(GetResponseChoice.Normal).u8(a.invokeIdAndPriority);
      writeGetDataResult(w, a.result);
      return;
    case 'get-response-with-datablock':
      w.u8(GetResponseChoice.WithDatablock).u8(a.invokeIdAndPriority);
      writeBoolean(w, a.lastBlock);
      w.u32(a.blockNumber);
      if (a.result.type === 'raw-data') {
        w.u8(0);
        writeOctetString(w, a.result.rawData);
      } else w.u8(1).u8(a.result.dataAccessResult);
      return;
    case 'get-response-with-list':
      w.u8(GetResponseChoice.WithList).u8(a.invokeIdAndPriority);
      encodeLength(w, a.results.length);
      for (const g of a.results) writeGetDataResult(w, g);
      return;
  }
}
