export {
  type Aare,
  AareTag,
  type Aarq,
  AarqTag,
  type AcseApdu,
  AcseServiceProviderDiagnostic,
  AcseServiceUserDiagnostic,
  ApplicationContextName,
  AssociationResult,
  MechanismName,
  ReleaseRequestReason,
  ReleaseResponseReason,
  ReleaseTag,
  type ResultSourceDiagnostic,
  type Rlre,
  type Rlrq,
  type UserInformation,
} from './acse.js';
export type {
  ActionRequest,
  ActionRequestNextPblock,
  ActionRequestNormal,
  ActionRequestWithFirstPblock,
  ActionRequestWithList,
  ActionRequestWithListAndFirstPblock,
  ActionRequestWithPblock,
  ActionResponse,
  ActionResponseNextPblock,
  ActionResponseNormal,
  ActionResponseWithList,
  ActionResponseWithOptionalData,
  ActionResponseWithPblock,
} from './action.js';
export {
  type Apdu,
  type ApduPrefix,
  type ApduType,
  decodeApdu,
  decodeApduPrefix,
  encodeApdu,
} from './apdu.js';
export type { CipheredApduPassthrough } from './ciphered.js';
export type {
  AttributeWithSelection,
  CosemAttributeDescriptor,
  CosemMethodDescriptor,
  DataBlockSA,
  GetDataResult,
  SelectiveAccess,
} from './common.js';
export {
  ConformanceBit,
  type ConformanceName,
  conformance,
  conformanceNames,
  hasConformance,
} from './conformance.js';
export type { ExceptionResponse } from './exception.js';
export type {
  GetBlockResult,
  GetRequest,
  GetRequestNext,
  GetRequestNormal,
  GetRequestWithList,
  GetResponse,
  GetResponseNormal,
  GetResponseWithDatablock,
  GetResponseWithList,
} from './get.js';
export {
  type ConfirmedServiceError,
  ConfirmedServiceErrorService,
  InitiateError,
  type InitiateRequest,
  type InitiateResponse,
  ServiceErrorKind,
  VAA_NAME_LN,
} from './initiate.js';
export {
  type InvokeIdAndPriorityFields,
  invokeIdAndPriority,
  type LongInvokeIdAndPriorityFields,
  longInvokeIdAndPriority,
  parseInvokeIdAndPriority,
  parseLongInvokeIdAndPriority,
} from './invoke-id.js';
export { apduToJson } from './json.js';
export type { DataNotification, EventNotificationRequest } from './notification.js';
export {
  ActionResult,
  DataAccessResult,
  ExceptionServiceError,
  ExceptionStateError,
  enumName,
} from './results.js';
export {
  type CaptureObjectDefinition,
  type EntryDescriptor,
  type ProfileGenericAccess,
  ProfileGenericSelector,
  profileGenericAccess,
  type RangeDescriptor,
  readProfileGenericAccess,
} from './selective-access.js';
export type {
  SetRequest,
  SetRequestNormal,
  SetRequestWithDatablock,
  SetRequestWithFirstDatablock,
  SetRequestWithList,
  SetRequestWithListAndFirstDatablock,
  SetResponse,
  SetResponseDatablock,
  SetResponseLastDatablock,
  SetResponseLastDatablockWithList,
  SetResponseNormal,
  SetResponseWithList,
} from './set.js';
export { ApduTag, CipheredApduTag, isCipheredApduTag } from './tags.js';
