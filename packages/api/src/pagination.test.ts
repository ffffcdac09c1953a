import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeCursor, encodeCursor, paginate } from './pagination.js';
import { HttpProblem } from './problems.js';
import type { PageDto } from './schemas/common.js';

const items = Array.from({ length: 7 }, (_, i) => i);

describe('paginate', () => {
  test('a first page with total and the URL of the next, keeping the other query parameters', () => {
    const page = paginate(items, { limit: 3 }, '/api/meters?q=GM&limit=3');
    expect(page).toMatchObject({ items: [0, 1, 2], total: 7, limit: 3, offset: 0 });
    const next = new URL(page.next ?? '', 'http://x');
    expect(next.pathname).toBe('/api/meters');
    expect(next.searchParams.get('q')).toBe('GM');
    expect(next.searchParams.get('limit')).toBe('3');
    expect(decodeCursor(next.searchParams.get('cursor') ?? '')).toBe(3);
  });

  test('following next visits every item once and ends with null', () => {
    const seen: number[] = [];
    let url: string | null = '/x?limit=3';
    while (url) {
      const u: URL = new URL(url, 'http://x');
      const cursor: string | null = u.searchParams.get('cursor');
      const page: PageDto<number> = paginate(items, { limit: 3, ...(cursor ? { cursor } : {}) }, url);
      seen.push(...page.items);
      url = page.next;
    }
    expect(seen).toEqual(items);
  });

  test('offset replaces the cursor in next; an offset past the end is an empty last page', () => {
    const page = paginate(items, { limit: 2, offset: 4 }, '/x?offset=4&limit=2');
    expect(page.items).toEqual([4, 5]);
    expect(page.next).not.toContain('offset=');
    expect(paginate(items, { offset: 50 }, '/x')).toMatchObject({
      items: [],
      total: 7,
      next: null,
      limit: 50,
    });
  });

  test('cursors round-trip; a forged cursor is a 400 problem', () => {
    for (const n of [0, 1, 999_999_999]) expect(decodeCursor(encodeCursor(n))).toBe(n);
    for (const bad of ['', 'bm9wZQ', encodeCursor(1).slice(1), Buffer.from('o-1').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(HttpProblem);
    }
  });
});

describe('paginate (properties)', () => {
  test('for any list and limit, following next visits every item exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        (list, limit) => {
          const seen: number[] = [];
          let url: string | null = `/x?limit=${limit}`;
          for (let pages = 0; url; pages++) {
            const cursor: string | null = new URL(url, 'http://x').searchParams.get('cursor');
            const page: PageDto<number> = paginate(list, { limit, ...(cursor ? { cursor } : {}) }, url);
            expect(page.total).toBe(list.length);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items);
            url = page.next;
            expect(pages).toBeLessThanOrEqual(list.length);
          }
          expect(seen).toEqual(list);
        },
      ),
    );
  });

  test('any string as a cursor decodes to an offset or a 400 problem, never anything else', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          expect(Number.isSafeInteger(decodeCursor(s))).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(HttpProblem);
          expect((err as HttpProblem).status).toBe(400);
        }
      }),
    );
  });
});
