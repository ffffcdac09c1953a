import {
  type ApduTransport,
  DlmsClient,
  type DlmsClientOptions,
  HdlcTcpClient,
  hdlcAddress,
  InvocationCounter,
  WrapperTcpClient,
} from '@gridmeter/dlms';
import type { MeterCredentials, MeterProfile, MeterRecord } from '../registry/types.js';
import type { MeterSession, SessionOpener } from './types.js';

export interface DlmsSessionOpenerOptions {
  /** The head-end's system title (8 bytes), sent as calling-AP-title on ciphered associations. */
  readonly clientSystemTitle: Uint8Array;
  readonly connectTimeoutMs?: number;
  readonly responseTimeoutMs?: number;
  /** Local address to connect from (several head-end nodes on one machine). */
  readonly localAddress?: string;
  /** Where the client invocation counter per meter comes from (defaults to an in-memory store). */
  readonly invocationCounters?: InvocationCounterStore;
}

/**
 * The head-end's invocation counter for each meter's key: it must only grow, across sessions and
 * restarts, or the meter rejects the APDUs as replays. Persist `snapshot()` with the other
 * operational state; `restore()` after a restart (adding a safety margin).
 */
export class InvocationCounterStore {
  readonly #counters = new Map<string, InvocationCounter>();

  counter(meterId: string): InvocationCounter {
    let c = this.#counters.get(meterId);
    if (!c) {
      c = new InvocationCounter(1);
      this.#counters.set(meterId, c);
    }
    return c;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counters].map(([id, c]) => [id, c.value]));
  }

  /** Restores counters, skipping `margin` values in case some were used after the snapshot. */
  restore(values: Readonly<Record<string, number>>, margin = 1000): void {
    for (const [id, v] of Object.entries(values)) this.#counters.set(id, new InvocationCounter(v + margin));
  }
}

/** Opens DLMS sessions on a meter's endpoint (wrapper or HDLC over TCP) as its record says. */
export class DlmsSessionOpener implements SessionOpener {
  readonly #o: DlmsSessionOpenerOptions;
  readonly #counters: InvocationCounterStore;

  constructor(options: DlmsSessionOpenerOptions) {
    if (options.clientSystemTitle.length !== 8) throw new RangeError('The client system title is 8 bytes');
    this.#o = options;
    this.#counters = options.invocationCounters ?? new InvocationCounterStore();
  }

  async open(
    record: MeterRecord,
    credentials: MeterCredentials,
    profile: MeterProfile,
  ): Promise<MeterSession> {
    const { endpoint, association } = record;
    const transport: ApduTransport =
      endpoint.framing === 'hdlc'
        ? await HdlcTcpClient.connect({
            host: endpoint.host,
            port: endpoint.port,
            clientAddress: hdlcAddress(association.clientSap),
            serverAddress:
              endpoint.hdlcServerAddress?.lower === undefined
                ? hdlcAddress(endpoint.hdlcServerAddress?.upper ?? association.serverSap)
                : hdlcAddress(endpoint.hdlcServerAddress.upper, endpoint.hdlcServerAddress.lower),
            connectTimeoutMs: this.#o.connectTimeoutMs ?? 5_000,
          })
        : await WrapperTcpClient.connect({
            host: endpoint.host,
            port: endpoint.port,
            clientSap: association.clientSap,
            serverSap: association.serverSap,
            connectTimeoutMs: this.#o.connectTimeoutMs ?? 5_000,
            responseTimeoutMs: this.#o.responseTimeoutMs ?? 10_000,
            ...(this.#o.localAddress ? { localAddress: this.#o.localAddress } : {}),
          });
    const options: DlmsClientOptions = {
      ...(profile.quirks?.maxReceivePduSize ? { maxReceivePduSize: profile.quirks.maxReceivePduSize } : {}),
      ...(profile.quirks?.fixedInvokeId !== undefined
        ? { initialInvokeId: profile.quirks.fixedInvokeId, incrementInvokeId: false }
        : {}),
      authentication:
        association.authentication === 'none'
          ? { mechanism: 'none' }
          : association.authentication === 'lls'
            ? { mechanism: 'lls', password: required(credentials.llsPassword, 'LLS password', record.id) }
            : { mechanism: 'hls-gmac' },
      ...(association.security !== 'none' || association.authentication === 'hls-gmac'
        ? {
            security: {
              policy: association.security,
              systemTitle: this.#o.clientSystemTitle,
              encryptionKey: required(credentials.encryptionKey, 'encryption key', record.id),
              authenticationKey: required(credentials.authenticationKey, 'authentication key', record.id),
              invocationCounter: this.#counters.counter(record.id),
            },
          }
        : {}),
    };
    const client = new DlmsClient(transport, options);
    try {
      await client.associate();
    } catch (e) {
      await transport.close().catch(() => undefined);
      throw e;
    }
    return {
      record,
      profile,
      client,
      async close() {
        await client.release().catch(() => undefined);
        await transport.close().catch(() => undefined);
      },
    };
  }
}

function required<T>(value: T | undefined, what: string, meterId: string): T {
  if (value === undefined) throw new RangeError(`Meter ${meterId} has no ${what} in the registry`);
  return value;
}
