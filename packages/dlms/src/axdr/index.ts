export { type DataPrefix, dataFromBytes, dataToBytes, decodeDataPrefix } from './bytes.js';
export {
  CosemDateTimeSize,
  CosemDayOfMonth,
  CosemMonth,
  cosemDateFromBytes,
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  cosemDateToBytes,
  cosemTimeFromBytes,
  cosemTimeToBytes,
  type DeviationConvention,
  decodeCosemDate,
  decodeCosemDateTime,
  decodeCosemTime,
  encodeCosemDate,
  encodeCosemDateTime,
  encodeCosemTime,
  formatCosemDate,
  formatCosemDateTime,
  formatCosemTime,
  NotSpecified,
} from './cosem-date-time.js';
export { DEFAULT_MAX_DEPTH, type DecodeDataOptions, decodeData } from './decode.js';
export { encodeData, simpleTypeDescription } from './encode.js';
export { dataToJson, type JsonValue, typeDescriptionToJson } from './json.js';
export { decodeLength, encodeLength, lengthSize, MAX_AXDR_LENGTH, readRawLength } from './length.js';
export { dataTypeOfTag, tagOfDataType } from './tags.js';
export { decodeTypeDescription, encodeTypeDescription } from './type-description.js';
export * from './types.js';
