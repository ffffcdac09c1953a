import type { FastifyRequest } from 'fastify';

/** The session cookie; HttpOnly and SameSite=Strict, for EventSource which cannot send headers. */
export const SESSION_COOKIE = 'gm_session';

/** Cookie header → name/value pairs (RFC 6265 §5.4; values are not decoded beyond the quotes). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** The bearer token of the Authorization header, else the session cookie. */
export function presentedSecret(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1];
  }
  return parseCookies(request.headers.cookie).get(SESSION_COOKIE);
}

/** A Set-Cookie value for the session (Secure when the request came over TLS). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
