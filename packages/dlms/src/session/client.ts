import { ByteReader, ByteWriter, bytesEqual } from '@gridmeter/codec';
import { type Aare, ApplicationContextName, AssociationResult, MechanismName } from '../apdu/acse.js';
import { type Apdu, decodeApdu, encodeApdu } from '../apdu/apdu.js';
import type { AttributeWithSelection, GetDataResult, SelectiveAccess } from '../apdu/common.js';
import { conformance } from '../apdu/conformance.js';
import type { InitiateResponse } from '../apdu/initiate.js';
import { invokeIdAndPriority } from '../apdu/invoke-id.js';
import { DataAccessResult, ExceptionServiceError, ExceptionStateError, enumName } from '../apdu/results.js';
import { type ProfileGenericAccess, profileGenericAccess } from '../apdu/selective-access.js';
import { dataFromBytes, decodeData, decodeLength, encodeData } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import { formatLogicalName, logicalName } from '../cosem/logical-name.js';
import {
  generateChallenge,
  hlsGmacClientReply,
  verifyHlsGmacServerReply,
} from '../security/authentication.js';
import { type CipheringKind, cipherApdu, decipherApdu } from '../security/cipher-apdu.js';
import { type InvocationCounter, InvocationCounterGuard } from '../security/invocation-counter.js';
import { type SecurityPolicy, securityControlFor } from '../security/security-control.js';
import { DlmsAssociationError, DlmsProtocolError, DlmsServiceError } from './errors.js';
import type { ApduTransport } from './transport.js';

/** A COSEM attribute: interface class, logical name (OBIS, as text or 6 bytes) and attribute index. */
export interface AttributeRef {
  readonly classId: number;
  readonly logicalName: string | Uint8Array;
  readonly attributeId: number;
}

/** A COSEM method: interface class, logical name and method index. */
export interface MethodRef {
  readonly classId: number;
  readonly logicalName: string | Uint8Array;
  readonly methodId: number;
}

/** How the client authenticates (IEC 62056-5-3 §9.2.2.2: lowest, low and high level security). */
export type ClientAuthentication =
  | { readonly mechanism: 'none' }
  | { readonly mechanism: 'lls'; readonly password: Uint8Array }
  | { readonly mechanism: 'hls-gmac' };

/** Suite 0 protection of the association's APDUs. */
export interface ClientSecurity {
  /**
   * 'authenticated', 'encrypted' or 'authenticated-encrypted'; 'none' keeps the APDUs plain while
   * the keys still serve HLS-GMAC authentication.
   */
  readonly policy: SecurityPolicy;
  /** The client's system title (8 bytes), sent as calling-AP-title. */
  readonly systemTitle: Uint8Array;
  readonly encryptionKey: Uint8Array;
  readonly authenticationKey: Uint8Array;
  /** The client's invocation counter for the global key; persist `value` between sessions. */
  readonly invocationCounter: InvocationCounter;
  /** Service-specific glo- APDUs (default) or general-glo-ciphering. */
  readonly ciphering?: Extract<CipheringKind, 'glo' | 'general-glo'>;
}

export interface DlmsClientOptions {
  readonly authentication?: ClientAuthentication;
  readonly security?: ClientSecurity;
  /** Proposed conformance block; defaults to {@link DEFAULT_CLIENT_CONFORMANCE}. */
  readonly conformance?: number;
  /** client-max-receive-pdu-size (default 0xFFFF). */
  readonly maxReceivePduSize?: number;
  /** Upper bound on one reassembled block-transfer response (default 32 MiB). */
  readonly maxResponseBytes?: number;
  /** Bytes of the HLS challenge CtoS (8–64, default 16). */
  readonly challengeLength?: number;
  /** Source of HLS challenges (default: `generateChallenge`, crypto-random); for replaying captures. */
  readonly challengeGenerator?: (length: number) => Uint8Array;
  /** Invoke-id of the first request (0–15, default 0). */
  readonly initialInvokeId?: number;
  /** Give each request the next invoke-id (default) or always the same one, as Gurux clients do. */
  readonly incrementInvokeId?: boolean;
}

/** What the association negotiated. */
export interface AssociationInfo {
  readonly conformance: number;
  readonly serverMaxReceivePduSize: number;
  readonly dlmsVersion: number;
  readonly serverSystemTitle?: Uint8Array;
}

/** A sensible LN client proposal: GET/SET/ACTION with block transfer, selective access, lists. */
export const DEFAULT_CLIENT_CONFORMANCE = conformance([
  'blockTransferWithGetOrRead',
  'blockTransferWithSetOrWrite',
  'blockTransferWithAction',
  'multipleReferences',
  'attribute0SupportedWithGet',
  'get',
  'set',
  'selectiveAccess',
  'action',
  'eventNotification',
  'dataNotification',
]);

/** The current association object (IEC 62056-6-2 §4.4.3: Association LN, instance 0.0.40.0.0.255). */
const CURRENT_ASSOCIATION = logicalName('0.0.40.0.0.255');
const ASSOCIATION_LN_CLASS = 15;
const REPLY_TO_HLS_AUTHENTICATION = 1;
/** Bytes an APDU header may add around a block of raw data (tag, choice, invoke id, block fields, length). */
const BLOCK_OVERHEAD = 16;
/** Bytes suite 0 adds around a protected APDU (tag, length, SC, IC, GCM tag; general-glo adds the title). */
const CIPHERING_OVERHEAD = 32;

/**
 * A DLMS/COSEM client using logical-name referencing: associates (no security, LLS, or HLS-GMAC;
 * optionally ciphered with suite 0), then GETs, SETs and ACTIONs with automatic block transfer,
 * lists and selective access, and releases. It speaks APDUs through an {@link ApduTransport} and
 * never touches sockets or framing.
 *
 * @example
 * const client = new DlmsClient(transport, { authentication: { mechanism: 'none' } });
 * await client.associate();
 * const energy = await client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId: 2 });
 * await client.release();
 */
export class DlmsClient {
  readonly #transport: ApduTransport;
  readonly #options: DlmsClientOptions;
  readonly #replayGuard = new InvocationCounterGuard();
  #invokeId = 0;
  #association: AssociationInfo | undefined;
  #serverSystemTitle: Uint8Array | undefined;

  constructor(transport: ApduTransport, options: DlmsClientOptions = {}) {
    this.#transport = transport;
    this.#options = options;
    this.#invokeId = options.initialInvokeId ?? 0;
    if (!Number.isInteger(this.#invokeId) || this.#invokeId < 0 || this.#invokeId > 15) {
      throw new RangeError(`initialInvokeId must be 0-15, got ${options.initialInvokeId}`);
    }
    if (options.authentication?.mechanism === 'hls-gmac' && !options.security) {
      throw new RangeError('HLS-GMAC needs security keys and a client system title');
    }
  }

  /** Whether xDLMS APDUs travel protected (a security policy other than 'none'). */
  get #ciphered(): boolean {
    return (this.#options.security?.policy ?? 'none') !== 'none';
  }

  /** The negotiated association, once {@link associate} succeeded. */
  get association(): AssociationInfo | undefined {
    return this.#association;
  }

  /** Sends the AARQ, checks the AARE and, for HLS-GMAC, completes passes 3 and 4. */
  async associate(): Promise<AssociationInfo> {
    const auth = this.#options.authentication ?? { mechanism: 'none' };
    const security = this.#options.security;
    const ciphered = this.#ciphered;
    const initiate = encodeApdu({
      type: 'initiate-request',
      responseAllowed: true,
      proposedDlmsVersionNumber: 6,
      proposedConformance: this.#options.conformance ?? DEFAULT_CLIENT_CONFORMANCE,
      clientMaxReceivePduSize: this.#options.maxReceivePduSize ?? 0xffff,
    });
    const challenge = this.#options.challengeGenerator ?? generateChallenge;
    const clientChallenge =
      auth.mechanism === 'hls-gmac' ? challenge(this.#options.challengeLength ?? 16) : undefined;
    const aarq: Apdu = {
      type: 'aarq',
      applicationContextName: ciphered
        ? ApplicationContextName.logicalNameWithCiphering
        : ApplicationContextName.logicalName,
      ...(security ? { callingApTitle: security.systemTitle } : {}),
      ...(auth.mechanism === 'none'
        ? {}
        : {
            senderAcseRequirements: true,
            mechanismName: auth.mechanism === 'lls' ? MechanismName.low : MechanismName.highGmac,
            callingAuthenticationValue: auth.mechanism === 'lls' ? auth.password : clientChallenge!,
          }),
      userInformation: ciphered
        ? { type: 'ciphered', tag: 0x21, raw: this.#protect(initiate, 'glo') }
        : (decodeApdu(initiate) as Extract<Apdu, { type: 'initiate-request' }>),
    };
    const response = decodeApdu(await this.#transport.request(encodeApdu(aarq)));
    if (response.type !== 'aare') throw new DlmsProtocolError(`Expected an AARE, got ${response.type}`);
    if (response.respondingApTitle) this.#serverSystemTitle = response.respondingApTitle;
    const initiateResponse = this.#initiateResponseOf(response);
    if (response.result !== AssociationResult.accepted) {
      const d = response.resultSourceDiagnostic;
      throw new DlmsAssociationError(
        `Association refused: result ${response.result}, ${d.source} diagnostic ${d.value}`,
      );
    }
    if (!initiateResponse) throw new DlmsAssociationError('AARE accepted without an InitiateResponse');
    this.#association = {
      conformance: initiateResponse.negotiatedConformance,
      serverMaxReceivePduSize: initiateResponse.serverMaxReceivePduSize,
      dlmsVersion: initiateResponse.negotiatedDlmsVersionNumber,
      ...(this.#serverSystemTitle ? { serverSystemTitle: this.#serverSystemTitle } : {}),
    };
    if (auth.mechanism === 'hls-gmac') await this.#completeHlsGmac(response, clientChallenge!);
    return this.#association;
  }

  /** Reads one attribute; large values arrive by block transfer and are reassembled. */
  async get(attribute: AttributeRef, access?: SelectiveAccess): Promise<DlmsData> {
    const target = describeAttribute(attribute);
    const first = await this.#exchange({
      type: 'get-request-normal',
      invokeIdAndPriority: this.#nextInvokeId(),
      attribute: attributeDescriptor(attribute),
      ...(access ? { access } : {}),
    });
    if (first.type === 'get-response-normal') return resultData('get', first.result, target);
    if (first.type === 'get-response-with-datablock') {
      return dataFromBytes(await this.#collectGetBlocks(first, target));
    }
    throw new DlmsProtocolError(`GET ${target}: unexpected ${first.type}`);
  }

  /** Reads a profile generic buffer (attribute 2) by time range or entry range. */
  getProfile(logicalNameOfProfile: string | Uint8Array, access: ProfileGenericAccess): Promise<DlmsData> {
    return this.get(
      { classId: 7, logicalName: logicalNameOfProfile, attributeId: 2 },
      profileGenericAccess(access),
    );
  }

  /** Reads several attributes in one GET-Request-With-List; each result is data or an access result. */
  async getWithList(
    attributes: readonly (AttributeRef & { readonly access?: SelectiveAccess })[],
  ): Promise<GetDataResult[]> {
    const list: AttributeWithSelection[] = attributes.map((a) => ({
      attribute: attributeDescriptor(a),
      ...(a.access ? { access: a.access } : {}),
    }));
    const first = await this.#exchange({
      type: 'get-request-with-list',
      invokeIdAndPriority: this.#nextInvokeId(),
      attributes: list,
    });
    let results: GetDataResult[];
    if (first.type === 'get-response-with-list') results = [...first.results];
    else if (first.type === 'get-response-with-datablock') {
      results = decodeGetDataResults(await this.#collectGetBlocks(first, 'with-list'));
    } else throw new DlmsProtocolError(`GET with list: unexpected ${first.type}`);
    if (results.length !== attributes.length) {
      throw new DlmsProtocolError(
        `GET with list: ${attributes.length} attributes asked, ${results.length} results`,
      );
    }
    return results;
  }

  /** Writes one attribute; a value too large for the server's PDU goes by block transfer. */
  async set(attribute: AttributeRef, value: DlmsData, access?: SelectiveAccess): Promise<void> {
    const target = describeAttribute(attribute);
    const descriptor = attributeDescriptor(attribute);
    const normal: Apdu = {
      type: 'set-request-normal',
      invokeIdAndPriority: this.#nextInvokeId(),
      attribute: descriptor,
      ...(access ? { access } : {}),
      value,
    };
    const encoded = encodeApdu(normal);
    let response: Apdu;
    if (encoded.length <= this.#maxRequestBytes()) {
      response = await this.#exchange(normal, encoded);
    } else {
      const raw = encodeDataBytes(value);
      response = await this.#sendSetBlocks(raw, (datablock, invoke) => ({
        type: 'set-request-with-first-datablock',
        invokeIdAndPriority: invoke,
        attribute: descriptor,
        ...(access ? { access } : {}),
        datablock,
      }));
    }
    if (response.type === 'set-response-normal' || response.type === 'set-response-last-datablock') {
      if (response.result !== DataAccessResult.success)
        throw new DlmsServiceError('set', response.result, target);
      return;
    }
    throw new DlmsProtocolError(`SET ${target}: unexpected ${response.type}`);
  }

  /** Writes several attributes in one SET-Request-With-List; returns each Data-Access-Result. */
  async setWithList(
    items: readonly { readonly attribute: AttributeRef; readonly value: DlmsData }[],
  ): Promise<number[]> {
    const response = await this.#exchange({
      type: 'set-request-with-list',
      invokeIdAndPriority: this.#nextInvokeId(),
      attributes: items.map((i) => ({ attribute: attributeDescriptor(i.attribute) })),
      values: items.map((i) => i.value),
    });
    if (response.type !== 'set-response-with-list') {
      throw new DlmsProtocolError(`SET with list: unexpected ${response.type}`);
    }
    return [...response.results];
  }

  /**
   * Invokes a method; resolves with its return data, if any. Parameters too large for the
   * server's PDU go in pblocks; a long result is collected block by block.
   */
  async action(method: MethodRef, parameters?: DlmsData): Promise<DlmsData | undefined> {
    const target = describeMethod(method);
    const descriptor = methodDescriptor(method);
    const normal: Apdu = {
      type: 'action-request-normal',
      invokeIdAndPriority: this.#nextInvokeId(),
      method: descriptor,
      ...(parameters ? { parameters } : {}),
    };
    const encoded = encodeApdu(normal);
    let response: Apdu;
    if (encoded.length <= this.#maxRequestBytes() || parameters === undefined) {
      response = await this.#exchange(normal, encoded);
    } else {
      response = await this.#sendActionBlocks(encodeDataBytes(parameters), descriptor);
    }
    if (response.type === 'action-response-with-pblock') {
      return dataFromBytes(await this.#collectActionBlocks(response, target));
    }
    if (response.type !== 'action-response-normal') {
      throw new DlmsProtocolError(`ACTION ${target}: unexpected ${response.type}`);
    }
    if (response.result !== 0) throw new DlmsServiceError('action', response.result, target);
    const ret = response.returnParameters;
    if (!ret) return undefined;
    return resultData('action', ret, target);
  }

  /** Sends RLRQ and waits for RLRE; the association is over either way. */
  async release(): Promise<void> {
    const rlrq: Apdu = {
      type: 'rlrq',
      reason: 0,
      ...(this.#ciphered && this.#association
        ? {
            userInformation: {
              type: 'ciphered',
              tag: 0x21,
              raw: this.#protect(
                encodeApdu({
                  type: 'initiate-request',
                  responseAllowed: true,
                  proposedDlmsVersionNumber: 6,
                  proposedConformance: this.#association.conformance,
                  clientMaxReceivePduSize: this.#options.maxReceivePduSize ?? 0xffff,
                }),
                'glo',
              ),
            },
          }
        : {}),
    };
    this.#association = undefined;
    const response = decodeApdu(await this.#transport.request(encodeApdu(rlrq)));
    if (response.type !== 'rlre') throw new DlmsProtocolError(`Expected an RLRE, got ${response.type}`);
  }

  // --- association helpers -------------------------------------------------------------------

  #initiateResponseOf(aare: Aare): InitiateResponse | undefined {
    const info = aare.userInformation;
    if (!info) return undefined;
    if (info.type === 'initiate-response') return info;
    if (info.type === 'confirmed-service-error') {
      throw new DlmsAssociationError(
        `Association refused by xDLMS: ConfirmedServiceError service ${info.service} kind ${info.errorKind} error ${info.error}`,
      );
    }
    if (info.type === 'ciphered') {
      const plain = decodeApdu(this.#unprotect(info.raw));
      if (plain.type === 'initiate-response') return plain;
      if (plain.type === 'confirmed-service-error') {
        throw new DlmsAssociationError(
          `Association refused by xDLMS: ConfirmedServiceError service ${plain.service} kind ${plain.errorKind} error ${plain.error}`,
        );
      }
      throw new DlmsProtocolError(`AARE user-information carries ${plain.type}`);
    }
    throw new DlmsProtocolError(`AARE user-information carries ${info.type}`);
  }

  async #completeHlsGmac(aare: Aare, clientChallenge: Uint8Array): Promise<void> {
    const security = this.#options.security!;
    const serverChallenge = aare.respondingAuthenticationValue;
    if (!serverChallenge) throw new DlmsAssociationError('HLS-GMAC: the AARE carries no server challenge');
    if (!this.#serverSystemTitle)
      throw new DlmsAssociationError('HLS-GMAC: the AARE carries no server system title');
    const keys = { encryptionKey: security.encryptionKey, authenticationKey: security.authenticationKey };
    const fStoC = hlsGmacClientReply({
      clientSystemTitle: security.systemTitle,
      invocationCounter: security.invocationCounter.next(),
      keys,
      serverChallenge,
    });
    let answer: DlmsData | undefined;
    try {
      answer = await this.action(
        {
          classId: ASSOCIATION_LN_CLASS,
          logicalName: CURRENT_ASSOCIATION,
          methodId: REPLY_TO_HLS_AUTHENTICATION,
        },
        { type: 'octet-string', value: fStoC },
      );
    } catch (e) {
      this.#association = undefined;
      throw new DlmsAssociationError('HLS-GMAC: the server did not accept f(StoC)', { cause: e });
    }
    if (answer?.type !== 'octet-string') {
      this.#association = undefined;
      throw new DlmsAssociationError('HLS-GMAC: the server returned no f(CtoS)');
    }
    try {
      verifyHlsGmacServerReply({
        reply: answer.value,
        serverSystemTitle: this.#serverSystemTitle,
        keys,
        clientChallenge,
      });
    } catch (e) {
      this.#association = undefined;
      throw new DlmsAssociationError('HLS-GMAC: the server failed to prove it knows the key', { cause: e });
    }
  }

  // --- block transfer ------------------------------------------------------------------------

  async #collectGetBlocks(
    first: Extract<Apdu, { type: 'get-response-with-datablock' }>,
    target: string,
  ): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    let block = first;
    let expected = first.blockNumber;
    for (;;) {
      if (block.blockNumber !== expected) {
        throw new DlmsProtocolError(
          `GET ${target}: block ${block.blockNumber} arrived, ${expected} expected`,
        );
      }
      if (block.result.type === 'data-access-result') {
        throw new DlmsServiceError('get', block.result.dataAccessResult, target);
      }
      total += block.result.rawData.length;
      if (total > (this.#options.maxResponseBytes ?? 32 * 1024 * 1024)) {
        throw new DlmsProtocolError(
          `GET ${target}: response exceeds ${this.#options.maxResponseBytes ?? 32 * 1024 * 1024} bytes`,
        );
      }
      parts.push(block.result.rawData);
      if (block.lastBlock) break;
      const next = await this.#exchange({
        type: 'get-request-next',
        invokeIdAndPriority: block.invokeIdAndPriority,
        blockNumber: block.blockNumber,
      });
      if (next.type !== 'get-response-with-datablock') {
        if (next.type === 'get-response-normal' && next.result.type === 'data-access-result') {
          throw new DlmsServiceError('get', next.result.dataAccessResult, target);
        }
        throw new DlmsProtocolError(`GET ${target}: expected the next block, got ${next.type}`);
      }
      block = next;
      expected++;
    }
    return concat(parts, total);
  }

  async #sendSetBlocks(
    raw: Uint8Array,
    firstRequest: (
      datablock: { lastBlock: boolean; blockNumber: number; rawData: Uint8Array },
      invoke: number,
    ) => Apdu,
  ): Promise<Apdu> {
    const size = this.#blockSize();
    const invoke = this.#nextInvokeId();
    let blockNumber = 1;
    for (let at = 0; ; blockNumber++) {
      const rawData = raw.subarray(at, at + size);
      at += rawData.length;
      const datablock = { lastBlock: at >= raw.length, blockNumber, rawData };
      const request: Apdu =
        blockNumber === 1
          ? firstRequest(datablock, invoke)
          : { type: 'set-request-with-datablock', invokeIdAndPriority: invoke, datablock };
      const response = await this.#exchange(request);
      if (datablock.lastBlock) return response;
      if (response.type === 'set-response-normal' || response.type === 'set-response-last-datablock') {
        return response; // the server gave up early with a result
      }
      if (response.type !== 'set-response-datablock' || response.blockNumber !== blockNumber) {
        throw new DlmsProtocolError(`SET block ${blockNumber}: unexpected ${response.type}`);
      }
    }
  }

  async #sendActionBlocks(raw: Uint8Array, method: ReturnType<typeof methodDescriptor>): Promise<Apdu> {
    const size = this.#blockSize();
    const invoke = this.#nextInvokeId();
    for (let at = 0, blockNumber = 1; ; blockNumber++) {
      const rawData = raw.subarray(at, at + size);
      at += rawData.length;
      const pblock = { lastBlock: at >= raw.length, blockNumber, rawData };
      const request: Apdu =
        blockNumber === 1
          ? { type: 'action-request-with-first-pblock', invokeIdAndPriority: invoke, method, pblock }
          : { type: 'action-request-with-pblock', invokeIdAndPriority: invoke, pblock };
      const response = await this.#exchange(request);
      if (pblock.lastBlock) return response;
      if (response.type === 'action-response-normal') return response;
      if (response.type !== 'action-response-next-pblock' || response.blockNumber !== blockNumber) {
        throw new DlmsProtocolError(`ACTION pblock ${blockNumber}: unexpected ${response.type}`);
      }
    }
  }

  async #collectActionBlocks(
    first: Extract<Apdu, { type: 'action-response-with-pblock' }>,
    target: string,
  ): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    let block = first;
    for (let expected = first.pblock.blockNumber; ; expected++) {
      if (block.pblock.blockNumber !== expected) {
        throw new DlmsProtocolError(
          `ACTION ${target}: pblock ${block.pblock.blockNumber} arrived, ${expected} expected`,
        );
      }
      total += block.pblock.rawData.length;
      parts.push(block.pblock.rawData);
      if (block.pblock.lastBlock) break;
      const next = await this.#exchange({
        type: 'action-request-next-pblock',
        invokeIdAndPriority: block.invokeIdAndPriority,
        blockNumber: block.pblock.blockNumber,
      });
      if (next.type !== 'action-response-with-pblock') {
        throw new DlmsProtocolError(`ACTION ${target}: expected the next pblock, got ${next.type}`);
      }
      block = next;
    }
    // Like GET's raw data, the reassembled pblocks hold the encoded return Data.
    return concat(parts, total);
  }

  // --- request plumbing ----------------------------------------------------------------------

  #nextInvokeId(): number {
    const id = this.#invokeId;
    if (this.#options.incrementInvokeId !== false) this.#invokeId = (this.#invokeId + 1) & 0x0f;
    return invokeIdAndPriority({ invokeId: id, confirmed: true, highPriority: true });
  }

  /** The largest APDU the server accepts from us, before ciphering. */
  #maxRequestBytes(): number {
    const server = this.#association?.serverMaxReceivePduSize || 0xffff;
    return server - (this.#ciphered ? CIPHERING_OVERHEAD : 0);
  }

  #blockSize(): number {
    return Math.max(16, this.#maxRequestBytes() - BLOCK_OVERHEAD);
  }

  /** Sends one xDLMS request (ciphered when the association is) and decodes the answer. */
  async #exchange(request: Apdu, encoded = encodeApdu(request)): Promise<Apdu> {
    if (!this.#association) throw new DlmsProtocolError(`Cannot send ${request.type}: not associated`);
    const wire = this.#ciphered
      ? this.#protect(encoded, this.#options.security?.ciphering ?? 'glo')
      : encoded;
    let bytes = await this.#transport.request(wire);
    if (this.#ciphered && bytes[0] !== 0xd8) bytes = this.#unprotect(bytes);
    const response = decodeApdu(bytes);
    if (response.type === 'exception-response') {
      throw new DlmsProtocolError(
        `${request.type} answered by ExceptionResponse: ${enumName(ExceptionStateError, response.stateError) ?? response.stateError}, ${enumName(ExceptionServiceError, response.serviceError) ?? response.serviceError}`,
      );
    }
    if (response.type === 'confirmed-service-error') {
      throw new DlmsProtocolError(
        `${request.type} answered by ConfirmedServiceError: service ${response.service}, kind ${response.errorKind}, error ${response.error}`,
      );
    }
    if ('invokeIdAndPriority' in request && 'invokeIdAndPriority' in response) {
      if ((response.invokeIdAndPriority & 0x0f) !== (request.invokeIdAndPriority & 0x0f)) {
        throw new DlmsProtocolError(
          `${response.type} for invoke id ${response.invokeIdAndPriority & 0x0f}, expected ${request.invokeIdAndPriority & 0x0f}`,
        );
      }
    }
    return response;
  }

  #protect(plain: Uint8Array, kind: CipheringKind): Uint8Array {
    const s = this.#options.security!;
    return cipherApdu(
      plain,
      {
        securityControl: securityControlFor(s.policy),
        systemTitle: s.systemTitle,
        invocationCounter: s.invocationCounter.next(),
        encryptionKey: s.encryptionKey,
        authenticationKey: s.authenticationKey,
      },
      { kind },
    );
  }

  #unprotect(bytes: Uint8Array): Uint8Array {
    const s = this.#options.security;
    if (!s) throw new DlmsProtocolError('Received a ciphered APDU on an unciphered association');
    const serverTitle = this.#serverSystemTitle;
    const { apdu, systemTitle } = decipherApdu(
      bytes,
      () => ({
        encryptionKey: s.encryptionKey,
        authenticationKey: s.authenticationKey,
        ...(serverTitle ? { systemTitle: serverTitle } : {}),
      }),
      { replayGuard: this.#replayGuard, acceptUnauthenticated: s.policy === 'encrypted' },
    );
    if (serverTitle && !bytesEqual(systemTitle, serverTitle)) {
      throw new DlmsProtocolError('Ciphered APDU from a different system title than the associated server');
    }
    return apdu;
  }
}

function attributeDescriptor(a: AttributeRef) {
  return { classId: a.classId, instanceId: logicalName(a.logicalName), attributeId: a.attributeId };
}

function methodDescriptor(m: MethodRef) {
  return { classId: m.classId, instanceId: logicalName(m.logicalName), methodId: m.methodId };
}

function describeAttribute(a: AttributeRef): string {
  return `${a.classId}/${formatLogicalName(logicalName(a.logicalName))}/${a.attributeId}`;
}

function describeMethod(m: MethodRef): string {
  return `${m.classId}/${formatLogicalName(logicalName(m.logicalName))}/method ${m.methodId}`;
}

function resultData(service: 'get' | 'action', result: GetDataResult, target: string): DlmsData {
  if (result.type === 'data-access-result')
    throw new DlmsServiceError(service, result.dataAccessResult, target);
  return result.data;
}

function encodeDataBytes(d: DlmsData): Uint8Array {
  const w = new ByteWriter(256);
  encodeData(w, d);
  return w.finish();
}

/** SEQUENCE OF Get-Data-Result, as the raw data of a with-list block transfer carries it. */
function decodeGetDataResults(bytes: Uint8Array): GetDataResult[] {
  const r = new ByteReader(bytes);
  const count = decodeLength(r);
  if (count > r.remaining) throw r.error(`${count} results announced, ${r.remaining} bytes left`);
  const out: GetDataResult[] = [];
  for (let i = 0; i < count; i++) {
    const choice = r.u8('Get-Data-Result choice');
    if (choice === 0) out.push({ type: 'data', data: decodeData(r) });
    else if (choice === 1)
      out.push({ type: 'data-access-result', dataAccessResult: r.u8('data-access-result') });
    else throw r.error(`Get-Data-Result choice ${choice}`);
  }
  if (!r.atEnd) throw r.error(`${r.remaining} bytes after the results`);
  return out;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
