/** Security setup (IEC 62056-6-2 §4.4.6): security policy, suite, system titles and key transfer. */
import { arrayPart, converter, type DataConverter, enumPart, P, structPart } from './converter.js';

/** security_policy values of Security setup version 0. */
export const SecurityPolicyV0 = {
  nothing: 0,
  all_messages_authenticated: 1,
  all_messages_encrypted: 2,
  all_messages_authenticated_and_encrypted: 3,
} as const;

/** security_policy bits of Security setup version 1 (bits 0-1 unused). */
export const SecurityPolicyBit = {
  authenticated_request: 0x04,
  encrypted_request: 0x08,
  digitally_signed_request: 0x10,
  authenticated_response: 0x20,
  encrypted_response: 0x40,
  digitally_signed_response: 0x80,
} as const;

/** Security setup `security_policy` (enum; read it with SecurityPolicyV0 or SecurityPolicyBit by class version). */
export const securityPolicyConverter: DataConverter<number> = converter('security_policy', P.enum);

/** security_suite (§4.4.6, IEC 62056-5-3 §9.2.3.7). */
export const SecuritySuite = {
  'AES-GCM-128': 0,
  'ECDH-ECDSA-AES-GCM-128-SHA-256': 1,
  'ECDH-ECDSA-AES-GCM-256-SHA-384': 2,
} as const;
export type SecuritySuite = (typeof SecuritySuite)[keyof typeof SecuritySuite];

/** Security setup `security_suite`; values other than 0-2 are rejected. */
export const securitySuiteConverter: DataConverter<SecuritySuite> = converter(
  'security_suite',
  enumPart(Object.values(SecuritySuite)),
);

/** key_id of key_data (key_transfer) and key_agreement_data. */
export const KeyId = {
  global_unicast_encryption_key: 0,
  global_broadcast_encryption_key: 1,
  authentication_key: 2,
  master_key: 3,
} as const;
export type KeyId = (typeof KeyId)[keyof typeof KeyId];

/** key_data: one key, wrapped with the master key (AES key wrap, RFC 3394). */
export interface KeyData {
  readonly keyId: KeyId;
  readonly keyWrapped: Uint8Array;
}

/** The parameter of `key_transfer` (method 2; `global_key_transfer` in version 0): array key_data. */
export const keyTransferConverter: DataConverter<readonly KeyData[]> = converter(
  'key_transfer',
  arrayPart(structPart<KeyData>({ keyId: enumPart(Object.values(KeyId)), keyWrapped: P.octetString })),
);
