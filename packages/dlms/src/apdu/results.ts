/**
 * Result enumerations of the xDLMS services (IEC 62056-5-3 §8.2 ASN.1 "Data-Access-Result",
 * "Action-Result", "Exception-Response").
 */

/** Data-Access-Result (IEC 62056-5-3 §8.2). Values not listed are kept as numbers. */
export const DataAccessResult = {
  success: 0,
  hardwareFault: 1,
  temporaryFailure: 2,
  readWriteDenied: 3,
  objectUndefined: 4,
  objectClassInconsistent: 9,
  objectUnavailable: 11,
  typeUnmatched: 12,
  scopeOfAccessViolated: 13,
  dataBlockUnavailable: 14,
  longGetAborted: 15,
  noLongGetInProgress: 16,
  longSetAborted: 17,
  noLongSetInProgress: 18,
  dataBlockNumberInvalid: 19,
  otherReason: 250,
} as const;

/** Action-Result (IEC 62056-5-3 §8.2). */
export const ActionResult = {
  success: 0,
  hardwareFault: 1,
  temporaryFailure: 2,
  readWriteDenied: 3,
  objectUndefined: 4,
  objectClassInconsistent: 9,
  objectUnavailable: 11,
  typeUnmatched: 12,
  scopeOfAccessViolated: 13,
  dataBlockUnavailable: 14,
  longActionAborted: 15,
  noLongActionInProgress: 16,
  otherReason: 250,
} as const;

/** ExceptionResponse state-error (IEC 62056-5-3 §8.2). */
export const ExceptionStateError = { serviceNotAllowed: 1, serviceUnknown: 2 } as const;

/** ExceptionResponse service-error CHOICE; `invocationCounterError` carries an Unsigned32. */
export const ExceptionServiceError = {
  operationNotPossible: 1,
  serviceNotSupported: 2,
  otherReason: 3,
  pduTooLong: 4,
  decipheringError: 5,
  invocationCounterError: 6,
} as const;

/** Reverse lookup: the standard's name for a value, in kebab case ("read-write-denied"), or undefined. */
export function enumName(table: Readonly<Record<string, number>>, value: number): string | undefined {
  for (const [name, v] of Object.entries(table)) {
    if (v === value) return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  }
  return undefined;
}
