import { createConnection, createServer } from 'node:net';

/** What a service answered to its protocol greeting. */
export interface ProbeResult {
  readonly reachable: boolean;
  readonly detail: string;
}

/**
 * Connects to `host:port`, sends `hello`, and passes what comes back to `judge` until it decides
 * (returns a result) or `timeoutMs` passes. A refused connection or a timeout is unreachable.
 */
export function probe(
  host: string,
  port: number,
  hello: Uint8Array | undefined,
  judge: (received: Uint8Array) => ProbeResult | undefined,
  timeoutMs = 1500,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let received = new Uint8Array(0);
    const socket = createConnection({ host, port });
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ reachable: false, detail: `no answer on ${host}:${port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => {
      if (hello) socket.write(hello);
    });
    socket.on('data', (chunk: Uint8Array) => {
      const next = new Uint8Array(received.length + chunk.length);
      next.set(received);
      next.set(chunk, received.length);
      received = next;
      const verdict = judge(received);
      if (verdict) finish(verdict);
    });
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish({ reachable: false, detail: `${e.code ?? e.message} on ${host}:${port}` }),
    );
    socket.on('close', () =>
      finish({ reachable: false, detail: `${host}:${port} closed without a valid answer` }),
    );
  });
}

/** True if a TCP listener can be bound on `host:port` right now. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
