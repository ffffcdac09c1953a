/**
 * Query strings and client-side routes. Pure: the router hook in `router.tsx` feeds it
 * `location.pathname` and `location.search`.
 */

/** A query parameter value; `undefined`, `null` and `''` leave the parameter out. */
export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/**
 * Builds `?a=1&b=x` from parameters, in the order given, leaving empty ones out; arrays repeat
 * the key. Returns `''` when nothing is left.
 * @example buildQuery({ q: 'E00', kind: undefined, page: 2 }) // '?q=E00&page=2'
 */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value) search.append(key, String(v));
    } else {
      search.append(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `path` with its query, e.g. `withQuery('/api/meters', { q: 'E1' })` → `/api/meters?q=E1`. */
export function withQuery(path: string, params: Readonly<Record<string, QueryValue>>): string {
  const q = buildQuery(params);
  if (!q) return path;
  return path.includes('?') ? `${path}&${q.slice(1)}` : `${path}${q}`;
}

/** The first value of each parameter of a `?a=1&b=2` string. */
export function parseQuery(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) if (!(k in out)) out[k] = v;
  return out;
}

/** Encodes one path segment (meter ids may hold characters that are not URL-safe). */
export const seg = (value: string): string => encodeURIComponent(value);

/** A route pattern such as `/meters/:id`; parameters are whole segments. */
export interface RouteDef<Name extends string = string> {
  readonly name: Name;
  readonly pattern: string;
}

export interface RouteMatch<Name extends string = string> {
  readonly name: Name;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The first route whose pattern matches `pathname` (a trailing slash is ignored), with its
 * decoded parameters; `undefined` when none does.
 */
export function matchRoute<Name extends string>(
  routes: readonly RouteDef<Name>[],
  pathname: string,
): RouteMatch<Name> | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const parts = path.split('/');
  for (const route of routes) {
    const pat = route.pattern.split('/');
    if (pat.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pat.length; i++) {
      const p = pat[i]!;
      const v = parts[i]!;
      if (p.startsWith(':')) {
        if (!v) {
          ok = false;
          break;
        }
        try {
          params[p.slice(1)] = decodeURIComponent(v);
        } catch {
          ok = false;
          break;
        }
      } else if (p !== v) {
        ok = false;
        break;
      }
    }
    if (ok) return { name: route.name, params };
  }
  return undefined;
}

/** Fills a pattern's parameters: `fillRoute('/meters/:id', { id: 'E 1' })` → `/meters/E%201`. */
export function fillRoute(pattern: string, params: Readonly<Record<string, string>>): string {
  return pattern.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new RangeError(`Route ${pattern} needs parameter ${name}`);
    return seg(v);
  });
}

/** Page arithmetic for offset/limit lists. Pages count from 1. */
export function pageInfo(
  total: number,
  page: number,
  pageSize: number,
): {
  readonly pages: number;
  readonly page: number;
  readonly offset: number;
  readonly first: number;
  readonly last: number;
} {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const offset = (p - 1) * pageSize;
  return {
    pages,
    page: p,
    offset,
    first: total === 0 ? 0 : offset + 1,
    last: Math.min(total, offset + pageSize),
  };
}

/** Ids from free text: separated by commas, semicolons, spaces or new lines; duplicates removed, order kept. */
export function parseIdList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}
