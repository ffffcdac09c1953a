import type { SelectiveAccess } from '../apdu/common.js';
import type { DlmsData } from '../axdr/types.js';
import type { InvocationCounter } from '../security/invocation-counter.js';
import type { SecurityPolicy } from '../security/security-control.js';

/** What an object implementation learns about the request it serves. */
export interface RequestContext {
  /** The client SAP of the association (e.g. 16 public client, 1 management). */
  readonly clientSap: number;
  readonly association: AssociationPolicy;
}

/**
 * One COSEM object served by a {@link DlmsServer}. Attribute 1 (logical_name) is answered by the
 * framework; everything else is the object's. Throw {@link DataAccessError} to answer a specific
 * Data-Access-Result / Action-Result; any other error answers `other-reason` and is reported.
 */
export interface CosemServerObject {
  readonly classId: number;
  readonly version: number;
  /** 6-byte logical name. */
  readonly logicalName: Uint8Array;
  /** Attribute indices the object has; defaults to the interface class catalogue's. */
  readonly attributeIds?: readonly number[];
  /** Method indices the object has; defaults to the catalogue's. */
  readonly methodIds?: readonly number[];
  get(attributeId: number, ctx: RequestContext, access?: SelectiveAccess): DlmsData | Promise<DlmsData>;
  set?(
    attributeId: number,
    value: DlmsData,
    ctx: RequestContext,
    access?: SelectiveAccess,
  ): void | Promise<void>;
  action?(
    methodId: number,
    parameters: DlmsData | undefined,
    ctx: RequestContext,
  ): DlmsData | undefined | Promise<DlmsData | undefined>;
}

/** Thrown by object implementations to answer with a specific result code. */
export class DataAccessError extends Error {
  override readonly name = 'DataAccessError';
  constructor(
    readonly code: number,
    message = `data-access-result ${code}`,
  ) {
    super(message);
  }
}

/** What one association (one client SAP) may do with an object's attribute. */
export type AttributeAccess = 'none' | 'read' | 'write' | 'read-write';

/**
 * One association a server offers, keyed by client SAP, as real meters configure them: a public
 * client with no authentication and read-only access, a reader with LLS, a management client with
 * HLS-GMAC and ciphering.
 */
export interface AssociationPolicy {
  readonly clientSap: number;
  readonly name?: string;
  readonly authentication: 'none' | 'lls' | 'hls-gmac';
  /** The LLS secret. */
  readonly password?: Uint8Array;
  /**
   * Suite 0 keys of this association (needed for HLS-GMAC) and the protection every xDLMS APDU
   * must have after association (`none` to accept plain APDUs).
   */
  readonly security?: {
    readonly policy: SecurityPolicy;
    readonly encryptionKey: Uint8Array;
    readonly authenticationKey: Uint8Array;
  };
  /** Conformance the server offers on this association (intersected with the client's proposal). */
  readonly conformance: number;
  /** Access to an attribute (the object_list access rights follow it). Default: read-only. */
  readonly attributeAccess?: (object: CosemServerObject, attributeId: number) => AttributeAccess;
  /** Whether a method may be invoked. Default: no. */
  readonly methodAccess?: (object: CosemServerObject, methodId: number) => boolean;
}

export interface DlmsServerOptions {
  /** The server's system title (8 bytes), sent as responding-AP-title. */
  readonly systemTitle: Uint8Array;
  readonly objects: readonly CosemServerObject[];
  readonly associations: readonly AssociationPolicy[];
  /** server-max-receive-pdu-size (default 1024). Responses also respect the client's size. */
  readonly maxReceivePduSize?: number;
  /** The server's invocation counter for its ciphered APDUs (persist `value`). */
  readonly invocationCounter?: InvocationCounter;
  /** Source of HLS challenges StoC (default: crypto-random, 16 bytes); for replaying captures. */
  readonly challengeGenerator?: (length: number) => Uint8Array;
  /** Told about object implementation failures answered with `other-reason`. */
  readonly onError?: (error: unknown, where: string) => void;
}
