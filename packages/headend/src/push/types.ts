import type { MeterCredentials, MeterRecord } from '../registry/types.js';

/**
 * What the push listener needs from the meter registry. `bySystemTitle` finds the sender of a
 * general-glo-ciphered push (the APDU carries the system title); `byEndpointHost` finds the
 * sender of a plain or glo- push (which carry none) by the source IP address. Without
 * `byEndpointHost` such pushes are rejected as `unknown-sender`.
 */
export interface PushRegistry {
  bySystemTitle(title: Uint8Array): MeterRecord | undefined;
  credentials(id: string): MeterCredentials;
  byEndpointHost?(host: string): MeterRecord | undefined;
}

/** Why a push was not turned into events; each reason has its own counter in {@link PushStats}. */
export const PUSH_REJECT_REASONS = [
  /** Wrapper header wrong (version, length field), or a TCP stream out of step / ended mid-frame. */
  'malformed-frame',
  /** A datagram or declared wrapper frame above the configured maximum. */
  'frame-too-large',
  /** The APDU, the ciphered envelope or the deciphered APDU does not decode. */
  'malformed-apdu',
  /** A well-formed APDU that is neither a DataNotification nor an EventNotificationRequest. */
  'not-a-notification',
  /** No meter in the registry has the system title (ciphered) or source address (plain, glo-). */
  'unknown-sender',
  /** The sender's record is decommissioned. */
  'meter-decommissioned',
  /** The meter's credentials hold no global encryption / authentication key or system title. */
  'missing-key',
  /** Security suite other than 0, compression, the broadcast or a dedicated key, general-ciphering. */
  'unsupported-security',
  /** A plain push, or a ciphered one without authentication, from a meter whose association requires security. */
  'unauthenticated',
  /** The GCM authentication tag does not verify (wrong key, altered bytes). */
  'authentication-failed',
  /** The invocation counter is not greater than the last one accepted from that meter. */
  'replay',
  /** The notification names another meter than the one that authenticated it. */
  'sender-mismatch',
  /** The bus refused the event (closed bus, invalid subject). */
  'publish-failed',
  /** An unexpected error while handling the push; the push is dropped, the listener goes on. */
  'internal-error',
] as const;

/** One of {@link PUSH_REJECT_REASONS}. */
export type PushRejectReason = (typeof PUSH_REJECT_REASONS)[number];

/** Where a push came from. */
export interface PushSender {
  readonly transport: 'udp' | 'tcp';
  /** Source IP address (IPv4-mapped IPv6 addresses are given in IPv4 form). */
  readonly address: string;
  readonly port: number;
}

/** What {@link PushListenerOptions.onReject} is told besides the reason. */
export interface PushRejectDetails {
  readonly sender: PushSender;
  /** What was wrong, in words; never contains key material. */
  readonly message: string;
  /** The registry's meter, when the sender was identified. */
  readonly meterId?: string;
  /** The system title the push carried, hex. */
  readonly systemTitle?: string;
}

/** Counters since the listener was created. received = accepted + Σ rejected + pushes in flight. */
export interface PushStats {
  /** Wrapper frames (TCP) and datagrams (UDP) received. */
  readonly received: number;
  /** Pushes verified, parsed and published on the bus. */
  readonly accepted: number;
  readonly rejected: Readonly<Record<PushRejectReason, number>>;
  /** TCP connections opened, and those the listener cut (garbage, oversized frame, idle). */
  readonly connections: { readonly opened: number; readonly cut: number };
}
