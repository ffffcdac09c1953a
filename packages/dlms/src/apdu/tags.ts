/**
 * First-byte tags of the APDUs this module decodes (IEC 62056-5-3 §8.2 ASN.1 "XDLMS-APDU" and
 * ACSE-APDU; DLMS UA Green Book Table "xDLMS APDU tags").
 */
export const ApduTag = {
  /** xDLMS InitiateRequest, carried in AARQ user-information. */
  InitiateRequest: 0x01,
  /** xDLMS InitiateResponse, carried in AARE user-information. */
  InitiateResponse: 0x08,
  ConfirmedServiceError: 0x0e,
  DataNotification: 0x0f,
  Aarq: 0x60,
  Aare: 0x61,
  Rlrq: 0x62,
  Rlre: 0x63,
  GetRequest: 0xc0,
  SetRequest: 0xc1,
  EventNotificationRequest: 0xc2,
  ActionRequest: 0xc3,
  GetResponse: 0xc4,
  SetResponse: 0xc5,
  ActionResponse: 0xc7,
  ExceptionResponse: 0xd8,
} as const;
export type ApduTag = (typeof ApduTag)[keyof typeof ApduTag];

/**
 * Tags of ciphered APDUs (IEC 62056-5-3 §8.2: glo-/ded- service-specific ciphering and the general
 * ciphering APDUs). The security module deciphers them; here they pass through as raw bytes.
 */
export const CipheredApduTag = {
  GloInitiateRequest: 0x21,
  GloInitiateResponse: 0x28,
  GloConfirmedServiceError: 0x2e,
  DedInitiateRequest: 0x41,
  DedInitiateResponse: 0x48,
  DedConfirmedServiceError: 0x4e,
  GloGetRequest: 0xc8,
  GloSetRequest: 0xc9,
  GloEventNotificationRequest: 0xca,
  GloActionRequest: 0xcb,
  GloGetResponse: 0xcc,
  GloSetResponse: 0xcd,
  GloActionResponse: 0xcf,
  DedGetRequest: 0xd0,
  DedSetRequest: 0xd1,
  DedEventNotificationRequest: 0xd2,
  DedActionRequest: 0xd3,
  DedGetResponse: 0xd4,
  DedSetResponse: 0xd5,
  DedActionResponse: 0xd7,
  GeneralGloCiphering: 0xdb,
  GeneralDedCiphering: 0xdc,
  GeneralCiphering: 0xdd,
  GeneralSigning: 0xdf,
} as const;
export type CipheredApduTag = (typeof CipheredApduTag)[keyof typeof CipheredApduTag];

const CIPHERED_TAGS: ReadonlySet<number> = new Set(Object.values(CipheredApduTag));

/** True when `tag` starts a ciphered APDU that must be deciphered before decoding. */
export function isCipheredApduTag(tag: number): tag is CipheredApduTag {
  return CIPHERED_TAGS.has(tag);
}

/** CHOICE indexes of Get-Request (IEC 62056-5-3 §8.2 "Get-Request"). */
export const GetRequestChoice = { Normal: 1, Next: 2, WithList: 3 } as const;
/** CHOICE indexes of Get-Response. */
export const GetResponseChoice = { Normal: 1, WithDatablock: 2, WithList: 3 } as const;
/** CHOICE indexes of Set-Request. */
export const SetRequestChoice = {
  Normal: 1,
  WithFirstDatablock: 2,
  WithDatablock: 3,
  WithList: 4,
  WithListAndFirstDatablock: 5,
} as const;
/** CHOICE indexes of Set-Response. */
export const SetResponseChoice = {
  Normal: 1,
  Datablock: 2,
  LastDatablock: 3,
  LastDatablockWithList: 4,
  WithList: 5,
} as const;
/** CHOICE indexes of Action-Request. */
export const ActionRequestChoice = {
  Normal: 1,
  NextPblock: 2,
  WithList: 3,
  WithFirstPblock: 4,
  WithListAndFirstPblock: 5,
  WithPblock: 6,
} as const;
/** CHOICE indexes of Action-Response. */
export const ActionResponseChoice = { Normal: 1, WithPblock: 2, WithList: 3, NextPblock: 4 } as const;
