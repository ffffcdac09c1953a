/** The scenario file: JSON, `{ "description"?: string, "scenarios": [ … ] }` or a bare list. */
import { ScenarioFileError } from './errors.js';
import type { Scenario } from './types.js';
import { readScenario, type ScenarioContext } from './validate.js';

/**
 * Parses a scenario file. Times are ISO 8601 (date, or date-time with Z or ±hh:mm) or epoch ms;
 * `end` may be a duration after `start` ("90m", "2h", "3d", "1d12h"); with `context.now`, `start`
 * may be a duration after now. Throws `ScenarioFileError` naming the scenario (index and id) and
 * the field.
 *
 * @example
 * const scenarios = parseScenarioFile(readFileSync('week.json', 'utf8'), { topology });
 */
export function parseScenarioFile(text: string, context: ScenarioContext): Scenario[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioFileError({ field: '' }, `is not JSON: ${(error as Error).message}`, { cause: error });
  }
  let list: unknown;
  if (Array.isArray(json)) {
    list = json;
  } else if (typeof json === 'object' && json !== null) {
    const file = json as Record<string, unknown>;
    for (const key of Object.keys(file)) {
      if (key !== 'scenarios' && key !== 'description' && key !== '$schema') {
        throw new ScenarioFileError(
          { field: key },
          'is not a field of a scenario file (scenarios, description)',
        );
      }
    }
    list = file.scenarios;
  }
  if (!Array.isArray(list)) {
    throw new ScenarioFileError({ field: 'scenarios' }, 'must be a list of scenarios');
  }
  const firstIndexOfId = new Map<string, number>();
  return list.map((raw: unknown, index) => {
    const scenario = readScenario(raw, index, context, ScenarioFileError);
    const earlier = firstIndexOfId.get(scenario.id);
    if (earlier !== undefined) {
      throw new ScenarioFileError(
        { index, scenarioId: scenario.id, field: 'id' },
        `repeats the id of scenario ${earlier}; ids must be unique`,
      );
    }
    firstIndexOfId.set(scenario.id, index);
    return scenario;
  });
}
