import { inspect } from 'node:util';
import { RegistryError } from './errors.js';
import type { MeterAssociation, MeterCredentials } from './types.js';

/** The secret fields of {@link MeterCredentials}, in the order they are encoded. */
export const CREDENTIAL_FIELDS = [
  'llsPassword',
  'encryptionKey',
  'authenticationKey',
  'serverSystemTitle',
] as const satisfies readonly (keyof MeterCredentials)[];

/** A field of {@link MeterCredentials}. */
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

/** Green Book §4.3.4: a system title is 8 bytes. Suite 0 keys are AES-128 (16 bytes). */
const SYSTEM_TITLE_BYTES = 8;
const SUITE0_KEY_BYTES = 16;
/** An LLS secret is an octet-string; 1–64 bytes covers every meter seen in the field. */
const MAX_LLS_BYTES = 64;

const REDACTED = '[redacted]';

/**
 * Checks credentials (lengths, types) and, when an association is given, that they hold what it
 * needs: LLS a password, HLS-GMAC both keys, authenticated security the AK, encrypted the EK.
 * Messages give lengths, never values.
 */
export function validateCredentials(
  creds: MeterCredentials,
  meterId: string,
  association?: MeterAssociation,
): void {
  const fail = (field: string, message: string): never => {
    throw new RegistryError(`Meter ${meterId}: credentials.${field} ${message}`, {
      meterId,
      field: `credentials.${field}`,
    });
  };
  if (typeof creds !== 'object' || creds === null) fail('', 'must be an object');
  for (const [field, value] of Object.entries(creds)) {
    if (!(CREDENTIAL_FIELDS as readonly string[]).includes(field)) fail(field, 'is not a credential field');
    if (value === undefined) continue;
    if (!(value instanceof Uint8Array)) fail(field, 'must be a Uint8Array');
  }
  const check = (field: CredentialField, min: number, max: number, what: string) => {
    const v = creds[field];
    if (v !== undefined && (v.length < min || v.length > max))
      fail(field, `must be ${what}, got ${v.length} bytes`);
  };
  check('llsPassword', 1, MAX_LLS_BYTES, `1-${MAX_LLS_BYTES} bytes`);
  check('encryptionKey', SUITE0_KEY_BYTES, SUITE0_KEY_BYTES, `${SUITE0_KEY_BYTES} bytes (suite 0 AES-128)`);
  check(
    'authenticationKey',
    SUITE0_KEY_BYTES,
    SUITE0_KEY_BYTES,
    `${SUITE0_KEY_BYTES} bytes (suite 0 AES-128)`,
  );
  check('serverSystemTitle', SYSTEM_TITLE_BYTES, SYSTEM_TITLE_BYTES, `${SYSTEM_TITLE_BYTES} bytes`);
  if (association) requireForAssociation(presentFields(creds), association, meterId);
}

/**
 * Checks that the credential fields present are what the association needs: LLS a password,
 * HLS-GMAC both keys, authenticated security the AK, encrypted security the EK.
 */
export function requireForAssociation(
  present: readonly CredentialField[],
  association: MeterAssociation,
  meterId: string,
): void {
  const need = (field: CredentialField, why: string) => {
    if (!present.includes(field)) {
      throw new RegistryError(`Meter ${meterId}: credentials.${field} is required by ${why}`, {
        meterId,
        field: `credentials.${field}`,
      });
    }
  };
  if (association.authentication === 'lls') need('llsPassword', 'LLS authentication');
  if (association.authentication === 'hls-gmac') {
    need('encryptionKey', 'HLS-GMAC authentication');
    need('authenticationKey', 'HLS-GMAC authentication');
  }
  if (association.security === 'authenticated' || association.security === 'authenticated-encrypted') {
    need('authenticationKey', `${association.security} security`);
  }
  if (association.security === 'encrypted' || association.security === 'authenticated-encrypted') {
    need('encryptionKey', `${association.security} security`);
  }
}

/** The credential fields present, in {@link CREDENTIAL_FIELDS} order. */
export function presentFields(creds: MeterCredentials): CredentialField[] {
  return CREDENTIAL_FIELDS.filter((f) => creds[f] !== undefined);
}

/**
 * Encodes credentials for sealing: per present field, its index in {@link CREDENTIAL_FIELDS} (1
 * byte), length (1 byte), bytes.
 */
export function encodeCredentials(creds: MeterCredentials): Uint8Array {
  const parts: number[] = [];
  CREDENTIAL_FIELDS.forEach((field, tag) => {
    const v = creds[field];
    if (v === undefined) return;
    parts.push(tag, v.length, ...v);
  });
  return Uint8Array.from(parts);
}

/** Decodes {@link encodeCredentials} into a {@link redactedCredentials} object. */
export function decodeCredentials(bytes: Uint8Array, meterId: string): MeterCredentials {
  const out: Partial<Record<CredentialField, Uint8Array>> = {};
  let at = 0;
  while (at < bytes.length) {
    const field = CREDENTIAL_FIELDS[bytes[at]!];
    const length = bytes[at + 1];
    if (field === undefined || length === undefined || at + 2 + length > bytes.length) {
      throw new RegistryError(`Meter ${meterId}: sealed credentials are malformed at byte ${at}`, {
        meterId,
      });
    }
    out[field] = bytes.slice(at + 2, at + 2 + length);
    at += 2 + length;
  }
  bytes.fill(0);
  return redactedCredentials(out);
}

/**
 * A copy of `creds` whose `toString`, `toJSON` and `util.inspect` show only which fields are
 * present; the fields themselves stay readable for the session that needs them.
 */
export function redactedCredentials(creds: MeterCredentials): MeterCredentials {
  const out: Record<string, unknown> = {};
  for (const f of CREDENTIAL_FIELDS) if (creds[f] !== undefined) out[f] = creds[f];
  const summary = () =>
    `MeterCredentials { ${presentFields(creds)
      .map((f) => `${f}: ${REDACTED}`)
      .join(', ')} }`;
  Object.defineProperties(out, {
    toString: { value: summary },
    toJSON: { value: () => Object.fromEntries(presentFields(creds).map((f) => [f, REDACTED])) },
    [inspect.custom]: { value: summary },
  });
  return Object.freeze(out) as MeterCredentials;
}
