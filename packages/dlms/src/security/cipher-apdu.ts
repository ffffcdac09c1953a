import { CodecError, toHex } from '@gridmeter/codec';
import { cipheredTagFor, type KeyKind } from './apdu-tags.js';
import {
  type CipheredApdu,
  decodeCipheredApdu,
  encodeGeneralDedCiphering,
  encodeGeneralGloCiphering,
  encodeServiceSpecificCiphering,
} from './ciphered-apdu.js';
import { MissingKeyError, UnsupportedSecurityError } from './errors.js';
import type { InvocationCounterGuard } from './invocation-counter.js';
import { type SecurityControl, securityPolicyOf } from './security-control.js';
import { protect, SYSTEM_TITLE_LENGTH, unprotect } from './suite0.js';

/**
 * How a plain APDU is wrapped: service-specific glo-/ded- ciphering (e.g. glo-get-request) or
 * general-glo/ded-ciphering, which also carries the sender's system title and can wrap any APDU
 * (data-notification included).
 */
export type CipheringKind = 'glo' | 'ded' | 'general-glo' | 'general-ded';

/** The sender's side of a protected exchange. */
export interface CipheringContext {
  readonly securityControl: SecurityControl;
  /** The sender's own system title (8 bytes). */
  readonly systemTitle: Uint8Array;
  /** The value taken from the sender's {@link InvocationCounter} for this APDU. */
  readonly invocationCounter: number;
  /** The global (unicast or broadcast) key for glo kinds, the dedicated key for ded kinds. */
  readonly encryptionKey: Uint8Array;
  readonly authenticationKey: Uint8Array;
}

/**
 * Protects a plain xDLMS APDU with suite 0 and wraps it in a ciphered APDU.
 * Throws `RangeError` when `kind` is glo/ded and the APDU has no service-specific ciphered form.
 *
 * @example
 * cipherApdu(getRequest, { securityControl: securityControlFor('authenticated-encrypted'), systemTitle, invocationCounter: ic.next(), encryptionKey, authenticationKey }, { kind: 'glo' });
 */
export function cipherApdu(
  plainApdu: Uint8Array,
  ctx: CipheringContext,
  options: { readonly kind: CipheringKind },
): Uint8Array {
  const plainTag = plainApdu[0];
  if (plainTag === undefined) throw new RangeError('Cannot cipher an empty APDU');
  const header = { securityControl: ctx.securityControl, invocationCounter: ctx.invocationCounter };
  const protectedContent = () => protect({ ...ctx, plaintext: plainApdu });
  switch (options.kind) {
    case 'glo':
    case 'ded': {
      const tag = cipheredTagFor(plainTag, options.kind === 'glo' ? 'global' : 'dedicated');
      if (tag === undefined) {
        throw new RangeError(
          `APDU 0x${plainTag.toString(16)} has no ${options.kind}- ciphered form; use general-${options.kind}-ciphering`,
        );
      }
      return encodeServiceSpecificCiphering({ tag, ...header, cipheredContent: protectedContent() });
    }
    case 'general-glo':
      return encodeGeneralGloCiphering({
        systemTitle: ctx.systemTitle,
        ...header,
        cipheredContent: protectedContent(),
      });
    case 'general-ded':
      return encodeGeneralDedCiphering({
        systemTitle: ctx.systemTitle,
        ...header,
        cipheredContent: protectedContent(),
      });
  }
}

/** What a {@link KeyLookup} is asked for. */
export interface KeyQuery {
  readonly keyKind: KeyKind;
  /** Key set bit of SC: the global broadcast key rather than the global unicast key. */
  readonly broadcastKey: boolean;
  /** The sender's system title when the APDU carries one (general-*-ciphering). */
  readonly systemTitle: Uint8Array | undefined;
}

/** The receiver's keys for one sender. */
export interface SecurityKeys {
  readonly encryptionKey: Uint8Array;
  readonly authenticationKey: Uint8Array;
  /**
   * The sender's system title (from the AARQ calling-AP-title or AARE responding-AP-title);
   * needed for glo-/ded- APDUs, which do not carry it.
   */
  readonly systemTitle?: Uint8Array;
}

/** Finds the keys for a ciphered APDU; `undefined` when none is known. */
export type KeyLookup = (query: KeyQuery) => SecurityKeys | undefined;

/** Options of {@link decipherApdu}. */
export interface DecipherOptions {
  /**
   * Accept APDUs whose SC asks for no authentication (policies 'none' and 'encrypted'). Off by
   * default: without a tag a wrong key or altered bytes cannot be detected.
   */
  readonly acceptUnauthenticated?: boolean;
  /** When given, the invocation counter must be fresh; it is recorded once the APDU authenticated. */
  readonly replayGuard?: InvocationCounterGuard;
}

/** A deciphered APDU and the security header it came with. */
export interface DecipheredApdu {
  /** The plain xDLMS APDU. */
  readonly apdu: Uint8Array;
  readonly kind: CipheringKind;
  /** The ciphered tag on the wire, e.g. 0xdb. */
  readonly cipheredTag: number;
  readonly keyKind: KeyKind;
  /** The sender's system title used in the IV. */
  readonly systemTitle: Uint8Array;
  readonly securityControl: SecurityControl;
  readonly invocationCounter: number;
}

/**
 * Decodes a ciphered APDU, finds its keys and returns the plain APDU. Throws `CodecError` for
 * malformed bytes and a {@link DlmsSecurityError} subclass for security failures: a tag that does
 * not verify, no key, an unauthenticated policy not accepted, a replayed counter.
 *
 * @example
 * const { apdu, invocationCounter } = decipherApdu(bytes, () => ({ encryptionKey, authenticationKey, systemTitle: serverSystemTitle }));
 */
export function decipherApdu(
  bytes: Uint8Array,
  keys: KeyLookup,
  options: DecipherOptions = {},
): DecipheredApdu {
  const ciphered = decodeCipheredApdu(bytes);
  const { securityControl: sc, invocationCounter } = ciphered;
  const { kind, keyKind } = describe(ciphered);
  const policy = securityPolicyOf(sc);
  if (!sc.authenticated && options.acceptUnauthenticated !== true) {
    throw new UnsupportedSecurityError(
      `Refusing ${kind} APDU with security policy '${policy}' (not authenticated)`,
    );
  }
  const carried = ciphered.type === 'service-specific-ciphering' ? undefined : ciphered.systemTitle;
  if (carried !== undefined && carried.length !== 0 && carried.length !== SYSTEM_TITLE_LENGTH) {
    throw new CodecError(
      `Cannot decipher ${kind} APDU: system title of ${carried.length} bytes (suite 0 needs ${SYSTEM_TITLE_LENGTH})`,
      1,
    );
  }
  const query: KeyQuery = {
    keyKind,
    broadcastKey: sc.broadcastKey,
    systemTitle: carried !== undefined && carried.length > 0 ? carried : undefined,
  };
  const found = keys(query);
  if (found === undefined) {
    throw new MissingKeyError(`No ${keyKind} key for ${kind} APDU${describeSender(query.systemTitle)}`);
  }
  const systemTitle = query.systemTitle ?? found.systemTitle;
  if (systemTitle === undefined) {
    throw new MissingKeyError(`No sender system title known for ${kind} APDU (the APDU does not carry one)`);
  }
  const keyId =
    keyKind === 'dedicated' ? 'dedicated' : sc.broadcastKey ? 'global-broadcast' : 'global-unicast';
  options.replayGuard?.check(systemTitle, keyId, invocationCounter);
  const apdu = unprotect({
    securityControl: sc,
    systemTitle,
    invocationCounter,
    encryptionKey: found.encryptionKey,
    authenticationKey: found.authenticationKey,
    protectedData: ciphered.cipheredContent,
  });
  if (ciphered.type === 'service-specific-ciphering' && apdu[0] !== ciphered.plainTag) {
    const got = apdu[0] === undefined ? 'nothing' : `APDU 0x${apdu[0].toString(16)}`;
    throw new CodecError(
      `Ciphered APDU 0x${ciphered.tag.toString(16)} must carry APDU 0x${ciphered.plainTag.toString(16)}, found ${got}`,
      0,
    );
  }
  options.replayGuard?.accept(systemTitle, keyId, invocationCounter);
  return { apdu, kind, cipheredTag: bytes[0]!, keyKind, systemTitle, securityControl: sc, invocationCounter };
}

function describe(apdu: CipheredApdu): { readonly kind: CipheringKind; readonly keyKind: KeyKind } {
  switch (apdu.type) {
    case 'service-specific-ciphering':
      return { kind: apdu.keyKind === 'global' ? 'glo' : 'ded', keyKind: apdu.keyKind };
    case 'general-glo-ciphering':
      return { kind: 'general-glo', keyKind: 'global' };
    case 'general-ded-ciphering':
      return { kind: 'general-ded', keyKind: 'dedicated' };
  }
}

function describeSender(systemTitle: Uint8Array | undefined): string {
  return systemTitle === undefined ? '' : ` from system title ${toHex(systemTitle)}`;
}
