import { createConnection, type Socket } from 'node:net';
import type { HdlcAddress } from '../framing/hdlc-address.js';
import { HdlcClientLink } from '../framing/hdlc-client-link.js';
import type { HdlcEvent } from '../framing/hdlc-link.js';
import type { HdlcParameters } from '../framing/hdlc-parameters.js';
import type { ApduTransport } from '../session/transport.js';
import { DlmsConnectionError, DlmsTimeoutError } from './wrapper-tcp-client.js';

export interface HdlcTcpClientOptions {
  readonly host: string;
  readonly port: number;
  /** Client address (the client SAP as a 1-byte HDLC address, e.g. `hdlcAddress(0x10)`). */
  readonly clientAddress: HdlcAddress;
  /** Server address (e.g. `hdlcAddress(1)` or `hdlcAddress(1, 17)` with a physical address). */
  readonly serverAddress: HdlcAddress;
  readonly parameters?: Partial<HdlcParameters>;
  readonly connectTimeoutMs?: number;
  /** Inter-frame response time-out before a frame is resent (IEC 62056-46 default 3 s on serial lines). */
  readonly frameTimeoutMs?: number;
  /** Resends before the link is given up. */
  readonly maxRetries?: number;
  readonly onUnsolicited?: (apdu: Uint8Array) => void;
}

/**
 * An {@link ApduTransport} over an HDLC link (IEC 62056-46) carried on TCP, as meters behind a
 * serial-to-IP converter or a gateway speak it: SNRM/UA on connect, segmented I frames with RR
 * polling, resends on time-out, DISC on close. The HDLC state machine itself is sans-io
 * ({@link HdlcClientLink}); this adapter moves its bytes and runs its timer.
 */
export class HdlcTcpClient implements ApduTransport {
  readonly #socket: Socket;
  readonly #link: HdlcClientLink;
  readonly #options: HdlcTcpClientOptions;
  #timer: NodeJS.Timeout | undefined;
  #retries = 0;
  #waiter: { resolve: (v: Uint8Array | undefined) => void; reject: (e: Error) => void } | undefined;
  #failure: Error | undefined;

  private constructor(socket: Socket, options: HdlcTcpClientOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#link = new HdlcClientLink({
      clientAddress: options.clientAddress,
      serverAddress: options.serverAddress,
      ...(options.parameters ? { parameters: options.parameters } : {}),
    });
    socket.on('data', (chunk: Uint8Array) => this.#onEvents(this.#link.receive(chunk)));
    socket.on('error', (e) =>
      this.#fail(new DlmsConnectionError(`HDLC link to ${this.#peer()} failed`, { cause: e })),
    );
    socket.on('close', () => this.#fail(new DlmsConnectionError(`HDLC link to ${this.#peer()} closed`)));
  }

  /** Opens TCP, then the HDLC link (SNRM → UA with negotiated parameters). */
  static async connect(options: HdlcTcpClientOptions): Promise<HdlcTcpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host: options.host, port: options.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new DlmsTimeoutError(`Connect to ${options.host}:${options.port} timed out`));
      }, options.connectTimeoutMs ?? 5_000);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(new DlmsConnectionError(`Cannot connect to ${options.host}:${options.port}`, { cause: e }));
      });
    });
    socket.setNoDelay(true);
    const client = new HdlcTcpClient(socket, options);
    await client.#exchange(client.#link.connect());
    return client;
  }

  async request(apdu: Uint8Array): Promise<Uint8Array> {
    const response = await this.#exchange(this.#link.sendApdu(apdu));
    if (!response) throw new DlmsConnectionError(`HDLC link to ${this.#peer()} ended without a response`);
    return response;
  }

  async close(): Promise<void> {
    if (!this.#failure && this.#link.state === 'connected') {
      await this.#exchange(this.#link.disconnect()).catch(() => undefined);
    }
    this.#clearTimer();
    this.#socket.destroy();
  }

  /** Writes frames and waits for the event that completes the exchange (APDU, connected, disconnected). */
  #exchange(frames: Uint8Array[]): Promise<Uint8Array | undefined> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
      this.#retries = 0;
      this.#write(frames);
    });
  }

  #write(frames: Uint8Array[]): void {
    for (const f of frames) this.#socket.write(f);
    this.#arm();
  }

  #arm(): void {
    this.#clearTimer();
    if (!this.#link.awaitingResponse) return;
    this.#timer = setTimeout(() => {
      if (++this.#retries > (this.#options.maxRetries ?? 3)) {
        this.#fail(
          new DlmsTimeoutError(`No HDLC response from ${this.#peer()} after ${this.#retries - 1} resends`),
        );
        this.#socket.destroy();
        return;
      }
      this.#write(this.#link.resend());
    }, this.#options.frameTimeoutMs ?? 3_000);
  }

  #onEvents(events: HdlcEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'send':
          this.#socket.write(e.bytes);
          break;
        case 'connected':
          this.#settle(undefined);
          break;
        case 'apdu':
          if (this.#waiter) this.#settle(e.apdu);
          else this.#options.onUnsolicited?.(e.apdu);
          break;
        case 'ui':
          this.#options.onUnsolicited?.(e.apdu);
          break;
        case 'disconnected':
          if (this.#link.state === 'disconnected' && this.#waiter && e.reason === 'disconnect')
            this.#settle(undefined);
          else this.#fail(new DlmsConnectionError(`HDLC link to ${this.#peer()} ended: ${e.reason}`));
          break;
        case 'error':
          this.#fail(
            new DlmsConnectionError(`HDLC link error with ${this.#peer()}: ${e.error.message}`, {
              cause: e.error,
            }),
          );
          break;
        case 'discarded':
          break; // a corrupted frame: the time-out and resend recover
      }
    }
    this.#retries = 0;
    this.#arm();
  }

  #settle(value: Uint8Array | undefined): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    this.#clearTimer();
    w?.resolve(value);
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    this.#clearTimer();
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.reject(e);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #peer(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }
}
