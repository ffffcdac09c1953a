/** A client of a running simulator's control API (`gridmeter simulate truth|inject`). */

/** The control API answered with an error (problem+json when it could). */
export class ControlApiError extends Error {
  readonly status: number;
  readonly problem: Readonly<Record<string, unknown>> | undefined;

  constructor(status: number, message: string, problem?: Record<string, unknown>) {
    super(message);
    this.name = 'ControlApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** Nothing answered at the control API's address. */
export class ControlUnreachableError extends Error {
  constructor(url: string, options?: ErrorOptions) {
    super(
      `Cannot reach the simulator's control API at ${url} (is \`gridmeter simulate\` running there?)`,
      options,
    );
    this.name = 'ControlUnreachableError';
  }
}

/** Default address of the control API. */
export const DEFAULT_CONTROL_URL = 'http://127.0.0.1:4058';

/**
 * Calls the control API and returns the JSON answer; throws `ControlApiError` with the problem's
 * detail for a 4xx/5xx answer and `ControlUnreachableError` when nothing listens.
 *
 * @example
 * await controlRequest('http://127.0.0.1:4058', '/truth/scenarios');
 */
export async function controlRequest(
  baseUrl: string,
  path: string,
  init: RequestInit = {},
): Promise<unknown> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new ControlUnreachableError(baseUrl, { cause: error });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
    const detail = typeof problem?.detail === 'string' ? problem.detail : text.slice(0, 200);
    throw new ControlApiError(
      res.status,
      `${init.method ?? 'GET'} ${path}: ${res.status} ${detail}`,
      problem,
    );
  }
  return body;
}
