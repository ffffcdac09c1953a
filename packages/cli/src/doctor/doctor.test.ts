import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNodeVersion, formatChecks, runDoctor } from './doctor.js';
import { SERVICES, type ServiceSpec } from './services.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server that answers every connection with `greet` (after the client's first bytes if `afterHello`). */
async function fakeServer(greet: string | Uint8Array, afterHello: boolean): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    if (afterHello) socket.once('data', () => socket.end(greet));
    else socket.write(greet);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

const spec = (name: string, port: number): ServiceSpec => ({
  ...SERVICES.find((s) => s.name === name)!,
  port,
});

async function freePort(): Promise<number> {
  const port = await fakeServer('', false);
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

describe('doctor', () => {
  it('accepts a NATS server with JetStream and rejects one without', async () => {
    const js = await fakeServer('INFO {"version":"2.10.0","jetstream":true}\r\n', false);
    const plain = await fakeServer('INFO {"version":"2.10.0"}\r\n', false);
    const checks = await runDoctor({
      services: [spec('nats', js), { ...spec('nats', plain), name: 'nats-plain' }],
      require: ['nats', 'nats-plain'],
      ports: [],
    });
    expect(checks.find((c) => c.name === 'nats')).toMatchObject({ status: 'ok', detail: /JetStream/ });
    expect(checks.find((c) => c.name === 'nats-plain')).toMatchObject({
      status: 'fail',
      detail: /without JetStream/,
    });
  });

  it('speaks each protocol: PostgreSQL SSLRequest, MQTT CONNACK, Redis PONG, AMQP Connection.Start', async () => {
    const services = [
      spec('postgres', await fakeServer('N', true)),
      spec('mosquitto', await fakeServer(Uint8Array.of(0x20, 0x02, 0x00, 0x00), true)),
      spec('redis', await fakeServer('+PONG\r\n', true)),
      spec('rabbitmq', await fakeServer(Uint8Array.of(1, 0, 0), true)),
    ];
    const checks = await runDoctor({ services, require: services.map((s) => s.name), ports: [] });
    for (const s of services) expect(checks.find((c) => c.name === s.name)?.status).toBe('ok');
  });

  it('does not mistake another server on the port for the service', async () => {
    const port = await fakeServer('HTTP/1.1 400 Bad Request\r\n\r\n', true);
    const checks = await runDoctor({ services: [spec('redis', port)], require: ['redis'], ports: [] });
    expect(checks.find((c) => c.name === 'redis')).toMatchObject({
      status: 'fail',
      detail: /not a Redis server/,
    });
  });

  it('fails a required service that is down and only warns for an optional one', async () => {
    const port = await freePort();
    const checks = await runDoctor({
      services: [spec('postgres', port), { ...spec('redis', port), name: 'redis' }],
      require: ['postgres'],
      ports: [],
      timeoutMs: 500,
    });
    expect(checks.find((c) => c.name === 'postgres')).toMatchObject({
      status: 'fail',
      detail: /ECONNREFUSED/,
    });
    expect(checks.find((c) => c.name === 'redis')?.status).toBe('warn');
  });

  it('rejects an unknown required service by name', async () => {
    await expect(runDoctor({ require: ['oracle'], ports: [] })).rejects.toThrow(/Unknown service oracle/);
  });

  it('reports ports in use', async () => {
    const used = await fakeServer('', false);
    const checks = await runDoctor({ services: [], ports: [used] });
    expect(checks.find((c) => c.name === `port ${used}`)?.status).toBe('warn');
  });

  it('checks the Node.js version against 20.19', () => {
    expect(checkNodeVersion('20.19.0').status).toBe('ok');
    expect(checkNodeVersion('22.1.0').status).toBe('ok');
    expect(checkNodeVersion('20.18.3').status).toBe('fail');
    expect(checkNodeVersion('18.20.0').status).toBe('fail');
  });

  it('formats an aligned table', () => {
    const table = formatChecks([
      { name: 'node', status: 'ok', detail: 'Node.js 20.20.0' },
      { name: 'postgres', status: 'fail', detail: 'ECONNREFUSED' },
    ]);
    expect(table.split('\n')).toEqual([
      'check     status  detail',
      `--------  ------  ${'-'.repeat(40)}`,
      'node      ok      Node.js 20.20.0',
      'postgres  FAIL    ECONNREFUSED',
    ]);
  });
});
