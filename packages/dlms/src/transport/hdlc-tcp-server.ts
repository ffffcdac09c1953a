import { createServer, type Server, type Socket } from 'node:net';
import type { HdlcAddress } from '../framing/hdlc-address.js';
import type { HdlcParameters } from '../framing/hdlc-parameters.js';
import { HdlcServerLink } from '../framing/hdlc-server-link.js';
import { HdlcSplitter } from '../framing/hdlc-splitter.js';
import type { DlmsServer, ServerSession } from '../session/server.js';

export interface HdlcTcpServerOptions {
  readonly host?: string;
  readonly port: number;
  /** The logical device for the dialled address and the HDLC server address the client used. */
  readonly serverFor: (localAddress: string, serverAddress: HdlcAddress) => DlmsServer | undefined;
  /** This side's HDLC limits (max information field, window). */
  readonly parameters?: Partial<HdlcParameters>;
  readonly idleTimeoutMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** A running HDLC/TCP listener. */
export interface HdlcTcpListener {
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves DLMS/COSEM over HDLC carried on TCP. The first frame of a connection (normally SNRM)
 * names the client and server HDLC addresses; the link and the DLMS session follow from them.
 */
export function listenHdlcTcp(options: HdlcTcpServerOptions): Promise<HdlcTcpListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(options.idleTimeoutMs ?? 120_000, () => socket.destroy());
    socket.on('error', (e) => options.onError?.(e));
    serveConnection(socket, options);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: options.port }, () => {
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
    });
  });
}

function serveConnection(socket: Socket, options: HdlcTcpServerOptions): void {
  const localAddress = (socket.localAddress ?? '').replace(/^::ffff:/, '');
  const peek = new HdlcSplitter();
  let early: Uint8Array[] = [];
  let link: HdlcServerLink | undefined;
  let session: ServerSession | undefined;
  let queue = Promise.resolve();

  const run = (chunk: Uint8Array) => {
    for (const e of link!.receive(chunk)) {
      if (e.type === 'send') socket.write(e.bytes);
      else if (e.type === 'apdu') {
        const apdu = e.apdu;
        queue = queue
          .then(async () => {
            const response = await session!.handle(apdu);
            if (response && !socket.destroyed) for (const f of link!.sendApdu(response)) socket.write(f);
          })
          .catch((err) => {
            options.onError?.(err);
            socket.destroy();
          });
      } else if (e.type === 'disconnected' && e.reason === 'disconnect') {
        session = session?.server.openSession(session.clientSap);
      }
    }
  };

  socket.on('data', (chunk: Uint8Array) => {
    if (link) return run(chunk);
    early.push(chunk);
    try {
      let first: { source: HdlcAddress; destination: HdlcAddress } | undefined;
      peek.push(chunk, (frame) => {
        first ??= { source: frame.source, destination: frame.destination };
      });
      if (!first) return;
      const dlms = options.serverFor(localAddress, first.destination);
      if (!dlms) {
        socket.destroy();
        return;
      }
      link = new HdlcServerLink({
        clientAddress: first.source,
        serverAddress: first.destination,
        ...(options.parameters ? { parameters: options.parameters } : {}),
      });
      session = dlms.openSession(first.source.upper);
      const pending = early;
      early = [];
      for (const c of pending) run(c);
    } catch (e) {
      options.onError?.(e);
      if (early.reduce((n, c) => n + c.length, 0) > 4096) socket.destroy();
    }
  });
}
