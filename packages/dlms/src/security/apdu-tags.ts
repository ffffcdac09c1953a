/**
 * xDLMS APDU tags that take part in ciphering, and the mapping between a plain APDU and its
 * service-specific ciphered forms (DLMS UA 1000-2 Ed. 8 §9.5, xDLMS ASN.1 "XDLMS-APDU"):
 * glo- APDUs are protected with a global key, ded- APDUs with the dedicated key of the
 * association. Data-notification [15] has no service-specific ciphered form: it is protected
 * with general-glo-ciphering / general-ded-ciphering (or general-ciphering).
 */

/** Plain xDLMS APDU tags that have glo-/ded- ciphered counterparts. */
export const PlainTag = {
  initiateRequest: 0x01,
  readRequest: 0x05,
  writeRequest: 0x06,
  initiateResponse: 0x08,
  readResponse: 0x0c,
  writeResponse: 0x0d,
  confirmedServiceError: 0x0e,
  unconfirmedWriteRequest: 0x16,
  informationReportRequest: 0x18,
  getRequest: 0xc0,
  setRequest: 0xc1,
  eventNotificationRequest: 0xc2,
  actionRequest: 0xc3,
  getResponse: 0xc4,
  setResponse: 0xc5,
  actionResponse: 0xc7,
} as const;
export type PlainTag = (typeof PlainTag)[keyof typeof PlainTag];

/** Tags of ciphered xDLMS APDUs, each `[n] IMPLICIT OCTET STRING` in the xDLMS ASN.1. */
export const CipheredTag = {
  // global ciphering, SN and initiate (tag = plain + 32)
  gloInitiateRequest: 0x21,
  gloReadRequest: 0x25,
  gloWriteRequest: 0x26,
  gloInitiateResponse: 0x28,
  gloReadResponse: 0x2c,
  gloWriteResponse: 0x2d,
  gloConfirmedServiceError: 0x2e,
  gloUnconfirmedWriteRequest: 0x36,
  gloInformationReportRequest: 0x38,
  // dedicated ciphering, SN and initiate (tag = plain + 64)
  dedInitiateRequest: 0x41,
  dedReadRequest: 0x45,
  dedWriteRequest: 0x46,
  dedInitiateResponse: 0x48,
  dedReadResponse: 0x4c,
  dedWriteResponse: 0x4d,
  dedConfirmedServiceError: 0x4e,
  dedUnconfirmedWriteRequest: 0x56,
  dedInformationReportRequest: 0x58,
  // global ciphering, LN services (tag = plain + 8)
  gloGetRequest: 0xc8,
  gloSetRequest: 0xc9,
  gloEventNotificationRequest: 0xca,
  gloActionRequest: 0xcb,
  gloGetResponse: 0xcc,
  gloSetResponse: 0xcd,
  gloActionResponse: 0xcf,
  // dedicated ciphering, LN services (tag = plain + 16)
  dedGetRequest: 0xd0,
  dedSetRequest: 0xd1,
  dedEventNotificationRequest: 0xd2,
  dedActionRequest: 0xd3,
  dedGetResponse: 0xd4,
  dedSetResponse: 0xd5,
  dedActionResponse: 0xd7,
  // general ciphering: carries any xDLMS APDU and the sender's system title
  generalGloCiphering: 0xdb,
  generalDedCiphering: 0xdc,
} as const;
export type CipheredTag = (typeof CipheredTag)[keyof typeof CipheredTag];

/** Which key protects a ciphered APDU: a global key (unicast or broadcast) or the dedicated key. */
export type KeyKind = 'global' | 'dedicated';

/** [plain, glo-, ded-] tag triples. */
const SERVICE_SPECIFIC: readonly (readonly [number, number, number])[] = [
  [PlainTag.initiateRequest, CipheredTag.gloInitiateRequest, CipheredTag.dedInitiateRequest],
  [PlainTag.readRequest, CipheredTag.gloReadRequest, CipheredTag.dedReadRequest],
  [PlainTag.writeRequest, CipheredTag.gloWriteRequest, CipheredTag.dedWriteRequest],
  [PlainTag.initiateResponse, CipheredTag.gloInitiateResponse, CipheredTag.dedInitiateResponse],
  [PlainTag.readResponse, CipheredTag.gloReadResponse, CipheredTag.dedReadResponse],
  [PlainTag.writeResponse, CipheredTag.gloWriteResponse, CipheredTag.dedWriteResponse],
  [
    PlainTag.confirmedServiceError,
    CipheredTag.gloConfirmedServiceError,
    CipheredTag.dedConfirmedServiceError,
  ],
  [
    PlainTag.unconfirmedWriteRequest,
    CipheredTag.gloUnconfirmedWriteRequest,
    CipheredTag.dedUnconfirmedWriteRequest,
  ],
  [
    PlainTag.informationReportRequest,
    CipheredTag.gloInformationReportRequest,
    CipheredTag.dedInformationReportRequest,
  ],
  [PlainTag.getRequest, CipheredTag.gloGetRequest, CipheredTag.dedGetRequest],
  [PlainTag.setRequest, CipheredTag.gloSetRequest, CipheredTag.dedSetRequest],
  [
    PlainTag.eventNotificationRequest,
    CipheredTag.gloEventNotificationRequest,
    CipheredTag.dedEventNotificationRequest,
  ],
  [PlainTag.actionRequest, CipheredTag.gloActionRequest, CipheredTag.dedActionRequest],
  [PlainTag.getResponse, CipheredTag.gloGetResponse, CipheredTag.dedGetResponse],
  [PlainTag.setResponse, CipheredTag.gloSetResponse, CipheredTag.dedSetResponse],
  [PlainTag.actionResponse, CipheredTag.gloActionResponse, CipheredTag.dedActionResponse],
];

const TO_CIPHERED = new Map<number, { readonly global: number; readonly dedicated: number }>(
  SERVICE_SPECIFIC.map(([plain, glo, ded]) => [plain, { global: glo, dedicated: ded }]),
);
const TO_PLAIN = new Map<number, { readonly plainTag: number; readonly keyKind: KeyKind }>(
  SERVICE_SPECIFIC.flatMap(([plain, glo, ded]) => [
    [glo, { plainTag: plain, keyKind: 'global' as const }],
    [ded, { plainTag: plain, keyKind: 'dedicated' as const }],
  ]),
);

/**
 * The service-specific ciphered tag for a plain APDU tag, or `undefined` when the APDU has no
 * glo-/ded- form (then use general-glo-ciphering / general-ded-ciphering).
 *
 * @example
 * cipheredTagFor(PlainTag.getRequest, 'global'); // 0xc8 glo-get-request
 */
export function cipheredTagFor(plainTag: number, keyKind: KeyKind): number | undefined {
  return TO_CIPHERED.get(plainTag)?.[keyKind];
}

/**
 * The plain APDU tag and key kind of a service-specific ciphered tag, or `undefined` for any
 * other tag (including general-glo/ded-ciphering, which can carry any APDU).
 *
 * @example
 * plainTagFor(0xd4); // { plainTag: 0xc4, keyKind: 'dedicated' }
 */
export function plainTagFor(
  cipheredTag: number,
): { readonly plainTag: number; readonly keyKind: KeyKind } | undefined {
  return TO_PLAIN.get(cipheredTag);
}
