import { badRequest } from './problems.js';
import type { PageDto, PageQueryDto } from './schemas/common.js';

export const DEFAULT_LIMIT = 50;

/** The opaque cursor of an offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o${offset}`).toString('base64url');
}

/** The offset of a cursor; throws a 400 problem for a cursor this API did not make. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o(\d{1,9})$/.exec(text);
  if (!m) throw badRequest(`Invalid cursor "${cursor}"`);
  return Number(m[1]);
}

/** Offset and limit of a page query (`cursor` wins over `offset`). */
export function pageWindow(query: PageQueryDto): { offset: number; limit: number } {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.cursor !== undefined ? decodeCursor(query.cursor) : (query.offset ?? 0);
  return { offset, limit };
}

/**
 * One page of `items` with `total` and the URL of the next page (`url` with `cursor` set and
 * `offset` removed), or `null` after the last item.
 * @example paginate(meters, { limit: 2 }, '/api/meters?q=GM') // next: '/api/meters?q=GM&limit=2&cursor=…'
 */
export function paginate<T>(items: readonly T[], query: PageQueryDto, url: string): PageDto<T> {
  const { offset, limit } = pageWindow(query);
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  let next: string | null = null;
  if (end < items.length) {
    const u = new URL(url, 'http://localhost');
    u.searchParams.delete('offset');
    u.searchParams.set('limit', String(limit));
    u.searchParams.set('cursor', encodeCursor(end));
    next = `${u.pathname}${u.search}`;
  }
  return { items: page, total: items.length, limit, offset, next };
}
