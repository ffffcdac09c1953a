import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTcpServer, isIPv6, type Server, type Socket } from 'node:net';
import { decodeWrapperDatagram, WRAPPER_HEADER_BYTES, WrapperSplitter } from '@gridmeter/dlms';
import { type Bus, type Clock, type MeterEvent, Subjects } from '@gridmeter/domain';
import { PushProcessor } from './push-processor.js';
import {
  PUSH_REJECT_REASONS,
  type PushRegistry,
  type PushRejectDetails,
  type PushRejectReason,
  type PushSender,
  type PushStats,
} from './types.js';

/** Default largest APDU accepted in one push; a wrapper frame adds its 8-byte header. */
export const DEFAULT_MAX_PUSH_APDU_BYTES = 4_096;
/** Default time a TCP push connection may stay silent before it is cut. */
export const DEFAULT_PUSH_IDLE_TIMEOUT_MS = 10_000;
/**
 * Default UDP receive buffer asked of the kernel (SO_RCVBUF; Linux caps it at net.core.rmem_max).
 * A last-gasp storm arrives in one burst; datagrams beyond the buffer are dropped by the kernel.
 */
export const DEFAULT_UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Default number of TCP push connections open at once. */
export const DEFAULT_MAX_PUSH_CONNECTIONS = 256;

/** Options of {@link PushListener}. */
export interface PushListenerOptions {
  readonly registry: PushRegistry;
  /** Accepted events go out as `meter-event` messages on `Subjects.meterEvent(meterId)`. */
  readonly bus: Bus;
  /** Receipt time of pushes that carry none. */
  readonly clock?: Clock;
  /** Called for every accepted event (the demo's live view); its errors are ignored. */
  readonly onEvent?: (event: MeterEvent) => void;
  /** Called for every rejected push or frame; its errors are ignored. */
  readonly onReject?: (reason: PushRejectReason, details: PushRejectDetails) => void;
  readonly maxApduBytes?: number;
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly udpReceiveBufferBytes?: number;
}

/** An address to listen on; `host` defaults to 127.0.0.1 (never all interfaces unless asked). */
export interface PushEndpoint {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** What {@link PushListener.start} bound. */
export interface PushBound {
  readonly udp?: { readonly host: string; readonly port: number };
  readonly tcp?: { readonly host: string; readonly port: number };
}

const DEFAULT_HOST = '127.0.0.1';

/**
 * The head-end's push listener (IEC 62056-47 wrapper over UDP and TCP): each UDP datagram is one
 * wrapper frame; a TCP connection carries a stream of frames, split per connection, and is cut on
 * garbage, on a frame above the maximum size and when idle. Each push goes through a
 * {@link PushProcessor}; accepted events are published on the bus, everything else is counted by
 * reason in {@link stats} and told to `onReject`. Nothing a sender does throws out of a socket
 * handler.
 *
 * @example
 * const listener = new PushListener({ registry, bus, onEvent: (e) => console.log(e) });
 * const { udp } = await listener.start({ udp: { port: 4060 }, tcp: { port: 4060 } });
 * // … later
 * await listener.close();
 */
export class PushListener {
  readonly #processor: PushProcessor;
  readonly #bus: Bus;
  readonly #onEvent: PushListenerOptions['onEvent'];
  readonly #onReject: PushListenerOptions['onReject'];
  readonly #maxFrameBytes: number;
  readonly #idleTimeoutMs: number;
  readonly #maxConnections: number;
  readonly #udpReceiveBufferBytes: number;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #sockets = new Set<Socket>();
  readonly #rejected = Object.fromEntries(PUSH_REJECT_REASONS.map((r) => [r, 0])) as Record<
    PushRejectReason,
    number
  >;
  #received = 0;
  #accepted = 0;
  #opened = 0;
  #cut = 0;
  #udp: UdpSocket | undefined;
  #tcp: Server | undefined;

  constructor(options: PushListenerOptions) {
    this.#processor = new PushProcessor({
      registry: options.registry,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.#bus = options.bus;
    this.#onEvent = options.onEvent;
    this.#onReject = options.onReject;
    const maxApdu = options.maxApduBytes ?? DEFAULT_MAX_PUSH_APDU_BYTES;
    if (!Number.isInteger(maxApdu) || maxApdu < 1 || maxApdu > 0xffff) {
      throw new RangeError(`maxApduBytes must be an integer in [1, 65535]: ${maxApdu}`);
    }
    this.#maxFrameBytes = WRAPPER_HEADER_BYTES + maxApdu;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_PUSH_IDLE_TIMEOUT_MS;
    this.#maxConnections = options.maxConnections ?? DEFAULT_MAX_PUSH_CONNECTIONS;
    this.#udpReceiveBufferBytes = options.udpReceiveBufferBytes ?? DEFAULT_UDP_RECEIVE_BUFFER_BYTES;
  }

  /** Binds the UDP socket and / or the TCP server; resolves with the bound addresses. */
  async start(config: { readonly udp?: PushEndpoint; readonly tcp?: PushEndpoint }): Promise<PushBound> {
    if (this.#udp || this.#tcp) throw new Error('PushListener already started');
    let udp: PushBound['udp'];
    let tcp: PushBound['tcp'];
    try {
      if (config.udp) udp = await this.#startUdp(config.udp.host ?? DEFAULT_HOST, config.udp.port);
      if (config.tcp) tcp = await this.#startTcp(config.tcp.host ?? DEFAULT_HOST, config.tcp.port);
    } catch (e) {
      await this.close();
      throw e;
    }
    return { ...(udp ? { udp } : {}), ...(tcp ? { tcp } : {}) };
  }

  /** Counters since creation. */
  stats(): PushStats {
    return {
      received: this.#received,
      accepted: this.#accepted,
      rejected: { ...this.#rejected },
      connections: { opened: this.#opened, cut: this.#cut },
    };
  }

  /** Resolves once every push received so far has been published or rejected. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops listening, cuts open connections and waits for pending publishes. */
  async close(): Promise<void> {
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = undefined;
    this.#tcp = undefined;
    for (const s of this.#sockets) s.destroy();
    await Promise.all([
      udp ? new Promise<void>((r) => udp.close(() => r())) : undefined,
      tcp ? new Promise<void>((r) => tcp.close(() => r())) : undefined,
    ]);
    await this.settled();
  }

  #startUdp(host: string, port: number): Promise<{ host: string; port: number }> {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    socket.on('message', (msg, rinfo) => {
      const sender: PushSender = { transport: 'udp', address: ipv4Form(rinfo.address), port: rinfo.port };
      this.#received++;
      if (msg.length > this.#maxFrameBytes) {
        this.#reject(
          'frame-too-large',
          sender,
          `Datagram of ${msg.length} bytes exceeds ${this.#maxFrameBytes}`,
        );
        return;
      }
      let apdu: Uint8Array;
      try {
        apdu = decodeWrapperDatagram(new Uint8Array(msg.buffer, msg.byteOffset, msg.length)).apdu;
      } catch (e) {
        this.#reject('malformed-frame', sender, e instanceof Error ? e.message : String(e));
        return;
      }
      this.#handle(apdu, sender);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port, exclusive: true }, () => {
        socket.off('error', reject);
        try {
          socket.setRecvBufferSize(this.#udpReceiveBufferBytes);
        } catch {
          // The kernel's default buffer stays; pushes beyond it are dropped by the kernel.
        }
        // A UDP socket reports ICMP errors and the like here; none concerns a push already handled.
        socket.on('error', () => undefined);
        this.#udp = socket;
        resolve({ host, port: socket.address().port });
      });
    });
  }

  #startTcp(host: string, port: number): Promise<{ host: string; port: number }> {
    const server = createTcpServer((socket) => this.#connection(socket));
    server.maxConnections = this.#maxConnections;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        this.#tcp = server;
        const address = server.address();
        resolve({ host, port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }

  #connection(socket: Socket): void {
    this.#opened++;
    this.#sockets.add(socket);
    const sender: PushSender = {
      transport: 'tcp',
      address: ipv4Form(socket.remoteAddress ?? ''),
      port: socket.remotePort ?? 0,
    };
    const splitter = new WrapperSplitter({ maxFrameBytes: this.#maxFrameBytes });
    const cut = (reason: PushRejectReason | undefined, message: string) => {
      if (socket.destroyed) return;
      this.#cut++;
      if (reason) this.#reject(reason, sender, message);
      socket.destroy();
    };
    socket.setTimeout(this.#idleTimeoutMs, () => cut(undefined, 'idle'));
    socket.on('data', (chunk: Buffer) => {
      try {
        splitter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), (frame) => {
          this.#received++;
          this.#handle(frame.apdu, sender);
        });
      } catch (e) {
        this.#received++;
        const message = e instanceof Error ? e.message : String(e);
        cut(splitter.failure ? 'malformed-frame' : 'frame-too-large', message);
      }
    });
    socket.on('end', () => {
      if (splitter.bufferedBytes > 0) {
        this.#received++;
        this.#reject(
          'malformed-frame',
          sender,
          `Connection ended inside a frame (${splitter.bufferedBytes} bytes)`,
        );
      }
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  #handle(apdu: Uint8Array, sender: PushSender): void {
    const result = this.#processor.process(apdu, sender);
    if (!result.ok) {
      const { reason, message, meterId, systemTitle } = result;
      this.#reject(reason, sender, message, {
        ...(meterId === undefined ? {} : { meterId }),
        ...(systemTitle === undefined ? {} : { systemTitle }),
      });
      return;
    }
    const publishing = this.#publish(result.events, sender);
    this.#inFlight.add(publishing);
    void publishing.finally(() => this.#inFlight.delete(publishing));
  }

  async #publish(events: readonly MeterEvent[], sender: PushSender): Promise<void> {
    try {
      for (const event of events) {
        await this.#bus.publish(Subjects.meterEvent(event.meterId), { type: 'meter-event', event });
        try {
          this.#onEvent?.(event);
        } catch {
          // The live view's failure does not concern the push.
        }
      }
      this.#accepted++;
    } catch (e) {
      this.#reject('publish-failed', sender, e instanceof Error ? e.message : String(e), {
        ...(events[0] ? { meterId: events[0].meterId } : {}),
      });
    }
  }

  #reject(
    reason: PushRejectReason,
    sender: PushSender,
    message: string,
    extra: { meterId?: string; systemTitle?: string } = {},
  ): void {
    this.#rejected[reason]++;
    try {
      this.#onReject?.(reason, { sender, message, ...extra });
    } catch {
      // A failing hook must not take the socket handler down.
    }
  }
}

/** 127.1.0.5 for "::ffff:127.1.0.5" (an IPv4 peer on a dual-stack socket); other addresses unchanged. */
function ipv4Form(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
