/**
 * The one thing a DLMS session needs from below: send an APDU, get the next one back. Adapters
 * put it on the IEC 62056-47 wrapper over TCP or UDP, or on an HDLC link; tests connect a client
 * straight to a server session. Framing, segmentation and sockets stay out of the session.
 */
export interface ApduTransport {
  /** Sends one APDU and resolves with the APDU that answers it. */
  request(apdu: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}
