import type { ProbeResult } from './probe.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A local service Gridmeter can use, with the greeting that proves it is really that service. */
export interface ServiceSpec {
  readonly name: string;
  readonly port: number;
  /** What Gridmeter uses it for. */
  readonly role: string;
  readonly hello?: Uint8Array;
  judge(received: Uint8Array): ProbeResult | undefined;
}

/**
 * The services of a development or CI machine, each probed by speaking its own protocol rather
 * than only opening a TCP connection.
 */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'postgres',
    port: 5432,
    role: 'scale-out reading store',
    // PostgreSQL protocol SSLRequest: length 8, code 80877103; the server answers 'S' or 'N'.
    hello: Uint8Array.of(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f),
    judge: (b) =>
      b[0] === 0x4e || b[0] === 0x53
        ? { reachable: true, detail: `PostgreSQL answered SSLRequest with '${String.fromCharCode(b[0])}'` }
        : { reachable: false, detail: 'not a PostgreSQL server' },
  },
  {
    name: 'nats',
    port: 4222,
    role: 'bus between processes (JetStream)',
    // The NATS server greets every client with INFO {json}\r\n.
    judge: (b) => {
      const t = text(b);
      if (!t.includes('\r\n')) return undefined;
      if (!t.startsWith('INFO ')) return { reachable: false, detail: 'not a NATS server' };
      try {
        const info = JSON.parse(t.slice(5, t.indexOf('\r\n'))) as { version?: string; jetstream?: boolean };
        return info.jetstream
          ? { reachable: true, detail: `NATS ${info.version ?? '?'} with JetStream` }
          : { reachable: false, detail: `NATS ${info.version ?? '?'} without JetStream (start with -js)` };
      } catch {
        return { reachable: false, detail: 'NATS INFO line is not JSON' };
      }
    },
  },
  {
    name: 'mosquitto',
    port: 1883,
    role: 'MQTT meters and gateways',
    // MQTT 3.1.1 CONNECT, clean session, keep-alive 10 s, client id "gm-doctor"; expect CONNACK.
    hello: Uint8Array.from([
      0x10,
      0x15,
      0x00,
      0x04,
      ...ascii('MQTT'),
      0x04,
      0x02,
      0x00,
      0x0a,
      0x00,
      0x09,
      ...ascii('gm-doctor'),
    ]),
    judge: (b) => {
      if (b.length < 4) return undefined;
      if (b[0] !== 0x20) return { reachable: false, detail: 'not an MQTT broker' };
      return b[3] === 0
        ? { reachable: true, detail: 'MQTT broker accepted CONNECT' }
        : { reachable: true, detail: `MQTT broker refused CONNECT (code ${b[3]})` };
    },
  },
  {
    name: 'redis',
    port: 6379,
    role: 'optional cache',
    hello: ascii('PING\r\n'),
    judge: (b) => {
      const t = text(b);
      if (!t.includes('\r\n')) return undefined;
      if (t.startsWith('+PONG')) return { reachable: true, detail: 'Redis answered PONG' };
      if (t.startsWith('-NOAUTH')) return { reachable: true, detail: 'Redis needs a password' };
      return { reachable: false, detail: 'not a Redis server' };
    },
  },
  {
    name: 'rabbitmq',
    port: 5672,
    role: 'optional AMQP integration',
    // AMQP 0-9-1 protocol header; the broker answers with a Connection.Start method frame (type 1).
    hello: Uint8Array.from([...ascii('AMQP'), 0, 0, 9, 1]),
    judge: (b) => {
      if (b.length < 1) return undefined;
      return b[0] === 1
        ? { reachable: true, detail: 'AMQP 0-9-1 broker answered Connection.Start' }
        : { reachable: false, detail: 'not an AMQP 0-9-1 broker' };
    },
  },
];
