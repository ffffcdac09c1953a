import { describe, expect, it } from 'vitest';
import { dedupeEvents, eventKey } from './events.js';

describe('event rows', () => {
  const a = { meterId: 'E1', occurredAt: '2026-11-20T00:00:00.000Z', code: 62, source: 'push' };
  const b = { ...a, code: 63 };
  it('drops an event that arrived both live and in the page, keeping the first', () => {
    expect(dedupeEvents([a, b, { ...a }])).toEqual([a, b]);
  });
  it('tells events apart by meter, instant, code and source', () => {
    expect(eventKey(a)).not.toBe(eventKey({ ...a, source: 'read' }));
    expect(eventKey(a)).not.toBe(eventKey({ ...a, meterId: 'E2' }));
  });
});
