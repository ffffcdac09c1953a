/**
 * The HTTP core of the API client: JSON in and out, the session cookie, and RFC 9457
 * problem+json errors turned into {@link ApiError}. No DOM: `fetch` is injected, so tests run
 * in Node.
 */
import { type QueryValue, withQuery } from './query.js';

/** An RFC 9457 problem document, as the API sends with every error status. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/**
 * A failed API call. `status` is the HTTP status, or 0 when the API could not be reached;
 * `message` is the problem's `detail` (else its `title`, else a description of the status),
 * which is what the pages show.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly problem?: Problem,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The session is missing or expired. */
  get unauthorized(): boolean {
    return this.status === 401;
  }
}

/** The part of `fetch` the client uses. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /** Prefix of every path, e.g. `''` in the browser (same origin) or `http://127.0.0.1:8090`. */
  readonly baseUrl?: string;
  readonly fetch?: FetchLike;
  /** Called once for every 401, e.g. to show the login form again. */
  readonly onUnauthorized?: (error: ApiError) => void;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  422: 'Cannot process the request',
  429: 'Too many requests, try again shortly',
  500: 'Server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

function isJson(contentType: string | null): boolean {
  return contentType !== null && /[/+]json\b/i.test(contentType);
}

/** Reads an error response into an {@link ApiError}, whatever its body. */
export async function errorFromResponse(res: Response, what: string): Promise<ApiError> {
  const fallback = `${STATUS_TEXT[res.status] ?? `HTTP ${res.status}`} (${what})`;
  let text = '';
  try {
    text = await res.text();
  } catch {
    return new ApiError(res.status, fallback);
  }
  if (isJson(res.headers.get('content-type')) && text) {
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === 'object') {
        const p = body as Problem & { message?: unknown; error?: unknown };
        const message =
          (typeof p.detail === 'string' && p.detail) ||
          (typeof p.message === 'string' && p.message) ||
          (typeof p.title === 'string' && p.title) ||
          (typeof p.error === 'string' && p.error) ||
          fallback;
        return new ApiError(res.status, message, p);
      }
    } catch {
      // A JSON content type with a body that is not JSON: fall through to the text.
    }
  }
  // A short plain-text body (a proxy's message) says more than the status; HTML pages do not.
  const plain = /^text\/plain\b/i.test(res.headers.get('content-type') ?? '') ? text.trim() : '';
  return new ApiError(res.status, plain && plain.length <= 200 ? plain : fallback);
}

/** JSON over HTTP with the session cookie. */
export class Http {
  readonly baseUrl: string;
  readonly #fetch: FetchLike;
  readonly #onUnauthorized: ((error: ApiError) => void) | undefined;

  constructor(options: HttpOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#onUnauthorized = options.onUnauthorized;
  }

  /** The full URL of an API path with its query (for links such as a CSV download). */
  url(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
    return `${this.baseUrl}${withQuery(path, query)}`;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const what = `${method} ${path}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.signal) init.signal = options.signal;
    let res: Response;
    try {
      res = await this.#fetch(url, init);
    } catch (cause) {
      if (cause instanceof Error && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, `Cannot reach the API (${what})`, undefined, { cause });
    }
    if (!res.ok) {
      const error = await errorFromResponse(res, what);
      if (error.unauthorized) this.#onUnauthorized?.(error);
      throw error;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ApiError(res.status, `The API answered ${what} with a body that is not JSON`, undefined, {
        cause,
      });
    }
  }
}

/** A random key for `Idempotency-Key` headers: the same click retried is the same command. */
export function idempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
