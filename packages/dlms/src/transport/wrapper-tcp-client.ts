import { createConnection, type Socket } from 'node:net';
import { encodeWrapperFrame, type WrapperFrame, WrapperSplitter } from '../framing/wrapper.js';
import type { ApduTransport } from '../session/transport.js';

export interface WrapperTcpClientOptions {
  readonly host: string;
  readonly port: number;
  /** The client SAP, sent as source wPort (16 public client, 1 management …). */
  readonly clientSap: number;
  /** The server SAP / logical device, sent as destination wPort (1 management logical device). */
  readonly serverSap?: number;
  /** Local address to connect from (one loopback address per simulated head-end node, say). */
  readonly localAddress?: string;
  readonly connectTimeoutMs?: number;
  /** How long to wait for each response. */
  readonly responseTimeoutMs?: number;
  /** Unsolicited APDUs (DataNotification, EventNotification) arriving between requests. */
  readonly onUnsolicited?: (apdu: Uint8Array) => void;
}

/** The connection or a response timed out. */
export class DlmsTimeoutError extends Error {
  override readonly name = 'DlmsTimeoutError';
}

/** The connection closed or failed while a request was outstanding. */
export class DlmsConnectionError extends Error {
  override readonly name = 'DlmsConnectionError';
}

/**
 * An {@link ApduTransport} over TCP with the IEC 62056-47 wrapper: the head-end's link to a
 * meter at `host:port` (4059 is the registered DLMS/COSEM port).
 *
 * @example
 * const transport = await WrapperTcpClient.connect({ host: '127.0.0.2', port: 4059, clientSap: 16 });
 * const client = new DlmsClient(transport);
 */
export class WrapperTcpClient implements ApduTransport {
  readonly #socket: Socket;
  readonly #options: WrapperTcpClientOptions;
  readonly #splitter = new WrapperSplitter();
  #waiting:
    | { resolve: (apdu: Uint8Array) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
    | undefined;
  #closed: Error | undefined;

  private constructor(socket: Socket, options: WrapperTcpClientOptions) {
    this.#socket = socket;
    this.#options = options;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Uint8Array) => {
      try {
        this.#splitter.push(chunk, (frame) => this.#onFrame(frame));
      } catch (e) {
        this.#fail(new DlmsConnectionError(`Bad wrapper stream from ${this.#peer()}`, { cause: e }));
        socket.destroy();
      }
    });
    socket.on('error', (e) =>
      this.#fail(new DlmsConnectionError(`Connection to ${this.#peer()} failed`, { cause: e })),
    );
    socket.on('close', () => this.#fail(new DlmsConnectionError(`Connection to ${this.#peer()} closed`)));
  }

  /** Opens the TCP connection. */
  static connect(options: WrapperTcpClientOptions): Promise<WrapperTcpClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({
        host: options.host,
        port: options.port,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new DlmsTimeoutError(`Connect to ${options.host}:${options.port} timed out`));
      }, options.connectTimeoutMs ?? 5_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new WrapperTcpClient(socket, options));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new DlmsConnectionError(`Cannot connect to ${options.host}:${options.port}`, { cause: e }));
      });
    });
  }

  request(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (this.#waiting)
      return Promise.reject(new Error('A request is already outstanding on this connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new DlmsTimeoutError(`No response from ${this.#peer()} within ${this.#timeout()} ms`));
      }, this.#timeout());
      this.#waiting = { resolve, reject, timer };
      this.#socket.write(
        encodeWrapperFrame({
          source: this.#options.clientSap,
          destination: this.#options.serverSap ?? 1,
          apdu,
        }),
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.end(() => resolve());
      this.#socket.destroySoon();
    });
  }

  #onFrame(frame: WrapperFrame): void {
    const w = this.#waiting;
    // DataNotification (0x0F), EventNotificationRequest (0xC2) and their ciphered forms are
    // unsolicited; everything else answers the outstanding request.
    const tag = frame.apdu[0];
    const unsolicited = tag === 0x0f || tag === 0xc2 || tag === 0xca || (!w && tag === 0xdb);
    if (unsolicited || !w) {
      this.#options.onUnsolicited?.(frame.apdu);
      return;
    }
    clearTimeout(w.timer);
    this.#waiting = undefined;
    w.resolve(frame.apdu);
  }

  #fail(e: Error): void {
    this.#closed ??= e;
    const w = this.#waiting;
    if (w) {
      clearTimeout(w.timer);
      this.#waiting = undefined;
      w.reject(e);
    }
  }

  #timeout(): number {
    return this.#options.responseTimeoutMs ?? 10_000;
  }

  #peer(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }
}
