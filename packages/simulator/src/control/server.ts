import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fleet } from '../fleet/fleet.js';
import { ControlProblem, problemOf } from './problem.js';
import { matchRoute } from './routes.js';

/** Where the control API listens by default: loopback only. */
export const DEFAULT_CONTROL_HOST = '127.0.0.1';
export const DEFAULT_CONTROL_PORT = 4058;

/** Options of {@link startControlServer}. */
export interface ControlServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 4058; 0 picks a free port. */
  readonly port?: number;
  /** The DLMS port meters answer on, shown in `GET /meters/:id`. */
  readonly dlmsPort?: number;
}

/** A running control API. */
export interface ControlServer {
  readonly host: string;
  /** The port it listens on (the real one when 0 was asked). */
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a fleet's control API: JSON over HTTP (`node:http`). `GET /status`, `GET /meters/:id`,
 * `GET /truth/meters/:id?from&to`, `GET /truth/transformers/:id?from&to`, `GET /truth/scenarios`,
 * `POST /scenarios`. Errors are `application/problem+json` (RFC 9457); no request can crash it.
 *
 * @example
 * const control = await startControlServer(fleet, { port: 0 });
 * await fetch(`${control.url}/status`); // { spec, fleetSize, now, speed, stats, … }
 * await control.close();
 */
export async function startControlServer(
  fleet: Fleet,
  options: ControlServerOptions = {},
): Promise<ControlServer> {
  const host = options.host ?? DEFAULT_CONTROL_HOST;
  const server = createServer((req, res) => {
    handle(fleet, req, res, options.dlmsPort).catch((error: unknown) => {
      // Only writing the answer can fail here (the client went away); nothing left to tell it.
      res.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.on('clientError', (error, socket) => {
    if (socket.writable && !socket.destroyed) {
      const body = JSON.stringify(
        new ControlProblem('bad-request', `Malformed HTTP request: ${error.message}`).toJSON(),
      );
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_CONTROL_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  fleet: Fleet,
  req: IncomingMessage,
  res: ServerResponse,
  dlmsPort: number | undefined,
): Promise<void> {
  let status: number;
  let body: unknown;
  let headers: Record<string, string> = {};
  let contentType = 'application/json';
  try {
    const url = new URL(req.url ?? '/', 'http://control');
    const { route, params } = matchRoute(req.method ?? 'GET', url.pathname);
    const reply = await route.handle({ fleet, req, params, query: url.searchParams, dlmsPort });
    ({ status, body } = reply);
    headers = { ...reply.headers };
  } catch (error) {
    const problem = problemOf(error);
    status = problem.status;
    body = problem.toJSON();
    headers = { ...problem.headers };
    contentType = 'application/problem+json';
  }
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
