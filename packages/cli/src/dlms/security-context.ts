import { type Apdu, type KeyQuery, PlainTag, type SecurityKeys } from '@gridmeter/dlms';

/** Keys a field engineer gives on the command line. */
export interface DlmsKeys {
  /** The global encryption key EK (suite 0: 16 bytes). */
  readonly encryptionKey: Uint8Array;
  /** The authentication key AK (suite 0: 16 bytes). */
  readonly authenticationKey: Uint8Array;
  /** The sender's system title for glo-/ded- APDUs when the input does not say it. */
  readonly systemTitle?: Uint8Array;
}

/** Where a sender's system title came from. */
export type SystemTitleSource = 'apdu' | 'aarq' | 'aare' | 'option';

/** Plain tags of APDUs a client sends; every other xDLMS APDU comes from the server. */
const CLIENT_TAGS: ReadonlySet<number> = new Set([
  PlainTag.initiateRequest,
  PlainTag.readRequest,
  PlainTag.writeRequest,
  PlainTag.unconfirmedWriteRequest,
  PlainTag.getRequest,
  PlainTag.setRequest,
  PlainTag.actionRequest,
]);

/**
 * What one decode learns as it goes through a session: the client's system title from the AARQ
 * calling-AP-title, the server's from the AARE responding-AP-title, and the dedicated key from a
 * deciphered InitiateRequest (IEC 62056-5-3 §9.2.7: glo-/ded- APDUs do not carry the sender's
 * title, so the receiver takes it from the association).
 */
export class SecurityContext {
  readonly keys: DlmsKeys | undefined;
  #clientSystemTitle: Uint8Array | undefined;
  #serverSystemTitle: Uint8Array | undefined;
  #dedicatedKey: Uint8Array | undefined;

  constructor(keys: DlmsKeys | undefined) {
    this.keys = keys;
  }

  /** Records system titles and the dedicated key an APDU reveals. */
  learn(apdu: Apdu): void {
    if (apdu.type === 'aarq' && apdu.callingApTitle?.length) this.#clientSystemTitle = apdu.callingApTitle;
    if (apdu.type === 'aare' && apdu.respondingApTitle?.length) {
      this.#serverSystemTitle = apdu.respondingApTitle;
    }
    if (apdu.type === 'initiate-request' && apdu.dedicatedKey?.length) this.#dedicatedKey = apdu.dedicatedKey;
  }

  /** The sender's system title for an APDU with plain tag `plainTag` that does not carry one. */
  senderSystemTitle(
    plainTag: number | undefined,
  ): { title: Uint8Array; source: SystemTitleSource } | undefined {
    const fromClient = plainTag !== undefined && CLIENT_TAGS.has(plainTag);
    const learned = fromClient ? this.#clientSystemTitle : this.#serverSystemTitle;
    if (learned) return { title: learned, source: fromClient ? 'aarq' : 'aare' };
    if (this.keys?.systemTitle) return { title: this.keys.systemTitle, source: 'option' };
    return undefined;
  }

  /** The keys for one ciphered APDU, in the shape `decipherApdu` asks for. */
  lookup(query: KeyQuery, systemTitle: Uint8Array | undefined): SecurityKeys | undefined {
    if (!this.keys) return undefined;
    const encryptionKey =
      query.keyKind === 'dedicated'
        ? (this.#dedicatedKey ?? this.keys.encryptionKey)
        : this.keys.encryptionKey;
    return {
      encryptionKey,
      authenticationKey: this.keys.authenticationKey,
      ...(systemTitle ? { systemTitle } : {}),
    };
  }
}
