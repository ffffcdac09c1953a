/**
 * What the head-end knows about each meter. Secrets (keys, passwords) are held encrypted at rest
 * under the head-end's master key and never logged; `MeterCredentials` is the decrypted form,
 * handed only to the session that needs it.
 */

/** How to reach a meter. Concentrator paths come later. */
export interface MeterEndpoint {
  readonly transport: 'tcp';
  readonly host: string;
  readonly port: number;
  /** DLMS framing on the link. */
  readonly framing: 'wrapper' | 'hdlc';
  /** HDLC server address (upper, optional lower) when framing is hdlc. */
  readonly hdlcServerAddress?: { readonly upper: number; readonly lower?: number };
}

/** Which association the head-end uses with a meter. */
export interface MeterAssociation {
  readonly clientSap: number;
  readonly serverSap: number;
  readonly authentication: 'none' | 'lls' | 'hls-gmac';
  /** Suite 0 protection of the APDUs after association. */
  readonly security: 'none' | 'authenticated' | 'encrypted' | 'authenticated-encrypted';
}

/** Decrypted secrets of one meter. */
export interface MeterCredentials {
  readonly llsPassword?: Uint8Array;
  readonly encryptionKey?: Uint8Array;
  readonly authenticationKey?: Uint8Array;
  /** The meter's system title, when known in advance (push deciphering before any association). */
  readonly serverSystemTitle?: Uint8Array;
}

/** Where the meter sits in the grid. */
export interface MeterTopology {
  readonly servicePointId?: string;
  readonly transformerId?: string;
  readonly feederId?: string;
}

export type MeterState = 'active' | 'inactive' | 'decommissioned';

/** One meter in the registry (secrets excluded). */
export interface MeterRecord {
  readonly id: string;
  readonly medium: 'electricity' | 'water' | 'gas';
  readonly endpoint: MeterEndpoint;
  readonly protocol: 'dlms';
  readonly association: MeterAssociation;
  /** Id of the {@link MeterProfile} that says what to read. */
  readonly profileId: string;
  /** Collection group (schedules are per group). */
  readonly group: string;
  readonly topology: MeterTopology;
  readonly state: MeterState;
}

/** A COSEM attribute the head-end reads, as data. */
export interface ObjectRef {
  readonly classId: number;
  /** OBIS code, dotted form "1.0.1.8.0.255". */
  readonly obis: string;
  readonly attributeId: number;
}

/** A register to read: where, and what channel it feeds. */
export interface RegisterSpec extends ObjectRef {
  /** Channel code in the domain vocabulary (OBIS display form, e.g. "1-0:1.8.0*255"). */
  readonly channel: string;
  /** Scaler and unit when the meter's scaler_unit is not read (else read attribute 3). */
  readonly scaler?: number;
  readonly unit?: number;
}

/** How a profile's columns map to channels (column index in capture_objects order). */
export interface ProfileSpec {
  readonly obis: string;
  /** Seconds per interval (capture_period). */
  readonly intervalSeconds: number;
  readonly clockColumn: number;
  readonly statusColumn?: number;
  /** Cumulative register columns → channels; interval energy is the difference of consecutive rows. */
  readonly channels: readonly {
    readonly column: number;
    readonly channel: string;
    readonly unit: number;
    readonly scaler: number;
  }[];
}

/** An event log to read: which profile, and which log name it is. */
export interface EventLogSpec {
  readonly obis: string;
  readonly log: 'standard' | 'fraud' | 'disconnect' | 'power-quality' | 'firmware' | 'power-failure';
  readonly clockColumn: number;
  readonly codeColumn: number;
}

/**
 * What to read from a kind of meter: manufacturer quirks live here as data, never in code.
 */
export interface MeterProfile {
  readonly id: string;
  readonly description?: string;
  readonly clock: ObjectRef;
  readonly loadProfile?: ProfileSpec;
  readonly registers: readonly RegisterSpec[];
  readonly dailyBilling?: { readonly obis: string };
  readonly eventLogs: readonly EventLogSpec[];
  readonly instantaneous: readonly RegisterSpec[];
  readonly quirks?: {
    /** Reuse one invoke-id for every request (some meters answer only to their last id). */
    readonly fixedInvokeId?: number;
    /** client-max-receive-pdu-size to propose. */
    readonly maxReceivePduSize?: number;
    /** Sign convention of the date-time deviation the meter sends. */
    readonly deviationConvention?: 'utc-minus-local' | 'local-minus-utc';
    /**
     * Most attributes the meter takes in one GET-Request-With-List (default 32); 1 reads each
     * object with its own GET even when the association allows lists.
     */
    readonly maxListReferences?: number;
  };
}
