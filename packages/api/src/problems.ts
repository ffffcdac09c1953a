import { IllegalCommandTransitionError, StoreUnavailableError, UnknownChangeError } from '@gridmeter/domain';
import { BillingError, EmergencyCreditUnavailableError, TariffError } from '@gridmeter/mdm';
import type { ProblemDto } from './schemas/common.js';

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The media type of every error body (RFC 9457). */
export const PROBLEM_TYPE = 'application/problem+json';

/**
 * An HTTP error with problem details, thrown by routes and mapped by the one error handler.
 * @example throw new HttpProblem(404, 'No meter GM0001')
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly detail?: string,
    readonly options: {
      readonly type?: string;
      readonly title?: string;
      readonly errors?: readonly { path: string; message: string }[];
      readonly headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(detail ?? STATUS_TITLES[status] ?? `HTTP ${status}`);
  }
}

export const notFound = (what: string) => new HttpProblem(404, `${what} not found`);
export const badRequest = (detail: string) => new HttpProblem(400, detail);

const problemType = (slug: string) => `urn:gridmeter:problem:${slug}`;

/** Field errors from a Fastify (Ajv) validation error. */
interface ValidationFailure {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

function validationErrors(
  context: string | undefined,
  failures: readonly ValidationFailure[],
): { path: string; message: string }[] {
  return failures.slice(0, 100).map((f) => {
    const missing = f.params?.missingProperty;
    const extra = f.params?.additionalProperty;
    // A discriminated union (oneOf + discriminator) names the tag property it could not map.
    const tag = f.params?.tag;
    const field = [missing, extra, tag].find((x) => typeof x === 'string');
    const tail = field === undefined ? '' : `/${field}`;
    return {
      path: `${context ?? 'request'}${f.instancePath ?? ''}${tail}`,
      message: f.message ?? 'is invalid',
    };
  });
}

/** A problem of a status with its standard title, for mapping. */
function plain(status: number, slug: string, detail: string): Omit<ProblemDto, 'instance'> {
  return { type: problemType(slug), title: STATUS_TITLES[status] ?? `HTTP ${status}`, status, detail };
}

/** What a thrown error means for the client: status, title, type, detail; 500 hides internals. */
export function toProblem(
  err: unknown,
  instance?: string,
): ProblemDto & { headers?: Record<string, string> } {
  const at = instance === undefined ? {} : { instance };
  if (err instanceof HttpProblem) {
    const p: ProblemDto = {
      type: err.options.type ?? (err.status === 404 ? problemType('not-found') : 'about:blank'),
      title: err.options.title ?? STATUS_TITLES[err.status] ?? `HTTP ${err.status}`,
      status: err.status,
      ...(err.detail === undefined ? {} : { detail: err.detail }),
      ...at,
      ...(err.options.errors ? { errors: [...err.options.errors] } : {}),
    };
    return err.options.headers ? { ...p, headers: { ...err.options.headers } } : p;
  }
  const e = err as {
    name?: string;
    message?: string;
    statusCode?: number;
    code?: string;
    validation?: ValidationFailure[];
    validationContext?: string;
  };
  if (Array.isArray(e.validation)) {
    return {
      ...plain(400, 'validation', `Invalid ${e.validationContext ?? 'request'}: ${e.message ?? ''}`.trim()),
      ...at,
      errors: validationErrors(e.validationContext, e.validation),
    };
  }
  if (err instanceof IllegalCommandTransitionError)
    return { ...plain(409, 'command-state', err.message), ...at };
  if (err instanceof UnknownChangeError) return { ...plain(404, 'not-found', err.message), ...at };
  if (err instanceof TariffError) return { ...plain(422, 'tariff', err.message), ...at };
  if (err instanceof BillingError) return { ...plain(422, 'billing', err.message), ...at };
  if (err instanceof EmergencyCreditUnavailableError)
    return { ...plain(409, 'prepayment', err.message), ...at };
  if (err instanceof StoreUnavailableError) return { ...plain(503, 'unavailable', err.message), ...at };
  // The head-end's command service errors, matched by name (the API reaches the head-end only through its port).
  switch (e.name) {
    case 'CommandNotFoundError':
    case 'CampaignNotFoundError':
      return { ...plain(404, 'not-found', e.message ?? ''), ...at };
    case 'CommandNotCancellableError':
      return { ...plain(409, 'command-state', e.message ?? ''), ...at };
    case 'UnsupportedCommandError':
    case 'CommandVerificationError':
      return { ...plain(422, 'command', e.message ?? ''), ...at };
    case 'JournalClosedError':
    case 'BusError':
      return { ...plain(503, 'unavailable', e.message ?? ''), ...at };
    case 'UserExistsError':
      return { ...plain(409, 'conflict', e.message ?? ''), ...at };
  }
  // Plain bad input rejected by the domain (ids, ranges, alignment).
  if (err instanceof RangeError) return { ...plain(400, 'bad-input', err.message), ...at };
  // Fastify's own client errors (bad JSON, wrong media type, body too large …).
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { ...plain(e.statusCode, 'http', e.message ?? ''), ...at };
  }
  return { ...plain(500, 'internal', 'The server failed to handle the request; the error is logged'), ...at };
}
