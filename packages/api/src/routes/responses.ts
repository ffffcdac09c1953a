import { type TSchema, Type } from '@sinclair/typebox';
import { ProblemSchema } from '../schemas/common.js';

/** Response schemas of a route: its success body and the problems every route may answer. */
export function replies<T extends TSchema, S extends number = 200>(
  ok: T,
  status: S = 200 as S,
): Record<S, T> & Record<400 | 401 | 403 | 404 | 409 | 422 | 429 | 500, typeof ProblemSchema> {
  return {
    [status]: ok,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
    429: ProblemSchema,
    500: ProblemSchema,
  } as Record<S, T> & Record<400 | 401 | 403 | 404 | 409 | 422 | 429 | 500, typeof ProblemSchema>;
}

/** No content. */
export const NoContent = Type.Null({ description: 'No content' });
