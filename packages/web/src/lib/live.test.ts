import { describe, expect, it, vi } from 'vitest';
import {
  EVENT_SOURCE_CLOSED,
  type EventSourceLike,
  type LiveMessage,
  LiveStore,
  type Timers,
} from './live.js';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, ((ev: { data: string; lastEventId?: string }) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: { data: string; lastEventId?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = EVENT_SOURCE_CLOSED;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as never);
  }
  emit(type: string, data: string, lastEventId?: string): void {
    for (const l of this.listeners.get(type) ?? []) l(lastEventId ? { data, lastEventId } : { data });
  }
  fail(closed: boolean): void {
    this.readyState = closed ? EVENT_SOURCE_CLOSED : 0;
    this.onerror?.({} as never);
  }
}

function fakeTimers(): Timers & { pending: { fn: () => void; ms: number }[]; runNext(): void } {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    setTimeout: (fn, ms) => {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimeout: (h) => {
      const i = pending.indexOf(h as { fn: () => void; ms: number });
      if (i >= 0) pending.splice(i, 1);
    },
    runNext() {
      pending.shift()?.fn();
    },
  };
}

function setup(keep?: number) {
  const sources: FakeSource[] = [];
  const timers = fakeTimers();
  const store = new LiveStore({
    url: '/api/stream',
    open: (url) => {
      const s = new FakeSource(url);
      sources.push(s);
      return s;
    },
    events: ['meter', 'command', 'alarm'],
    initialBackoffMs: 500,
    maxBackoffMs: 2000,
    timers,
    ...(keep === undefined ? {} : { keep }),
  });
  return { store, sources, timers };
}

describe('LiveStore', () => {
  it('opens one stream and hands named events, parsed, to their subscribers and to *', () => {
    const { store, sources } = setup();
    const meter: LiveMessage[] = [];
    const all: LiveMessage[] = [];
    store.subscribe('meter', (m) => meter.push(m));
    store.subscribe('*', (m) => all.push(m));
    store.start();
    store.start();
    expect(sources).toHaveLength(1);
    expect(sources[0]?.url).toBe('/api/stream');
    expect(store.status).toBe('connecting');
    sources[0]?.open();
    expect(store.status).toBe('open');
    sources[0]?.emit('meter', '{"id":"E0001","supply":"disconnected"}', '7');
    sources[0]?.emit('command', '{"id":"c1"}');
    expect(meter).toEqual([{ event: 'meter', data: { id: 'E0001', supply: 'disconnected' }, id: '7' }]);
    expect(all.map((m) => m.event)).toEqual(['meter', 'command']);
  });

  it('keeps data that is not JSON as text and keeps only the newest messages', () => {
    const { store, sources } = setup(2);
    store.start();
    sources[0]?.emit('message', 'ping');
    sources[0]?.emit('alarm', '{"n":1}');
    sources[0]?.emit('alarm', '{"n":2}');
    expect(store.recent.map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }]);
    store.stop();
    store.start();
    sources[1]?.emit('message', 'ping');
    expect(store.recent).toEqual([{ event: 'message', data: 'ping' }]);
  });

  it('stops delivering to a listener after it unsubscribes', () => {
    const { store, sources } = setup();
    const got: unknown[] = [];
    const off = store.subscribe('alarm', (m) => got.push(m.data));
    store.start();
    sources[0]?.emit('alarm', '1');
    off();
    sources[0]?.emit('alarm', '2');
    expect(got).toEqual([1]);
  });

  it('leaves a transient error to the browser’s own retry', () => {
    const { store, sources, timers } = setup();
    store.start();
    sources[0]?.open();
    sources[0]?.fail(false);
    expect(store.status).toBe('reconnecting');
    expect(timers.pending).toHaveLength(0);
    sources[0]?.open();
    expect(store.status).toBe('open');
    expect(sources).toHaveLength(1);
  });

  it('reconnects with doubling backoff up to the maximum after the source gives up, and resets on open', () => {
    const { store, sources, timers } = setup();
    store.start();
    sources[0]?.fail(true);
    expect(sources[0]?.closed).toBe(true);
    expect(timers.pending.map((t) => t.ms)).toEqual([500]);
    timers.runNext();
    expect(sources).toHaveLength(2);
    sources[1]?.fail(true);
    timers.runNext();
    sources[2]?.fail(true);
    timers.runNext();
    sources[3]?.fail(true);
    expect(timers.pending.map((t) => t.ms)).toEqual([2000]);
    timers.runNext();
    sources[4]?.open();
    sources[4]?.fail(true);
    expect(timers.pending.map((t) => t.ms)).toEqual([500]);
    expect(store.connections).toBe(5);
  });

  it('ignores events of a replaced source and cancels a pending reconnect on stop', () => {
    const { store, sources, timers } = setup();
    const got: unknown[] = [];
    store.subscribe('meter', (m) => got.push(m.data));
    store.start();
    sources[0]?.fail(true);
    sources[0]?.emit('meter', '"stale"');
    store.stop();
    expect(timers.pending).toHaveLength(0);
    expect(store.status).toBe('closed');
    expect(got).toEqual([]);
  });

  it('tells status listeners about each change once', () => {
    const { store, sources } = setup();
    const seen: string[] = [];
    store.onStatus((s) => seen.push(s));
    store.start();
    sources[0]?.open();
    sources[0]?.open();
    store.stop();
    expect(seen).toEqual(['connecting', 'open', 'closed']);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { store, sources } = setup();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const got: unknown[] = [];
    store.subscribe('meter', () => {
      throw new Error('boom');
    });
    store.subscribe('meter', (m) => got.push(m.data));
    store.start();
    sources[0]?.emit('meter', '1');
    expect(got).toEqual([1]);
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });
});
