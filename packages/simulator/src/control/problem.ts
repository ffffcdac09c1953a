/**
 * RFC 9457 problem details: every error of the control API is one `ControlProblem`, mapped to
 * HTTP in one place (`problemOf`).
 */
import { ScenarioError } from '../scenarios/errors.js';

/** The body of an `application/problem+json` answer. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Extension members, e.g. `field` and `index` of a bad scenario. */
  readonly [extension: string]: unknown;
}

/** The problem kinds of the control API, with their HTTP status and title. */
export const PROBLEMS = {
  'bad-request': { status: 400, title: 'Bad request' },
  'invalid-scenario': { status: 400, title: 'Invalid scenario' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  internal: { status: 500, title: 'Internal error' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

/** Problem type URIs are `urn:gridmeter:problem:<kind>`. */
export const PROBLEM_TYPE_PREFIX = 'urn:gridmeter:problem:';

/**
 * A request the control API refuses; the server answers it as problem+json.
 *
 * @example
 * throw new ControlProblem('not-found', 'No meter GM99999999 in this fleet');
 */
export class ControlProblem extends Error {
  readonly kind: ProblemKind;
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. `allow` for 405). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    kind: ProblemKind,
    detail: string,
    options: ErrorOptions & {
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'ControlProblem';
    this.kind = kind;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return PROBLEMS[this.kind].status;
  }

  /** The problem+json body. */
  toJSON(): ProblemDetails {
    const { status, title } = PROBLEMS[this.kind];
    return {
      ...this.extensions,
      type: `${PROBLEM_TYPE_PREFIX}${this.kind}`,
      title,
      status,
      detail: this.message,
    };
  }
}

/** Maps any error thrown by a handler to the problem the client sees. */
export function problemOf(error: unknown): ControlProblem {
  if (error instanceof ControlProblem) return error;
  if (error instanceof ScenarioError) {
    return new ControlProblem('invalid-scenario', error.message, {
      cause: error,
      extensions: {
        field: error.field,
        ...(error.scenarioId === undefined ? {} : { scenarioId: error.scenarioId }),
        ...(error.index === undefined ? {} : { index: error.index }),
      },
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ControlProblem('internal', message, { cause: error });
}
