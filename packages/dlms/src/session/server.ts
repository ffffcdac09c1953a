import { ByteWriter, bytesEqual, CodecError, toHex } from '@gridmeter/codec';
import {
  type Aare,
  type Aarq,
  AcseServiceUserDiagnostic,
  ApplicationContextName,
  AssociationResult,
  MechanismName,
} from '../apdu/acse.js';
import { type Apdu, decodeApdu, encodeApdu } from '../apdu/apdu.js';
import type { CosemAttributeDescriptor, GetDataResult, SelectiveAccess } from '../apdu/common.js';
import { longInvokeIdAndPriority } from '../apdu/invoke-id.js';
import { DataAccessResult, ExceptionServiceError, ExceptionStateError } from '../apdu/results.js';
import { dataFromBytes, encodeData, encodeLength } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import { objectListConverter } from '../cosem/association.js';
import { interfaceClass } from '../cosem/catalogue.js';
import { formatLogicalName, logicalName } from '../cosem/logical-name.js';
import {
  generateChallenge,
  hlsGmacServerReply,
  verifyHlsGmacClientReply,
  verifyLlsPassword,
} from '../security/authentication.js';
import { type CipheringKind, cipherApdu, decipherApdu } from '../security/cipher-apdu.js';
import { DlmsSecurityError } from '../security/errors.js';
import { InvocationCounter, InvocationCounterGuard } from '../security/invocation-counter.js';
import { securityControlFor } from '../security/security-control.js';
import {
  type AssociationPolicy,
  type CosemServerObject,
  DataAccessError,
  type DlmsServerOptions,
  type RequestContext,
} from './server-types.js';

/** The current association object (IEC 62056-6-2 §4.4.3). */
const CURRENT_ASSOCIATION = logicalName('0.0.40.0.0.255');
const DEFAULT_SERVER_PDU = 1024;
/** Bytes a GET-Response-With-Datablock adds around its raw data. */
const DATABLOCK_OVERHEAD = 16;
/** Bytes suite 0 adds around a protected APDU. */
const CIPHERING_OVERHEAD = 32;

/**
 * A DLMS/COSEM server (the meter side): associations per client SAP with authentication and
 * access rights, dispatch of GET/SET/ACTION to object implementations, block transfer of large
 * responses, ciphering, and DataNotification pushes. One {@link ServerSession} per connection;
 * sessions take APDUs and return APDUs — sockets live in the transport adapters.
 *
 * @example
 * const server = new DlmsServer({ systemTitle, objects: [clock, energy], associations: [publicClient] });
 * const session = server.openSession(16);
 * const aare = await session.handle(aarqBytes);
 */
export class DlmsServer {
  readonly options: DlmsServerOptions;
  readonly invocationCounter: InvocationCounter;
  readonly #objects = new Map<string, CosemServerObject>();

  constructor(options: DlmsServerOptions) {
    if (options.systemTitle.length !== 8) throw new RangeError('A server system title is 8 bytes');
    this.options = options;
    this.invocationCounter = options.invocationCounter ?? new InvocationCounter(1);
    for (const o of options.objects) {
      const key = objectKey(o.classId, o.logicalName);
      if (this.#objects.has(key)) throw new RangeError(`Object ${key} is defined twice`);
      this.#objects.set(key, o);
    }
  }

  /** The object with this class and logical name, if the server has it. */
  object(classId: number, ln: Uint8Array): CosemServerObject | undefined {
    return this.#objects.get(objectKey(classId, ln));
  }

  get objects(): IterableIterator<CosemServerObject> {
    return this.#objects.values();
  }

  /** A session for one connection from client SAP `clientSap`. */
  openSession(clientSap: number): ServerSession {
    return new ServerSession(this, clientSap);
  }
}

type State = 'idle' | 'awaiting-hls' | 'associated';

interface PendingGet {
  readonly invokeId: number;
  readonly raw: Uint8Array;
  readonly blockSize: number;
  nextBlock: number;
}

interface PendingUpload {
  readonly kind: 'set' | 'action';
  readonly invokeId: number;
  readonly target: CosemAttributeDescriptor | { classId: number; instanceId: Uint8Array; methodId: number };
  readonly access: SelectiveAccess | undefined;
  readonly parts: Uint8Array[];
  lastBlock: number;
}

/** One client connection to a {@link DlmsServer}. */
export class ServerSession {
  readonly server: DlmsServer;
  readonly clientSap: number;
  #state: State = 'idle';
  #policy: AssociationPolicy | undefined;
  #conformance = 0;
  #clientMaxPdu = 0xffff;
  #clientSystemTitle: Uint8Array | undefined;
  #serverChallenge: Uint8Array | undefined;
  #clientChallenge: Uint8Array | undefined;
  #pendingGet: PendingGet | undefined;
  #pendingUpload: PendingUpload | undefined;
  #ciphering: CipheringKind = 'glo';
  readonly #replayGuard = new InvocationCounterGuard();
  #pushInvokeId = 0;

  constructor(server: DlmsServer, clientSap: number) {
    this.server = server;
    this.clientSap = clientSap;
  }

  /** `idle` before AARQ, `awaiting-hls` between AARE and a verified f(StoC), then `associated`. */
  get state(): State {
    return this.#state;
  }

  get policy(): AssociationPolicy | undefined {
    return this.#policy;
  }

  /**
   * Handles one request APDU and returns the response APDU, or `undefined` when none is due.
   * Never throws for bad input: malformed requests get an ExceptionResponse.
   */
  async handle(request: Uint8Array): Promise<Uint8Array | undefined> {
    let apdu: Apdu;
    let ciphered = false;
    try {
      apdu = decodeApdu(request);
      if (apdu.type === 'ciphered') {
        const plain = this.#unprotect(request);
        apdu = decodeApdu(plain);
        ciphered = true;
      }
    } catch (e) {
      this.#report(e, 'decode');
      const serviceError =
        e instanceof DlmsSecurityError
          ? ExceptionServiceError.decipheringError
          : ExceptionServiceError.otherReason;
      return encodeApdu({
        type: 'exception-response',
        stateError: ExceptionStateError.serviceUnknown,
        serviceError,
      });
    }
    switch (apdu.type) {
      case 'aarq':
        return encodeApdu(this.#associate(apdu));
      case 'rlrq':
        return this.#release(apdu);
      default:
        break;
    }
    if (this.#state === 'idle') {
      return encodeApdu({
        type: 'exception-response',
        stateError: ExceptionStateError.serviceNotAllowed,
        serviceError: ExceptionServiceError.operationNotPossible,
      });
    }
    const needsCiphering = (this.#policy?.security?.policy ?? 'none') !== 'none';
    if (needsCiphering && !ciphered) {
      return encodeApdu({
        type: 'exception-response',
        stateError: ExceptionStateError.serviceNotAllowed,
        serviceError: ExceptionServiceError.decipheringError,
      });
    }
    const response = await this.#dispatch(apdu);
    if (!response) return undefined;
    const encoded = encodeApdu(response);
    return ciphered ? this.#protect(encoded, this.#ciphering) : encoded;
  }

  /**
   * A DataNotification push (IEC 62056-5-3 §9.4.6.9) of `body`, protected with
   * general-glo-ciphering when the association requires security.
   */
  dataNotification(body: DlmsData, dateTime?: Uint8Array): Uint8Array {
    const id = this.#pushInvokeId;
    this.#pushInvokeId = (this.#pushInvokeId + 1) & 0xffffff;
    const plain = encodeApdu({
      type: 'data-notification',
      longInvokeIdAndPriority: longInvokeIdAndPriority({
        longInvokeId: id,
        selfDescriptive: false,
        breakOnError: false,
        confirmed: false,
        highPriority: false,
      }),
      ...(dateTime ? { dateTime } : {}),
      body,
    });
    return (this.#policy?.security?.policy ?? 'none') !== 'none'
      ? this.#protect(plain, 'general-glo')
      : plain;
  }

  // --- association -----------------------------------------------------------------------------

  #associate(aarq: Aarq): Aare {
    this.#reset();
    const policy = this.server.options.associations.find((a) => a.clientSap === this.clientSap);
    const reject = (diagnostic: number): Aare => ({
      type: 'aare',
      applicationContextName: aarq.applicationContextName,
      result: AssociationResult.rejectedPermanent,
      resultSourceDiagnostic: { source: 'acse-service-user', value: diagnostic },
    });
    if (!policy) return reject(AcseServiceUserDiagnostic.noReasonGiven);
    const wantsCiphering = (policy.security?.policy ?? 'none') !== 'none';
    const expectedContext = wantsCiphering
      ? ApplicationContextName.logicalNameWithCiphering
      : ApplicationContextName.logicalName;
    if (aarq.applicationContextName !== expectedContext) {
      return reject(AcseServiceUserDiagnostic.applicationContextNameNotSupported);
    }
    const mechanism =
      policy.authentication === 'none'
        ? undefined
        : policy.authentication === 'lls'
          ? MechanismName.low
          : MechanismName.highGmac;
    if (
      (aarq.mechanismName ?? undefined) !== mechanism &&
      !(mechanism === undefined && aarq.mechanismName === MechanismName.lowest)
    ) {
      return reject(AcseServiceUserDiagnostic.authenticationMechanismNameNotRecognised);
    }
    if (policy.authentication === 'lls') {
      const given = aarq.callingAuthenticationValue;
      if (!given || !policy.password || !verifyLlsPassword(policy.password, given)) {
        return reject(AcseServiceUserDiagnostic.authenticationFailure);
      }
    }
    if (policy.authentication === 'hls-gmac' || wantsCiphering) {
      if (aarq.callingApTitle?.length !== 8 || !policy.security) {
        return reject(AcseServiceUserDiagnostic.callingApTitleNotRecognized);
      }
      this.#clientSystemTitle = aarq.callingApTitle;
    }
    if (policy.authentication === 'hls-gmac') {
      const challenge = aarq.callingAuthenticationValue;
      if (!challenge || challenge.length < 8 || challenge.length > 64) {
        return reject(AcseServiceUserDiagnostic.authenticationRequired);
      }
      this.#clientChallenge = challenge;
    }
    // The xDLMS InitiateRequest, plain or glo-ciphered in user-information.
    let initiate: Apdu | undefined = aarq.userInformation;
    let cipheredInitiate = false;
    try {
      if (initiate?.type === 'ciphered') {
        this.#policy = policy;
        initiate = decodeApdu(this.#unprotect(initiate.raw));
        cipheredInitiate = true;
      }
    } catch (e) {
      this.#report(e, 'AARQ user-information');
      this.#policy = undefined;
      return reject(AcseServiceUserDiagnostic.noReasonGiven);
    }
    if (initiate?.type !== 'initiate-request') return reject(AcseServiceUserDiagnostic.noReasonGiven);
    if (wantsCiphering && !cipheredInitiate) return reject(AcseServiceUserDiagnostic.noReasonGiven);
    if (initiate.proposedDlmsVersionNumber < 6) {
      return {
        ...reject(AcseServiceUserDiagnostic.noReasonGiven),
        userInformation: { type: 'confirmed-service-error', service: 1, errorKind: 6, error: 1 },
      };
    }
    this.#policy = policy;
    this.#conformance = initiate.proposedConformance & policy.conformance;
    this.#clientMaxPdu = initiate.clientMaxReceivePduSize || 0xffff;
    this.#state = policy.authentication === 'hls-gmac' ? 'awaiting-hls' : 'associated';
    const initiateResponse = encodeApdu({
      type: 'initiate-response',
      negotiatedDlmsVersionNumber: 6,
      negotiatedConformance: this.#conformance,
      serverMaxReceivePduSize: this.server.options.maxReceivePduSize ?? DEFAULT_SERVER_PDU,
      vaaName: 0x0007,
    });
    if (policy.authentication === 'hls-gmac') {
      this.#serverChallenge = (this.server.options.challengeGenerator ?? generateChallenge)(16);
    }
    return {
      type: 'aare',
      applicationContextName: aarq.applicationContextName,
      result: AssociationResult.accepted,
      resultSourceDiagnostic: {
        source: 'acse-service-user',
        value:
          policy.authentication === 'hls-gmac'
            ? AcseServiceUserDiagnostic.authenticationRequired
            : AcseServiceUserDiagnostic.null,
      },
      ...(wantsCiphering || policy.authentication === 'hls-gmac'
        ? { respondingApTitle: this.server.options.systemTitle }
        : {}),
      ...(this.#serverChallenge
        ? {
            responderAcseRequirements: true,
            mechanismName: MechanismName.highGmac,
            respondingAuthenticationValue: this.#serverChallenge,
          }
        : {}),
      userInformation: cipheredInitiate
        ? { type: 'ciphered', tag: 0x28, raw: this.#protect(initiateResponse, 'glo') }
        : (decodeApdu(initiateResponse) as Extract<Apdu, { type: 'initiate-response' }>),
    };
  }

  #release(rlrq: Extract<Apdu, { type: 'rlrq' }>): Uint8Array {
    void rlrq;
    this.#reset();
    return encodeApdu({ type: 'rlre', reason: 0 });
  }

  #reset(): void {
    this.#state = 'idle';
    this.#policy = undefined;
    this.#pendingGet = undefined;
    this.#pendingUpload = undefined;
    this.#serverChallenge = undefined;
    this.#clientChallenge = undefined;
  }

  // --- dispatch --------------------------------------------------------------------------------

  async #dispatch(apdu: Apdu): Promise<Apdu | undefined> {
    if (this.#state === 'awaiting-hls' && !isHlsReply(apdu)) {
      return {
        type: 'exception-response',
        stateError: ExceptionStateError.serviceNotAllowed,
        serviceError: ExceptionServiceError.operationNotPossible,
      };
    }
    switch (apdu.type) {
      case 'get-request-normal': {
        this.#pendingGet = undefined;
        const result = await this.#get(apdu.attribute, apdu.access);
        return this.#getResponse(apdu.invokeIdAndPriority, result);
      }
      case 'get-request-next':
        return this.#nextGetBlock(apdu.invokeIdAndPriority, apdu.blockNumber);
      case 'get-request-with-list': {
        this.#pendingGet = undefined;
        const results: GetDataResult[] = [];
        for (const a of apdu.attributes) results.push(await this.#get(a.attribute, a.access));
        const response: Apdu = {
          type: 'get-response-with-list',
          invokeIdAndPriority: apdu.invokeIdAndPriority,
          results,
        };
        const encoded = encodeApdu(response);
        if (encoded.length <= this.#maxResponseBytes()) return response;
        const w = new ByteWriter(encoded.length);
        encodeLength(w, results.length);
        for (const r of results) {
          if (r.type === 'data') encodeData(w.u8(0), r.data);
          else w.u8(1).u8(r.dataAccessResult);
        }
        return this.#startGetBlocks(apdu.invokeIdAndPriority, w.finish());
      }
      case 'set-request-normal':
        return {
          type: 'set-response-normal',
          invokeIdAndPriority: apdu.invokeIdAndPriority,
          result: await this.#set(apdu.attribute, apdu.value, apdu.access),
        };
      case 'set-request-with-list': {
        const results: number[] = [];
        for (let i = 0; i < apdu.attributes.length; i++) {
          const a = apdu.attributes[i]!;
          const value = apdu.values[i];
          results.push(value ? await this.#set(a.attribute, value, a.access) : DataAccessResult.otherReason);
        }
        return { type: 'set-response-with-list', invokeIdAndPriority: apdu.invokeIdAndPriority, results };
      }
      case 'set-request-with-first-datablock':
        this.#pendingUpload = {
          kind: 'set',
          invokeId: apdu.invokeIdAndPriority,
          target: apdu.attribute,
          access: apdu.access,
          parts: [],
          lastBlock: 0,
        };
        return this.#uploadBlock(apdu.invokeIdAndPriority, apdu.datablock);
      case 'set-request-with-datablock':
        return this.#uploadBlock(apdu.invokeIdAndPriority, apdu.datablock);
      case 'action-request-normal':
        return this.#actionResponse(apdu.invokeIdAndPriority, apdu.method, apdu.parameters);
      case 'action-request-with-first-pblock':
        this.#pendingUpload = {
          kind: 'action',
          invokeId: apdu.invokeIdAndPriority,
          target: apdu.method,
          access: undefined,
          parts: [],
          lastBlock: 0,
        };
        return this.#uploadBlock(apdu.invokeIdAndPriority, apdu.pblock);
      case 'action-request-with-pblock':
        return this.#uploadBlock(apdu.invokeIdAndPriority, apdu.pblock);
      case 'action-request-next-pblock':
        return this.#nextActionBlock(apdu.invokeIdAndPriority, apdu.blockNumber);
      case 'action-request-with-list': {
        const results = [];
        for (let i = 0; i < apdu.methods.length; i++) {
          const r = await this.#action(apdu.methods[i]!, apdu.parameters[i]);
          results.push(r);
        }
        return {
          type: 'action-response-with-list',
          invokeIdAndPriority: apdu.invokeIdAndPriority,
          responses: results,
        };
      }
      default:
        return {
          type: 'exception-response',
          stateError: ExceptionStateError.serviceUnknown,
          serviceError: ExceptionServiceError.serviceNotSupported,
        };
    }
  }

  #context(): RequestContext {
    return { clientSap: this.clientSap, association: this.#policy! };
  }

  #attributeAccess(object: CosemServerObject, attributeId: number) {
    return this.#policy?.attributeAccess?.(object, attributeId) ?? 'read';
  }

  async #get(d: CosemAttributeDescriptor, access: SelectiveAccess | undefined): Promise<GetDataResult> {
    const object = this.#resolve(d.classId, d.instanceId);
    if (!object) return { type: 'data-access-result', dataAccessResult: DataAccessResult.objectUndefined };
    const mode = this.#attributeAccess(object, d.attributeId);
    if (mode !== 'read' && mode !== 'read-write') {
      return { type: 'data-access-result', dataAccessResult: DataAccessResult.readWriteDenied };
    }
    if (d.attributeId === 1 && !access)
      return { type: 'data', data: { type: 'octet-string', value: object.logicalName } };
    try {
      return { type: 'data', data: await object.get(d.attributeId, this.#context(), access) };
    } catch (e) {
      return { type: 'data-access-result', dataAccessResult: this.#resultOf(e, `GET ${describe(d)}`) };
    }
  }

  async #set(
    d: CosemAttributeDescriptor,
    value: DlmsData,
    access: SelectiveAccess | undefined,
  ): Promise<number> {
    const object = this.#resolve(d.classId, d.instanceId);
    if (!object) return DataAccessResult.objectUndefined;
    const mode = this.#attributeAccess(object, d.attributeId);
    if (mode !== 'write' && mode !== 'read-write') return DataAccessResult.readWriteDenied;
    if (!object.set || d.attributeId === 1) return DataAccessResult.readWriteDenied;
    try {
      await object.set(d.attributeId, value, this.#context(), access);
      return DataAccessResult.success;
    } catch (e) {
      return this.#resultOf(e, `SET ${describe(d)}`);
    }
  }

  async #action(
    m: { classId: number; instanceId: Uint8Array; methodId: number },
    parameters: DlmsData | undefined,
  ): Promise<{ result: number; returnParameters?: GetDataResult }> {
    const object = this.#resolve(m.classId, m.instanceId);
    if (!object) return { result: DataAccessResult.objectUndefined };
    const isHls = m.classId === 15 && bytesEqual(object.logicalName, CURRENT_ASSOCIATION) && m.methodId === 1;
    if (!isHls && !(this.#policy?.methodAccess?.(object, m.methodId) ?? false)) {
      return { result: DataAccessResult.readWriteDenied };
    }
    if (!object.action) return { result: DataAccessResult.objectUnavailable };
    try {
      const data = await object.action(m.methodId, parameters, this.#context());
      return data === undefined ? { result: 0 } : { result: 0, returnParameters: { type: 'data', data } };
    } catch (e) {
      return {
        result: this.#resultOf(e, `ACTION ${m.classId}/${formatLogicalName(m.instanceId)}/${m.methodId}`),
      };
    }
  }

  async #actionResponse(
    invokeIdAndPriority: number,
    method: { classId: number; instanceId: Uint8Array; methodId: number },
    parameters: DlmsData | undefined,
  ): Promise<Apdu> {
    const r = await this.#action(method, parameters);
    const response: Apdu = { type: 'action-response-normal', invokeIdAndPriority, ...r };
    const encoded = encodeApdu(response);
    if (encoded.length <= this.#maxResponseBytes() || r.returnParameters?.type !== 'data') return response;
    // Return data too large for one APDU: send it in pblocks, the raw data being the encoded Data.
    const w = new ByteWriter(encoded.length);
    encodeData(w, r.returnParameters.data);
    this.#pendingGet = {
      invokeId: invokeIdAndPriority,
      raw: w.finish(),
      blockSize: this.#blockSize(),
      nextBlock: 1,
    };
    return this.#nextActionBlock(invokeIdAndPriority, 0);
  }

  #nextActionBlock(invokeIdAndPriority: number, acknowledged: number): Apdu {
    const p = this.#pendingGet;
    if (!p || acknowledged !== p.nextBlock - 1) {
      return {
        type: 'exception-response',
        stateError: ExceptionStateError.serviceNotAllowed,
        serviceError: ExceptionServiceError.operationNotPossible,
      };
    }
    const blockNumber = p.nextBlock++;
    const rawData = p.raw.subarray((blockNumber - 1) * p.blockSize, blockNumber * p.blockSize);
    const lastBlock = blockNumber * p.blockSize >= p.raw.length;
    if (lastBlock) this.#pendingGet = undefined;
    return {
      type: 'action-response-with-pblock',
      invokeIdAndPriority,
      pblock: { lastBlock, blockNumber, rawData },
    };
  }

  /** Accepts one SET datablock or ACTION pblock; the last one runs the request. */
  async #uploadBlock(
    invokeIdAndPriority: number,
    block: { lastBlock: boolean; blockNumber: number; rawData: Uint8Array },
  ): Promise<Apdu> {
    const p = this.#pendingUpload;
    if (!p || block.blockNumber !== p.lastBlock + 1) {
      this.#pendingUpload = undefined;
      return p?.kind === 'action'
        ? {
            type: 'action-response-normal',
            invokeIdAndPriority,
            result: DataAccessResult.dataBlockNumberInvalid,
          }
        : {
            type: 'set-response-normal',
            invokeIdAndPriority,
            result: DataAccessResult.dataBlockNumberInvalid,
          };
    }
    p.parts.push(block.rawData);
    p.lastBlock = block.blockNumber;
    if (!block.lastBlock) {
      return p.kind === 'set'
        ? { type: 'set-response-datablock', invokeIdAndPriority, blockNumber: block.blockNumber }
        : { type: 'action-response-next-pblock', invokeIdAndPriority, blockNumber: block.blockNumber };
    }
    this.#pendingUpload = undefined;
    const raw = concatParts(p.parts);
    let value: DlmsData;
    try {
      value = dataFromBytes(raw);
    } catch (e) {
      this.#report(e, 'block transfer data');
      return p.kind === 'set'
        ? {
            type: 'set-response-last-datablock',
            invokeIdAndPriority,
            result: DataAccessResult.typeUnmatched,
            blockNumber: block.blockNumber,
          }
        : { type: 'action-response-normal', invokeIdAndPriority, result: DataAccessResult.typeUnmatched };
    }
    if (p.kind === 'set') {
      return {
        type: 'set-response-last-datablock',
        invokeIdAndPriority,
        result: await this.#set(p.target as CosemAttributeDescriptor, value, p.access),
        blockNumber: block.blockNumber,
      };
    }
    return this.#actionResponse(
      invokeIdAndPriority,
      p.target as { classId: number; instanceId: Uint8Array; methodId: number },
      value,
    );
  }

  #getResponse(invokeIdAndPriority: number, result: GetDataResult): Apdu {
    const response: Apdu = { type: 'get-response-normal', invokeIdAndPriority, result };
    if (result.type !== 'data') return response;
    const encoded = encodeApdu(response);
    if (encoded.length <= this.#maxResponseBytes()) return response;
    // IEC 62056-5-3 §9.4.6.3: a response too long for one APDU goes as GET-Response-With-Datablock;
    // the raw data of the blocks concatenate to the A-XDR encoding of the Data.
    return this.#startGetBlocks(invokeIdAndPriority, encoded.subarray(4));
  }

  #startGetBlocks(invokeIdAndPriority: number, raw: Uint8Array): Apdu {
    if (!(this.#conformance & (1 << (23 - 11)))) {
      // No block-transfer-with-get conformance: the client cannot take it.
      return {
        type: 'get-response-normal',
        invokeIdAndPriority,
        result: { type: 'data-access-result', dataAccessResult: DataAccessResult.otherReason },
      };
    }
    this.#pendingGet = { invokeId: invokeIdAndPriority, raw, blockSize: this.#blockSize(), nextBlock: 1 };
    return this.#nextGetBlock(invokeIdAndPriority, 0);
  }

  #nextGetBlock(invokeIdAndPriority: number, acknowledged: number): Apdu {
    const p = this.#pendingGet;
    if (!p) {
      return {
        type: 'get-response-normal',
        invokeIdAndPriority,
        result: { type: 'data-access-result', dataAccessResult: DataAccessResult.noLongGetInProgress },
      };
    }
    if (acknowledged !== p.nextBlock - 1) {
      this.#pendingGet = undefined;
      return {
        type: 'get-response-with-datablock',
        invokeIdAndPriority,
        lastBlock: true,
        blockNumber: acknowledged + 1,
        result: { type: 'data-access-result', dataAccessResult: DataAccessResult.dataBlockNumberInvalid },
      };
    }
    const blockNumber = p.nextBlock++;
    const rawData = p.raw.subarray((blockNumber - 1) * p.blockSize, blockNumber * p.blockSize);
    const lastBlock = blockNumber * p.blockSize >= p.raw.length;
    if (lastBlock) this.#pendingGet = undefined;
    return {
      type: 'get-response-with-datablock',
      invokeIdAndPriority,
      lastBlock,
      blockNumber,
      result: { type: 'raw-data', rawData },
    };
  }

  #maxResponseBytes(): number {
    const ciphering = (this.#policy?.security?.policy ?? 'none') !== 'none' ? CIPHERING_OVERHEAD : 0;
    return this.#clientMaxPdu - ciphering;
  }

  #blockSize(): number {
    return Math.max(16, this.#maxResponseBytes() - DATABLOCK_OVERHEAD);
  }

  /** Finds the object; 0.0.40.0.0.255 of class 15 is the current association, built in. */
  #resolve(classId: number, ln: Uint8Array): CosemServerObject | undefined {
    if (classId === 15 && bytesEqual(ln, CURRENT_ASSOCIATION)) {
      return this.server.object(classId, ln) ?? this.#currentAssociationObject();
    }
    return this.server.object(classId, ln);
  }

  #currentAssociationObject(): CosemServerObject {
    return {
      classId: 15,
      version: 2,
      logicalName: CURRENT_ASSOCIATION,
      get: (attributeId) => {
        switch (attributeId) {
          case 2:
            return objectListConverter.toData(this.#objectList());
          case 3:
            return {
              type: 'structure',
              items: [
                { type: 'integer', value: this.clientSap },
                { type: 'long-unsigned', value: 1 },
              ],
            };
          case 8:
            return {
              type: 'enum',
              value: this.#state === 'associated' ? 2 : this.#state === 'awaiting-hls' ? 1 : 0,
            };
          default:
            throw new DataAccessError(DataAccessResult.readWriteDenied);
        }
      },
      action: (methodId, parameters) => {
        if (methodId !== 1) throw new DataAccessError(DataAccessResult.objectUnavailable);
        return this.#replyToHls(parameters);
      },
    };
  }

  /** Association LN method 1 reply_to_HLS_authentication (HLS-GMAC passes 3 and 4). */
  #replyToHls(parameters: DlmsData | undefined): DlmsData {
    const policy = this.#policy;
    if (
      this.#state !== 'awaiting-hls' ||
      !policy?.security ||
      !this.#serverChallenge ||
      !this.#clientChallenge
    ) {
      throw new DataAccessError(DataAccessResult.readWriteDenied);
    }
    if (parameters?.type !== 'octet-string') throw new DataAccessError(DataAccessResult.typeUnmatched);
    const keys = {
      encryptionKey: policy.security.encryptionKey,
      authenticationKey: policy.security.authenticationKey,
    };
    try {
      verifyHlsGmacClientReply({
        reply: parameters.value,
        clientSystemTitle: this.#clientSystemTitle!,
        keys,
        serverChallenge: this.#serverChallenge,
      });
    } catch (e) {
      this.#report(e, 'HLS-GMAC f(StoC)');
      this.#reset();
      throw new DataAccessError(DataAccessResult.readWriteDenied, 'f(StoC) does not verify');
    }
    this.#state = 'associated';
    return {
      type: 'octet-string',
      value: hlsGmacServerReply({
        serverSystemTitle: this.server.options.systemTitle,
        invocationCounter: this.server.invocationCounter.next(),
        keys,
        clientChallenge: this.#clientChallenge,
      }),
    };
  }

  #objectList() {
    const objects = [...this.server.objects];
    if (!this.server.object(15, CURRENT_ASSOCIATION)) objects.push(this.#currentAssociationObject());
    return objects.map((o) => {
      const def = interfaceClass(o.classId);
      const attributeIds = o.attributeIds ?? def?.attributes.map((a) => a.index) ?? [1];
      const methodIds = o.methodIds ?? def?.methods.map((m) => m.index) ?? [];
      return {
        classId: o.classId,
        version: o.version,
        logicalName: o.logicalName,
        accessRights: {
          attributeAccess: attributeIds.map((id) => ({
            attributeId: id,
            accessMode: accessModeCode(this.#attributeAccess(o, id)),
            accessSelectors: o.classId === 7 && id === 2 ? [1, 2] : null,
          })),
          methodAccess: methodIds.map((id) => ({
            methodId: id,
            accessMode: (this.#policy?.methodAccess?.(o, id) ?? false) ? 1 : 0,
          })),
        },
      };
    });
  }

  #resultOf(e: unknown, where: string): number {
    if (e instanceof DataAccessError) return e.code;
    this.#report(e, where);
    return DataAccessResult.otherReason;
  }

  #report(e: unknown, where: string): void {
    this.server.options.onError?.(e, where);
  }

  // --- ciphering -------------------------------------------------------------------------------

  #protect(plain: Uint8Array, kind: CipheringKind): Uint8Array {
    const s = this.#policy?.security;
    if (!s) throw new RangeError('No security configured for this association');
    return cipherApdu(
      plain,
      {
        securityControl: securityControlFor(s.policy === 'none' ? 'authenticated-encrypted' : s.policy),
        systemTitle: this.server.options.systemTitle,
        invocationCounter: this.server.invocationCounter.next(),
        encryptionKey: s.encryptionKey,
        authenticationKey: s.authenticationKey,
      },
      { kind },
    );
  }

  #unprotect(bytes: Uint8Array): Uint8Array {
    const policy =
      this.#policy ?? this.server.options.associations.find((a) => a.clientSap === this.clientSap);
    const s = policy?.security;
    if (!s) throw new CodecError('Ciphered APDU on an association without security', 0);
    const title = this.#clientSystemTitle;
    const deciphered = decipherApdu(
      bytes,
      () => ({
        encryptionKey: s.encryptionKey,
        authenticationKey: s.authenticationKey,
        ...(title ? { systemTitle: title } : {}),
      }),
      { replayGuard: this.#replayGuard, acceptUnauthenticated: s.policy === 'encrypted' },
    );
    this.#ciphering = deciphered.kind === 'general-glo' ? 'general-glo' : 'glo';
    return deciphered.apdu;
  }
}

function isHlsReply(apdu: Apdu): boolean {
  return (
    apdu.type === 'action-request-normal' &&
    apdu.method.classId === 15 &&
    apdu.method.methodId === 1 &&
    bytesEqual(apdu.method.instanceId, CURRENT_ASSOCIATION)
  );
}

function accessModeCode(mode: string): number {
  return mode === 'read' ? 1 : mode === 'write' ? 2 : mode === 'read-write' ? 3 : 0;
}

function objectKey(classId: number, ln: Uint8Array): string {
  return `${classId}/${toHex(ln)}`;
}

function describe(d: CosemAttributeDescriptor): string {
  return `${d.classId}/${formatLogicalName(d.instanceId)}/${d.attributeId}`;
}

function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
