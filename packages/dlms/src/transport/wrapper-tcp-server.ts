import { createServer, type Server, type Socket } from 'node:net';
import { encodeWrapperFrame, WrapperSplitter } from '../framing/wrapper.js';
import type { DlmsServer, ServerSession } from '../session/server.js';

export interface WrapperTcpServerOptions {
  readonly host?: string;
  readonly port: number;
  /**
   * The logical device answering on the address the client dialled: `localAddress` tells meters
   * apart when one socket serves many loopback addresses, `serverSap` is the destination wPort.
   * Return `undefined` to refuse (the connection is closed).
   */
  readonly serverFor: (localAddress: string, serverSap: number) => DlmsServer | undefined;
  /** Called with each accepted connection's sessions, e.g. to send pushes on it. */
  readonly onSession?: (session: ServerSession, socket: Socket) => void;
  readonly maxConnections?: number;
  /** Refuse (close at once) connections to some addresses, e.g. a meter that is unreachable now. */
  readonly accept?: (localAddress: string) => boolean;
  /**
   * Largest wrapper frame accepted (default 8 + 65535). Set it to 8 + the server's
   * max-receive-pdu-size so a hostile client cannot make the server buffer more than that.
   */
  readonly maxFrameBytes?: number;
  /** Pending connections the kernel queues (listen backlog; default Node's 511). */
  readonly backlog?: number;
  /** Idle connections are closed after this long (default 120 s, as meters do). */
  readonly idleTimeoutMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** A running wrapper/TCP listener. */
export interface WrapperTcpListener {
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves DLMS/COSEM over TCP with the IEC 62056-47 wrapper: one session per (connection, client
 * wPort), requests handled in order, responses sent with the wPorts swapped. A stream that breaks
 * the wrapper format closes the connection.
 */
export function listenWrapperTcp(options: WrapperTcpServerOptions): Promise<WrapperTcpListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    if (options.accept && !options.accept((socket.localAddress ?? '').replace(/^::ffff:/, ''))) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs ?? 120_000, () => socket.destroy());
    socket.on('error', (e) => options.onError?.(e));
    serveConnection(socket, options);
  });
  if (options.maxConnections) server.maxConnections = options.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(
      { host: options.host ?? '127.0.0.1', port: options.port, backlog: options.backlog ?? 511 },
      () => {
        server.off('error', reject);
        const address = server.address();
        resolve({
          port: typeof address === 'object' && address ? address.port : options.port,
          server,
          close: () =>
            new Promise<void>((done) => {
              for (const s of sockets) s.destroy();
              server.close(() => done());
            }),
        });
      },
    );
  });
}

function serveConnection(socket: Socket, options: WrapperTcpServerOptions): void {
  const splitter = new WrapperSplitter(options.maxFrameBytes ? { maxFrameBytes: options.maxFrameBytes } : {});
  const sessions = new Map<string, ServerSession>();
  let queue = Promise.resolve();
  // A DLMS client waits for each response; a peer that piles up requests is not one.
  let pending = 0;
  const MAX_PENDING = 16;
  const localAddress = (socket.localAddress ?? '').replace(/^::ffff:/, '');
  socket.on('data', (chunk: Uint8Array) => {
    try {
      splitter.push(chunk, (frame) => {
        if (++pending > MAX_PENDING) {
          options.onError?.(
            new Error(`More than ${MAX_PENDING} requests outstanding from ${socket.remoteAddress}`),
          );
          socket.destroy();
          return;
        }
        queue = queue.then(async () => {
          pending--;
          if (socket.destroyed) return;
          const key = `${frame.source}/${frame.destination}`;
          let session = sessions.get(key);
          if (!session) {
            const dlms = options.serverFor(localAddress, frame.destination);
            if (!dlms) {
              socket.destroy();
              return;
            }
            session = dlms.openSession(frame.source);
            sessions.set(key, session);
            options.onSession?.(session, socket);
          }
          const response = await session.handle(frame.apdu);
          if (response && !socket.destroyed) {
            socket.write(
              encodeWrapperFrame({ source: frame.destination, destination: frame.source, apdu: response }),
            );
          }
        });
        queue.catch((e) => {
          options.onError?.(e);
          socket.destroy();
        });
      });
    } catch (e) {
      options.onError?.(e);
      socket.destroy();
    }
  });
}
