/** Opening the console's HTTP port, falling back to a free one when it is taken. */
import { createServer } from 'node:net';
import type { Api } from '@gridmeter/api';

/** Whether `host:port` can be bound right now. */
function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(false) : reject(e)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Listens on host:port, or on a free port when `port` is in use; returns the port and the one it fell back from. */
export async function listenWeb(
  app: Api,
  host: string,
  port: number,
): Promise<{ port: number; fallbackFrom?: number }> {
  const free = port === 0 || (await canBind(host, port));
  await app.listen({ host, port: free ? port : 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the web server has no TCP address');
  return free ? { port: address.port } : { port: address.port, fallbackFrom: port };
}
