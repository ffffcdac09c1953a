import type { JsonValue } from '@gridmeter/dlms';

/** The framing a decode ran on: IEC 62056-47 wrapper, HDLC (IEC 62056-46) or bare xDLMS APDUs. */
export type DlmsLayer = 'wrapper' | 'hdlc' | 'apdu';

/**
 * Where and why decoding stopped. `offset` counts bytes from the start of the input, unless
 * `offsetIn` says the bytes were rebuilt (HDLC segments joined, or a deciphered APDU).
 */
export interface DecodeError {
  readonly message: string;
  readonly offset: number;
  readonly offsetIn?: 'input' | 'reassembled-apdu' | 'deciphered-apdu';
}

/** Bytes left after a complete APDU, with the Data values they read as, as far as they go. */
export interface TrailingBytes {
  readonly offset: number;
  readonly length: number;
  readonly hex: string;
  /** A guess: the trailing bytes read as A-XDR Data, one value after another, until one fails. */
  readonly asData?: readonly JsonValue[];
  readonly undecoded?: { readonly offset: number; readonly hex: string; readonly reason: string };
}

/** The SC byte of a security header (DLMS UA 1000-2 Ed. 8 §9.2.7.2.4.2, Table 37), unpacked. */
export interface SecurityControlNode {
  readonly byte: string;
  readonly suite: number;
  readonly policy: string;
  readonly authenticated: boolean;
  readonly encrypted: boolean;
  readonly broadcastKey: boolean;
  readonly compressed: boolean;
}

/** A ciphered APDU's header and, when keys were given and fit, the plain APDU inside. */
export interface CipheredNode {
  /** glo, ded, general-glo or general-ded (`decipherApdu`'s names). */
  readonly kind: string;
  readonly tag: string;
  /** The plain APDU tag a glo-/ded- APDU must carry, e.g. c4 for glo-get-response. */
  readonly plainTag?: string;
  readonly keyKind: 'global' | 'dedicated';
  /** The sender's system title: carried by general-*-ciphering, else learned or given. */
  readonly systemTitle?: string;
  readonly systemTitleSource?: 'apdu' | 'aarq' | 'aare' | 'option';
  readonly securityControl?: SecurityControlNode;
  readonly invocationCounter?: number;
  readonly cipheredContentLength?: number;
  /** Why the APDU is not shown deciphered (no keys given), or a caveat about it. */
  readonly note?: string;
  readonly deciphered?: ApduNode;
  /** A malformed header, keys that do not verify, or no system title for the sender. */
  readonly error?: DecodeError;
}

/** One xDLMS or ACSE APDU: its decoded form, or the error that stopped it. */
export interface ApduNode {
  readonly offset: number;
  /** Bytes the APDU took; any `trailing` bytes follow at `offset + length`. */
  readonly length: number;
  /** The APDU's bytes when they are not in the input as such: joined HDLC segments, deciphered. */
  readonly hex?: string;
  /** The APDU's type, e.g. `get-response-normal`, or `ciphered`. */
  readonly type?: string;
  /** The readable form from `apduToJson`: OBIS codes, conformance names, result names. */
  readonly decoded?: JsonValue;
  readonly ciphered?: CipheredNode;
  /** A ciphered xDLMS APDU inside AARQ/AARE user-information (glo-initiate). */
  readonly userInformation?: CipheredNode;
  readonly trailing?: TrailingBytes;
  readonly error?: DecodeError;
}

/** One IEC 62056-47 wrapper frame. */
export interface WrapperFrameNode {
  readonly frame: 'wrapper';
  readonly offset: number;
  readonly length: number;
  readonly version: number;
  /** wPort of the sender (client SAP or server SAP). */
  readonly source: number;
  readonly destination: number;
  readonly apduLength: number;
  readonly apdu?: ApduNode;
  readonly error?: DecodeError;
}

/** One HDLC frame of format type 3 (IEC 62056-46 §6.4). */
export interface HdlcFrameNode {
  readonly frame: 'hdlc';
  readonly offset: number;
  readonly length: number;
  /** I, RR, RNR, SNRM, DISC, UA, DM, FRMR or UI. */
  readonly type?: string;
  readonly destination?: string;
  readonly source?: string;
  readonly segmented?: boolean;
  readonly pollFinal?: boolean;
  readonly sendSequence?: number;
  readonly receiveSequence?: number;
  readonly informationLength?: number;
  /** The LLC header that opens the APDU: command (E6 E6 00) or response (E6 E7 00). */
  readonly llc?: 'command' | 'response';
  /** SNRM/UA link parameters (IEC 62056-46 §6.4.4.4.3.2). */
  readonly parameters?: JsonValue;
  /** This frame carries one segment of an APDU still to be completed by later frames. */
  readonly segment?: number;
  /** The offsets of the frames whose information fields were joined into `apdu`. */
  readonly reassembledFrom?: readonly number[];
  readonly apdu?: ApduNode;
  readonly error?: DecodeError;
}

/** Bytes that are no frame at all (skipped while resynchronising, or a stream that broke off). */
export interface ErrorNode {
  readonly frame: 'error';
  readonly offset: number;
  readonly length: number;
  readonly hex?: string;
  readonly error: DecodeError;
}

/** One entry of a decode, in input order. */
export type DecodedItem = WrapperFrameNode | HdlcFrameNode | ApduNode | ErrorNode;

/** What `gridmeter dlms decode` found in its input: every frame or APDU, in order. */
export interface DecodeReport {
  readonly layer: DlmsLayer;
  /** Bytes in the input. */
  readonly length: number;
  /** True when nothing failed (ciphered APDUs shown without keys do not count as failures). */
  readonly ok: boolean;
  readonly items: readonly DecodedItem[];
}
