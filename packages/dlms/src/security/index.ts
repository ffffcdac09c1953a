/**
 * DLMS/COSEM security, suite 0 (DLMS UA 1000-2 Ed. 8 §9.2): the security control byte,
 * AES-GCM-128 protection, ciphered xDLMS APDUs, invocation counters, LLS and HLS-GMAC
 * authentication, and RFC 3394 key wrap.
 */
export { CipheredTag, cipheredTagFor, type KeyKind, PlainTag, plainTagFor } from './apdu-tags.js';
export {
  AuthenticationMechanism,
  generateChallenge,
  HLS_GMAC_REPLY_LENGTH,
  type HlsGmacKeys,
  hlsGmacClientReply,
  hlsGmacServerReply,
  MAX_CHALLENGE_LENGTH,
  MIN_CHALLENGE_LENGTH,
  verifyHlsGmacClientReply,
  verifyHlsGmacServerReply,
  verifyLlsPassword,
} from './authentication.js';
export {
  type CipheringContext,
  type CipheringKind,
  cipherApdu,
  type DecipheredApdu,
  type DecipherOptions,
  decipherApdu,
  type KeyLookup,
  type KeyQuery,
  type SecurityKeys,
} from './cipher-apdu.js';
export {
  type CipheredApdu,
  type CipheredContent,
  decodeCipheredApdu,
  decodeGeneralDedCiphering,
  decodeGeneralGloCiphering,
  decodeServiceSpecificCiphering,
  encodeCipheredApdu,
  encodeGeneralDedCiphering,
  encodeGeneralGloCiphering,
  encodeServiceSpecificCiphering,
  type GeneralDedCiphering,
  type GeneralGloCiphering,
  isCipheredTag,
  MAX_CIPHERED_LENGTH,
  type ServiceSpecificCiphering,
} from './ciphered-apdu.js';
export {
  DlmsAuthenticationError,
  DlmsSecurityError,
  type DlmsSecurityReason,
  InvocationCounterExhaustedError,
  InvocationCounterReplayError,
  KeyUnwrapError,
  MissingKeyError,
  UnsupportedSecurityError,
} from './errors.js';
export { InvocationCounter, InvocationCounterGuard } from './invocation-counter.js';
export { unwrapKey, wrapKey } from './key-wrap.js';
export {
  decodeSecurityControl,
  encodeSecurityControl,
  type SecurityControl,
  type SecurityPolicy,
  securityControlFor,
  securityPolicyOf,
} from './security-control.js';
export {
  AUTHENTICATION_TAG_LENGTH,
  gmac,
  MAX_INVOCATION_COUNTER,
  type ProtectParams,
  protect,
  SUITE0_KEY_LENGTH,
  SYSTEM_TITLE_LENGTH,
  type UnprotectParams,
  unprotect,
} from './suite0.js';
