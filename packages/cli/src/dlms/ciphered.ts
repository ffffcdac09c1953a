import { toHex } from '@gridmeter/codec';
import {
  type CipheredApdu,
  CipheredApduTag,
  DlmsAuthenticationError,
  decipherApdu,
  decodeCipheredApdu,
  encodeSecurityControl,
  isCipheredTag,
  securityPolicyOf,
} from '@gridmeter/dlms';
import { toDecodeError } from './errors.js';
import type { ApduNode, CipheredNode, DecodeError } from './report.js';
import type { SecurityContext } from './security-context.js';

/** Decodes a plain APDU that came out of deciphering (offsets count in the plain APDU). */
export type PlainApduDecoder = (plain: Uint8Array) => ApduNode;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

function header(c: CipheredApdu): Pick<CipheredNode, 'kind' | 'keyKind' | 'plainTag'> {
  switch (c.type) {
    case 'service-specific-ciphering':
      return { kind: c.keyKind === 'global' ? 'glo' : 'ded', keyKind: c.keyKind, plainTag: hex2(c.plainTag) };
    case 'general-glo-ciphering':
      return { kind: 'general-glo', keyKind: 'global' };
    case 'general-ded-ciphering':
      return { kind: 'general-ded', keyKind: 'dedicated' };
  }
}

/**
 * Shows a ciphered APDU (DLMS UA 1000-2 Ed. 8 §9.2.7.2.4: tag, [system title,] SC || IC,
 * ciphered content) and, when `security` holds keys, the plain APDU inside. Wrong keys, a
 * missing system title or a malformed header become `error`; nothing is thrown.
 *
 * @example
 * decodeCipheredNode(bytes, 12, new SecurityContext(keys), (plain) => decodeApduNode(plain, …));
 */
export function decodeCipheredNode(
  bytes: Uint8Array,
  offset: number,
  security: SecurityContext,
  decodePlain: PlainApduDecoder,
): CipheredNode {
  const tag = bytes[0] ?? 0;
  const fail = (error: DecodeError, extra: Partial<CipheredNode> = {}): CipheredNode => ({
    kind: 'ciphered',
    keyKind: 'global',
    ...extra,
    tag: hex2(tag),
    error,
  });
  if (!isCipheredTag(tag)) {
    const name = tag === CipheredApduTag.GeneralCiphering ? 'general-ciphering' : 'general-signing';
    return fail({ message: `${name} (tag 0x${hex2(tag)}) is not decoded by this tool`, offset });
  }
  let c: CipheredApdu;
  try {
    c = decodeCipheredApdu(bytes);
  } catch (e) {
    return fail(toDecodeError(e, offset, offset));
  }
  const sc = c.securityControl;
  const known = header(c);
  const carried = c.type === 'service-specific-ciphering' ? undefined : c.systemTitle;
  const sender =
    carried && carried.length > 0
      ? { title: carried, source: 'apdu' as const }
      : security.senderSystemTitle(c.type === 'service-specific-ciphering' ? c.plainTag : undefined);
  const node: CipheredNode = {
    ...known,
    tag: hex2(tag),
    ...(sender ? { systemTitle: toHex(sender.title), systemTitleSource: sender.source } : {}),
    securityControl: {
      byte: hex2(encodeSecurityControl(sc)),
      suite: sc.suite,
      policy: securityPolicyOf(sc),
      authenticated: sc.authenticated,
      encrypted: sc.encrypted,
      broadcastKey: sc.broadcastKey,
      compressed: sc.compressed,
    },
    invocationCounter: c.invocationCounter,
    cipheredContentLength: c.cipheredContent.length,
  };
  if (!security.keys) {
    return { ...node, note: 'keys needed to decipher: give --ek and --ak' };
  }
  if (!sender) {
    return {
      ...node,
      error: {
        message: `No system title for the sender of this ${known.kind}- APDU: give --system-title, or decode the session from its AARQ/AARE`,
        offset,
      },
    };
  }
  try {
    const plain = decipherApdu(bytes, (q) => security.lookup(q, sender.title), {
      acceptUnauthenticated: true,
    });
    const note = sc.authenticated
      ? undefined
      : 'not authenticated (no tag): wrong keys would give garbage, not an error';
    return { ...node, ...(note ? { note } : {}), deciphered: decodePlain(plain.apdu) };
  } catch (e) {
    if (e instanceof DlmsAuthenticationError) {
      return {
        ...node,
        error: {
          message: `Cannot decipher ${known.kind}- APDU: authentication tag does not verify (wrong EK/AK or system title ${toHex(sender.title)}, or altered bytes)`,
          offset,
        },
      };
    }
    return { ...node, error: toDecodeError(e, offset, offset) };
  }
}
