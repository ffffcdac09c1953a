import type { ServerResponse } from 'node:http';
import { type BusMessage, Subjects, type Subscription } from '@gridmeter/domain';
import type { User } from './auth/user-store.js';
import type { Principal } from './context.js';
import { toEventDto } from './dto/intervals.js';
import { iso } from './dto/time.js';
import type { ApiMetrics } from './metrics.js';
import type { GridmeterServices, PrepaymentNoticeView } from './ports.js';
import type { StreamMessageDto } from './schemas/stream.js';

/** A client whose unsent output exceeds this is too slow to keep up, and is dropped. */
const MAX_BUFFERED_BYTES = 1 << 20;

interface Client {
  readonly res: ServerResponse;
  /** The client's user as of now: undefined once the session or token is no longer valid. */
  readonly current: () => User | undefined;
}

export interface StreamHubOptions {
  /** A `: heartbeat` comment this often (real time), default 15 s. */
  readonly heartbeatMs?: number;
}

/**
 * The live stream behind `GET /api/stream`: one subscription to meter events and command results
 * on the bus and one to the prepayment notices, fanned out as server-sent events to every
 * connected client, filtered per customer to the meters on its own service points.
 */
export class StreamHub {
  readonly #services: GridmeterServices;
  readonly #metrics: ApiMetrics;
  readonly #clients = new Set<Client>();
  readonly #subscriptions: Subscription[];
  readonly #stopNotices: (() => void) | undefined;
  readonly #heartbeat: NodeJS.Timeout;
  #nextId = 1;

  constructor(services: GridmeterServices, metrics: ApiMetrics, options: StreamHubOptions = {}) {
    this.#services = services;
    this.#metrics = metrics;
    const handler = (message: BusMessage) => this.#publish(message);
    this.#subscriptions = [
      services.bus.subscribe(Subjects.allEvents, handler),
      services.bus.subscribe(Subjects.allCommandResults, handler),
    ];
    this.#stopNotices = services.prepayment.onNotice?.((n) => this.#notice(n));
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  get clients(): number {
    return this.#clients.size;
  }

  /**
   * Takes over a response: writes the SSE headers and keeps it until the client goes away or its
   * credentials stop being valid (`current` returns undefined: logout, revoked token, deleted user).
   * What a customer sees follows its service points as they are at each message.
   */
  attach(
    res: ServerResponse,
    principal: Principal,
    current: () => User | undefined = () => principal.user,
  ): void {
    const client: Client = { res, current };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n: connected at ${iso(this.#services.clock.now())}\n\n`);
    this.#clients.add(client);
    this.#metrics.sseClients.set(this.#clients.size);
    res.on('close', () => this.#drop(client));
  }

  /** Ends every stream and leaves the bus. */
  close(): void {
    clearInterval(this.#heartbeat);
    for (const s of this.#subscriptions) s.unsubscribe();
    this.#stopNotices?.();
    for (const c of [...this.#clients]) this.#end(c);
  }

  #drop(client: Client): void {
    if (this.#clients.delete(client)) this.#metrics.sseClients.set(this.#clients.size);
  }

  #beat(): void {
    for (const c of [...this.#clients]) {
      if (c.current()) this.#write(c, ': heartbeat\n\n');
      else this.#end(c);
    }
  }

  #end(client: Client): void {
    client.res.end();
    this.#drop(client);
  }

  /** Whether the client may see the meter now; ends the stream of a client whose credentials lapsed. */
  #visible(client: Client, meterId: string): boolean {
    const user = client.current();
    if (!user) {
      this.#end(client);
      return false;
    }
    if (user.role !== 'customer') return true;
    const sp = this.#services.fleet.meter(meterId)?.servicePointId;
    return sp !== undefined && user.servicePointIds.includes(sp);
  }

  #publish(message: BusMessage): void {
    if (this.#clients.size === 0) return;
    const out: StreamMessageDto[] = [];
    let meterId: string;
    if (message.type === 'meter-event') {
      const event = toEventDto(message.event);
      meterId = message.event.meterId;
      out.push({ type: 'meter-event', event });
      if (event.severity === 'alarm') out.push({ type: 'alarm', event });
    } else if (message.type === 'command-result') {
      meterId = message.meterId;
      out.push({
        type: 'command-result',
        commandId: message.commandId,
        meterId: message.meterId,
        state: message.state,
        ...(message.detail === undefined ? {} : { detail: message.detail }),
        at: iso(message.at),
      });
    } else {
      return;
    }
    this.#send(out, meterId);
  }

  /** A prepaid account's notice, to staff and to the customer of its service point. */
  #notice(n: PrepaymentNoticeView): void {
    if (this.#clients.size === 0) return;
    this.#send(
      [
        {
          type: 'prepayment',
          accountId: n.accountId,
          servicePointId: n.servicePointId,
          meterId: n.meterId,
          event: n.type,
          balanceMinor: n.balanceMinor,
          at: iso(n.at),
        },
      ],
      n.meterId,
    );
  }

  /** Writes messages about `meterId` to every client that may see the meter. */
  #send(out: readonly StreamMessageDto[], meterId: string): void {
    const frames = out.map((m) => ({
      type: m.type,
      text: `id: ${this.#nextId++}\nevent: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`,
    }));
    for (const c of [...this.#clients]) {
      if (!this.#visible(c, meterId)) continue;
      for (const f of frames) {
        this.#write(c, f.text);
        this.#metrics.sseMessages.inc({ event: f.type });
      }
    }
  }

  #write(client: Client, text: string): void {
    const { res } = client;
    if (res.writableEnded || res.destroyed) {
      this.#drop(client);
      return;
    }
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      this.#drop(client);
      return;
    }
    res.write(text);
  }
}
