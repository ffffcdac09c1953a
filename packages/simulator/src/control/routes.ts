/** The routes of the control API: path pattern, methods, handler. */
import type { IncomingMessage } from 'node:http';
import type { Fleet } from '../fleet/fleet.js';
import { readJsonBody } from './body.js';
import { injectScenarios } from './inject.js';
import { ControlProblem } from './problem.js';
import { readTimeRange } from './time-range.js';
import {
  identityView,
  logEntryView,
  scenarioView,
  statusView,
  transformerTruthView,
  truthView,
} from './views.js';

/** What a handler answers: a status and a JSON body. */
export interface ControlReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler is given. */
export interface ControlRequest {
  readonly fleet: Fleet;
  readonly req: IncomingMessage;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** The DLMS port meters answer on, when the fleet listens. */
  readonly dlmsPort: number | undefined;
}

interface Route {
  readonly pattern: RegExp;
  readonly method: 'GET' | 'POST';
  readonly handle: (r: ControlRequest) => ControlReply | Promise<ControlReply>;
}

const ok = (body: unknown): ControlReply => ({ status: 200, body });

function meterIndex(fleet: Fleet, id: string): number {
  const index = fleet.indexOf(id);
  if (index === undefined) throw new ControlProblem('not-found', `No meter ${id} in this fleet`);
  return index;
}

export const ROUTES: readonly Route[] = [
  { pattern: /^\/status$/, method: 'GET', handle: ({ fleet }) => ok(statusView(fleet)) },
  {
    pattern: /^\/meters\/([^/]+)$/,
    method: 'GET',
    handle: ({ fleet, params, dlmsPort }) =>
      ok(identityView(fleet.identity(meterIndex(fleet, params[0]!)), dlmsPort)),
  },
  {
    pattern: /^\/truth\/meters\/([^/]+)$/,
    method: 'GET',
    handle: ({ fleet, params, query }) => {
      const id = params[0]!;
      meterIndex(fleet, id);
      const { from, to } = readTimeRange(query);
      return ok({ meter: id, intervalSeconds: 900, intervals: fleet.truth(id, from, to).map(truthView) });
    },
  },
  {
    pattern: /^\/truth\/transformers\/([^/]+)$/,
    method: 'GET',
    handle: ({ fleet, params, query }) => {
      const id = params[0]!;
      if (fleet.topology.transformerIndex(id) === undefined) {
        throw new ControlProblem('not-found', `No transformer ${id} in this fleet`);
      }
      const { from, to } = readTimeRange(query);
      return ok({
        transformer: id,
        intervalSeconds: 900,
        intervals: fleet.transformerTruth(id, from, to).map(transformerTruthView),
      });
    },
  },
  {
    pattern: /^\/truth\/scenarios$/,
    method: 'GET',
    handle: ({ fleet }) => ok({ scenarios: fleet.scenarioLog().map(logEntryView) }),
  },
  {
    pattern: /^\/scenarios$/,
    method: 'POST',
    handle: async ({ fleet, req }) => {
      const stored = injectScenarios(fleet, await readJsonBody(req));
      return {
        status: 201,
        body: { scenarios: stored.map(scenarioView) },
        headers: { location: '/truth/scenarios' },
      };
    },
  },
];

/** The route for a method and path, or a 404/405 `ControlProblem`. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const asGet = method === 'HEAD' ? 'GET' : method;
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      throw new ControlProblem('bad-request', `The path ${path} is not valid percent-encoding`);
    }
    if (route.method === asGet) return { route, params };
    allowed.push(route.method === 'GET' ? 'GET, HEAD' : route.method);
  }
  if (allowed.length > 0) {
    throw new ControlProblem('method-not-allowed', `${path} allows ${allowed.join(', ')}, not ${method}`, {
      headers: { allow: allowed.join(', ') },
    });
  }
  throw new ControlProblem('not-found', `No route ${path} (try /status)`);
}
