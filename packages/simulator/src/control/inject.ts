import type { Fleet } from '../fleet/fleet.js';
import { ScenarioError } from '../scenarios/errors.js';
import type { Scenario } from '../scenarios/types.js';
import { validateScenario } from '../scenarios/validate.js';
import { ControlProblem, problemOf } from './problem.js';

/**
 * Injects one scenario or a list (`{ "scenarios": [ … ] }` is accepted too) into a running fleet,
 * all or nothing: every scenario is checked (fields, targets, not in the past, ids unique among
 * themselves and the fleet's) before any is added. Throws `ControlProblem` (400) naming the
 * scenario and field.
 */
export function injectScenarios(fleet: Fleet, body: unknown): Scenario[] {
  const isList = Array.isArray(body);
  const wrapped = typeof body === 'object' && body !== null && !isList && 'scenarios' in body;
  const list: unknown[] = isList
    ? body
    : wrapped
      ? ((body as { scenarios: unknown }).scenarios as unknown[])
      : [body];
  if (!Array.isArray(list) || list.length === 0) {
    throw new ControlProblem('bad-request', 'Send one scenario or a non-empty list of scenarios');
  }
  const now = fleet.clock.now();
  const taken = new Set(fleet.schedule.scenarios.map((s) => s.id));
  const checked = list.map((raw, index) => {
    const where = isList || wrapped ? `scenarios[${index}]: ` : '';
    try {
      const s = validateScenario(raw as Record<string, unknown>, { topology: fleet.topology, now });
      if (taken.has(s.id)) throw new ScenarioError({ scenarioId: s.id, field: 'id' }, 'is already scheduled');
      taken.add(s.id);
      return s;
    } catch (error) {
      const problem = problemOf(error);
      if (!(error instanceof ScenarioError)) throw problem;
      throw new ControlProblem('invalid-scenario', `${where}${error.message}`, {
        cause: error,
        extensions: { ...problem.extensions, ...(isList || wrapped ? { index } : {}) },
      });
    }
  });
  return checked.map((s) => fleet.injectScenario(s));
}
