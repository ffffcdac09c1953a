/**
 * One server-sent-events connection (`GET /api/stream`, authenticated by the session cookie)
 * feeding a small store that pages subscribe to by event name. The browser's EventSource
 * retries by itself after a dropped connection; when it gives up (readyState CLOSED, e.g. after
 * an HTTP error) the store opens a new one with exponential backoff.
 *
 * No DOM here: the EventSource constructor and the timers are injected, so tests run in Node.
 */

/** The part of the browser's `EventSource` the store uses. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  addEventListener(
    type: string,
    listener: (ev: { readonly data: string; readonly lastEventId?: string }) => void,
  ): void;
  close(): void;
}

/** `EventSource.CLOSED`: the source will not reconnect by itself. */
export const EVENT_SOURCE_CLOSED = 2;

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One message of the stream: its SSE event name (`message` when it has none) and JSON data. */
export interface LiveMessage {
  readonly event: string;
  readonly data: unknown;
  readonly id?: string;
}

export type LiveListener = (message: LiveMessage) => void;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveStoreOptions {
  readonly url: string;
  readonly open: (url: string) => EventSourceLike;
  /** SSE event names to listen to besides unnamed `message`s. */
  readonly events: readonly string[];
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How many recent messages to keep (for pages that open after they arrived). */
  readonly keep?: number;
  readonly timers?: Timers;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/** The live stream as a store: `subscribe(event, fn)`, `status`, `recent`. */
export class LiveStore {
  readonly #options: LiveStoreOptions;
  readonly #timers: Timers;
  readonly #listeners = new Map<string, Set<LiveListener>>();
  readonly #statusListeners = new Set<(status: LiveStatus) => void>();
  #source: EventSourceLike | undefined;
  #status: LiveStatus = 'idle';
  #backoffMs: number;
  #retry: unknown;
  #recent: LiveMessage[] = [];
  /** Connections opened so far (for tests and the status badge). */
  connections = 0;

  constructor(options: LiveStoreOptions) {
    this.#options = options;
    this.#timers = options.timers ?? defaultTimers;
    this.#backoffMs = options.initialBackoffMs ?? 1000;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** Recent messages, oldest first. */
  get recent(): readonly LiveMessage[] {
    return this.#recent;
  }

  /** Opens the stream (no-op when already open or connecting). */
  start(): void {
    if (this.#source || this.#retry !== undefined) return;
    this.#connect();
  }

  /** Closes the stream and cancels any pending reconnect; `start()` opens it again. */
  stop(): void {
    if (this.#retry !== undefined) this.#timers.clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#source?.close();
    this.#source = undefined;
    this.#recent = [];
    this.#setStatus('closed');
  }

  /** Calls `listener` for each message with this event name (`*` for all); returns the unsubscribe. */
  subscribe(event: string, listener: LiveListener): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => {
      this.#statusListeners.delete(listener);
    };
  }

  #connect(): void {
    this.#retry = undefined;
    this.#setStatus(this.connections === 0 ? 'connecting' : 'reconnecting');
    this.connections++;
    const source = this.#options.open(this.#options.url);
    this.#source = source;
    source.onopen = () => {
      if (this.#source !== source) return;
      this.#backoffMs = this.#options.initialBackoffMs ?? 1000;
      this.#setStatus('open');
    };
    source.onerror = () => {
      if (this.#source !== source) return;
      if (source.readyState === EVENT_SOURCE_CLOSED) {
        source.close();
        this.#source = undefined;
        this.#scheduleReconnect();
      } else {
        this.#setStatus('reconnecting');
      }
    };
    for (const name of ['message', ...this.#options.events]) {
      source.addEventListener(name, (ev) => {
        if (this.#source === source) this.#deliver(name, ev.data, ev.lastEventId);
      });
    }
  }

  #scheduleReconnect(): void {
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, this.#options.maxBackoffMs ?? 30_000);
    this.#setStatus('reconnecting');
    this.#retry = this.#timers.setTimeout(() => this.#connect(), delay);
  }

  #deliver(event: string, raw: string, id: string | undefined): void {
    let data: unknown = raw;
    try {
      data = JSON.parse(raw);
    } catch {
      // Keep non-JSON data (e.g. a heartbeat comment turned message) as text.
    }
    const message: LiveMessage = id ? { event, data, id } : { event, data };
    const keep = this.#options.keep ?? 200;
    this.#recent.push(message);
    if (this.#recent.length > keep) this.#recent.splice(0, this.#recent.length - keep);
    for (const key of [event, '*']) {
      for (const listener of this.#listeners.get(key) ?? []) {
        try {
          listener(message);
        } catch (error) {
          // One page's failing handler must not starve the others; report it where it is seen.
          console.error(`Live listener for "${event}" failed`, error);
        }
      }
    }
  }

  #setStatus(status: LiveStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const l of this.#statusListeners) l(status);
  }
}
