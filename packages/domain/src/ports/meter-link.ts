/** How to reach a meter on the network. */
export interface MeterAddress {
  readonly transport: 'tcp' | 'udp';
  readonly host: string;
  readonly port: number;
  /** Path through a data concentrator or gateway, outermost first (e.g. a DL/T 645 address). */
  readonly via?: readonly string[];
}

/** Formats an address for logs: `tcp://127.0.0.2:4059`. */
export function formatMeterAddress(a: MeterAddress): string {
  const via = a.via && a.via.length > 0 ? ` via ${a.via.join(' > ')}` : '';
  return `${a.transport}://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}${via}`;
}

/** An open byte channel to one meter. Protocol sessions (DLMS, DL/T 645) run on top of it. */
export interface LinkConnection {
  readonly address: MeterAddress;
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Resolves with the next bytes received (any chunking), or rejects with
   * {@link LinkTimeoutError} after `timeoutMs`, or {@link LinkClosedError} when the peer closed.
   */
  read(timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * The head-end's port to the network. Adapters: TCP/UDP sockets, or a channel model that adds
 * PLC/RF/cellular latency and loss in simulations.
 */
export interface MeterLink {
  open(
    address: MeterAddress,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<LinkConnection>;
}

/** No answer within the allowed time. */
export class LinkTimeoutError extends Error {
  override readonly name = 'LinkTimeoutError';
}

/** The connection is gone (peer closed, reset, or closed locally). */
export class LinkClosedError extends Error {
  override readonly name = 'LinkClosedError';
}
