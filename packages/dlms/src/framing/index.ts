/**
 * DLMS/COSEM framing, sans-io: the IEC 62056-47 wrapper for TCP/UDP and HDLC (IEC 62056-46) frames,
 * parameter negotiation and a client/server link state machine.
 */
export { HDLC_ALL_STATION_1BYTE, type HdlcAddress, hdlcAddress } from './hdlc-address.js';
export { HdlcClientLink, type HdlcClientState } from './hdlc-client-link.js';
export {
  HDLC_MODULUS,
  HDLC_POLL_FINAL,
  HdlcControl,
  type HdlcControlField,
  type HdlcFrameType,
} from './hdlc-control.js';
export {
  decodeHdlcFrame,
  encodeHdlcFrame,
  HDLC_FLAG,
  HDLC_MAX_FRAME_LENGTH,
  type HdlcFrame,
  type HdlcFrameInit,
} from './hdlc-frame.js';
export {
  type HdlcDisconnectReason,
  type HdlcEvent,
  HdlcLinkError,
  type HdlcLinkErrorCode,
  type HdlcLinkOptions,
} from './hdlc-link.js';
export {
  decodeHdlcParameters,
  encodeHdlcParameters,
  HDLC_DEFAULT_PARAMETERS,
  HdlcParameterId,
  type HdlcParameters,
  negotiateHdlcParameters,
} from './hdlc-parameters.js';
export { HdlcFrameRejectReason, HdlcServerLink, type HdlcServerState } from './hdlc-server-link.js';
export { HdlcSplitter, type HdlcSplitterOptions } from './hdlc-splitter.js';
export { LlcHeader } from './llc.js';
export {
  decodeWrapperDatagram,
  encodeWrapperFrame,
  WRAPPER_HEADER_BYTES,
  WRAPPER_VERSION,
  type WrapperFrame,
  WrapperSplitter,
  type WrapperSplitterOptions,
} from './wrapper.js';
