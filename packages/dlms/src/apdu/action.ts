import { type ByteReader, type ByteWriter, CodecError } from '@gridmeter/codec';
import { decodeData, encodeData, encodeLength } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import {
  type CosemMethodDescriptor,
  type DataBlockSA,
  type GetDataResult,
  readCount,
  readDataBlockSA,
  readDataList,
  readGetDataResult,
  readMethodDescriptor,
  readMethodList,
  readPresence,
  writeDataBlockSA,
  writeDataList,
  writeGetDataResult,
  writeMethodDescriptor,
  writeMethodList,
} from './common.js';
import { ActionRequestChoice, ActionResponseChoice } from './tags.js';

/** ACTION-Request-Normal (IEC 62056-5-3 §8.2, tag C3 01). */
export interface ActionRequestNormal {
  readonly type: 'action-request-normal';
  readonly invokeIdAndPriority: number;
  readonly method: CosemMethodDescriptor;
  /** method-invocation-parameters Data OPTIONAL. */
  readonly parameters?: DlmsData;
}

/** ACTION-Request-Next-Pblock (C3 02): asks for the next block of return parameters. */
export interface ActionRequestNextPblock {
  readonly type: 'action-request-next-pblock';
  readonly invokeIdAndPriority: number;
  readonly blockNumber: number;
}

/** ACTION-Request-With-List (C3 03): one parameter Data per method. */
export interface ActionRequestWithList {
  readonly type: 'action-request-with-list';
  readonly invokeIdAndPriority: number;
  readonly methods: readonly CosemMethodDescriptor[];
  readonly parameters: readonly DlmsData[];
}

/** ACTION-Request-With-First-Pblock (C3 04). */
export interface ActionRequestWithFirstPblock {
  readonly type: 'action-request-with-first-pblock';
  readonly invokeIdAndPriority: number;
  readonly method: CosemMethodDescriptor;
  readonly pblock: DataBlockSA;
}

/** ACTION-Request-With-List-And-First-Pblock (C3 05). */
export interface ActionRequestWithListAndFirstPblock {
  readonly type: 'action-request-with-list-and-first-pblock';
  readonly invokeIdAndPriority: number;
  readonly methods: readonly CosemMethodDescriptor[];
  readonly pblock: DataBlockSA;
}

/** ACTION-Request-With-Pblock (C3 06): a later block of the parameters. */
export interface ActionRequestWithPblock {
  readonly type: 'action-request-with-pblock';
  readonly invokeIdAndPriority: number;
  readonly pblock: DataBlockSA;
}

/** Action-Response-With-Optional-Data: result Action-Result, return-parameters Get-Data-Result OPTIONAL. */
export interface ActionResponseWithOptionalData {
  readonly result: number;
  readonly returnParameters?: GetDataResult;
}

/** ACTION-Response-Normal (C7 01). */
export interface ActionResponseNormal extends ActionResponseWithOptionalData {
  readonly type: 'action-response-normal';
  readonly invokeIdAndPriority: number;
}

/** ACTION-Response-With-Pblock (C7 02). */
export interface ActionResponseWithPblock {
  readonly type: 'action-response-with-pblock';
  readonly invokeIdAndPriority: number;
  readonly pblock: DataBlockSA;
}

/** ACTION-Response-With-List (C7 03). */
export interface ActionResponseWithList {
  readonly type: 'action-response-with-list';
  readonly invokeIdAndPriority: number;
  readonly responses: readonly ActionResponseWithOptionalData[];
}

/** ACTION-Response-Next-Pblock (C7 04): acknowledges block `blockNumber`. */
export interface ActionResponseNextPblock {
  readonly type: 'action-response-next-pblock';
  readonly invokeIdAndPriority: number;
  readonly blockNumber: number;
}

export type ActionRequest =
  | ActionRequestNormal
  | ActionRequestNextPblock
  | ActionRequestWithList
  | ActionRequestWithFirstPblock
  | ActionRequestWithListAndFirstPblock
  | ActionRequestWithPblock;
export type ActionResponse =
  | ActionResponseNormal
  | ActionResponseWithPblock
  | ActionResponseWithList
  | ActionResponseNextPblock;

export function decodeActionRequest(r: ByteReader): ActionRequest {
  const choiceOffset = r.absoluteOffset;
  const choice = r.u8('ACTION-Request choice');
  const invokeIdAndPriority = r.u8('invoke-id-and-priority');
  switch (choice) {
    case ActionRequestChoice.Normal: {
      const method = readMethodDescriptor(r);
      if (!readPresence(r, 'method-invocation-parameters')) {
        return { type: 'action-request-normal', invokeIdAndPriority, method };
      }
      return { type: 'action-request-normal', invokeIdAndPriority, method, parameters: decodeData(r) };
    }
    case ActionRequestChoice.NextPblock:
      return { type: 'action-request-next-pblock', invokeIdAndPriority, blockNumber: r.u32('block-number') };
    case ActionRequestChoice.WithList: {
      const methods = readMethodList(r);
      const parameters = readDataList(r, 'method-invocation-parameters');
      if (parameters.length !== methods.length) {
        throw r.error(
          `Cannot decode ACTION-Request-With-List: ${methods.length} methods but ${parameters.length} parameters`,
        );
      }
      return { type: 'action-request-with-list', invokeIdAndPriority, methods, parameters };
    }
    case ActionRequestChoice.WithFirstPblock: {
      const method = readMethodDescriptor(r);
      return {
        type: 'action-request-with-first-pblock',
        invokeIdAndPriority,
        method,
        pblock: readDataBlockSA(r),
      };
    }
    case ActionRequestChoice.WithListAndFirstPblock: {
      const methods = readMethodList(r);
      return {
        type: 'action-request-with-list-and-first-pblock',
        invokeIdAndPriority,
        methods,
        pblock: readDataBlockSA(r),
      };
    }
    case ActionRequestChoice.WithPblock:
      return { type: 'action-request-with-pblock', invokeIdAndPriority, pblock: readDataBlockSA(r) };
    default:
      throw new CodecError(`Cannot decode ACTION-Request: unknown choice ${choice}`, choiceOffset);
  }
}

export function encodeActionRequest(w: ByteWriter, a: ActionRequest): void {
  switch (a.type) {
    case 'action-request-normal':
      w.u8(ActionRequestChoice.Normal).u8(a.invokeIdAndPriority);
      writeMethodDescriptor(w, a.method);
      if (a.parameters === undefined) w.u8(0);
      else {
        w.u8(1);
        encodeData(w, a.parameters);
      }
      return;
    case 'action-request-next-pblock':
      w.u8(ActionRequestChoice.NextPblock).u8(a.invokeIdAndPriority).u32(a.blockNumber);
      return;
    case 'action-request-with-list':
      if (a.parameters.length !== a.methods.length) {
        throw new RangeError(
          `ACTION-Request-With-List needs one parameter per method: ${a.methods.length} methods, ${a.parameters.length} parameters`,
        );
      }
      w.u8(ActionRequestChoice.WithList).u8(a.invokeIdAndPriority);
      writeMethodList(w, a.methods);
      writeDataList(w, a.parameters);
      return;
    case 'action-request-with-first-pblock':
      w.u8(ActionRequestChoice.WithFirstPblock).u8(a.invokeIdAndPriority);
      writeMethodDescriptor(w, a.method);
      writeDataBlockSA(w, a.pblock);
      return;
    case 'action-request-with-list-and-first-pblock':
      w.u8(ActionRequestChoice.WithListAndFirstPblock).u8(a.invokeIdAndPriority);
      writeMethodList(w, a.methods);
      writeDataBlockSA(w, a.pblock);
      return;
    case 'action-request-with-pblock':
      w.u8(ActionRequestChoice.WithPblock).u8(a.invokeIdAndPriority);
      writeDataBlockSA(w, a.pblock);
      return;
  }
}

function readResponseWithOptionalData(r: ByteReader): ActionResponseWithOptionalData {
  const result = r.u8('action-result');
  if (!readPresence(r, 'return-parameters')) return { result };
  return { result, returnParameters: readGetDataResult(r) };
}

function writeResponseWithOptionalData(w: ByteWriter, a: ActionResponseWithOptionalData): void {
  w.u8(a.result);
  if (a.returnParameters === undefined) w.u8(0);
  else {
    w.u8(1);
    writeGetDataResult(w, a.returnParameters);
  }
}

export function decodeActionResponse(r: ByteReader): ActionResponse {
  const choiceOffset = r.absoluteOffset;
  const choice = r.u8('ACTION-Response choice');
  const invokeIdAndPriority = r.u8('invoke-id-and-priority');
  switch (choice) {
    case ActionResponseChoice.Normal:
      return { type: 'action-response-normal', invokeIdAndPriority, ...readResponseWithOptionalData(r) };
    case ActionResponseChoice.WithPblock:
      return { type: 'action-response-with-pblock', invokeIdAndPriority, pblock: readDataBlockSA(r) };
    case ActionResponseChoice.WithList: {
      // Action-Response-With-Optional-Data is at least 2 bytes (result + presence flag).
      const n = readCount(r, 'list-of-responses', 2);
      const responses: ActionResponseWithOptionalData[] = [];
      for (let i = 0; i < n; i++) responses.push(readResponseWithOptionalData(r));
      return { type: 'action-response-with-list', invokeIdAndPriority, responses };
    }
    case ActionResponseChoice.NextPblock:
      return { type: 'action-response-next-pblock', invokeIdAndPriority, blockNumber: r.u32('block-number') };
    default:
      throw new CodecError(`Cannot decode ACTION-Response: unknown choice ${choice}`, choiceOffset);
  }
}

export function encodeActionResponse(w: ByteWriter, a: ActionResponse): void {
  switch (a.type) {
    case 'action-response-normal':
      w.u8(ActionResponseChoice.Normal).u8(a.invokeIdAndPriority);
      writeResponseWithOptionalData(w, a);
      return;
    case 'action-response-with-pblock':
      w.u8(ActionResponseChoice.WithPblock).u8(a.invokeIdAndPriority);
      writeDataBlockSA(w, a.pblock);
      return;
    case 'action-response-with-list':
      w.u8(ActionResponseChoice.WithList).u8(a.invokeIdAndPriority);
      encodeLength(w, a.responses.length);
      for (const resp of a.responses) writeResponseWithOptionalData(w, resp);
      return;
    case 'action-response-next-pblock':
      w.u8(ActionResponseChoice.NextPblock).u8(a.invokeIdAndPriority).u32(a.blockNumber);
      return;
  }
}
