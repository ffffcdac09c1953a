import type { DlmsClient } from '@gridmeter/dlms';
import type { MeterCredentials, MeterProfile, MeterRecord } from '../registry/types.js';

/** An associated DLMS session with one meter. Close it (releasing the association) when done. */
export interface MeterSession {
  readonly record: MeterRecord;
  readonly profile: MeterProfile;
  readonly client: DlmsClient;
  /** Releases the association (best effort) and closes the connection. */
  close(): Promise<void>;
}

/** Opens sessions: connects on the meter's endpoint and associates as its record says. */
export interface SessionOpener {
  open(record: MeterRecord, credentials: MeterCredentials, profile: MeterProfile): Promise<MeterSession>;
}
