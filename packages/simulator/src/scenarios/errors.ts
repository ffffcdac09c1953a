/** Where a bad scenario sits and which of its fields is wrong. */
export interface ScenarioErrorWhere {
  /** Position in the file (0-based); absent for a scenario injected at run time. */
  readonly index?: number;
  readonly scenarioId?: string;
  /** Field path, e.g. "target.transformer" or "model.factor". */
  readonly field: string;
}

/**
 * A scenario is invalid. The message names the scenario and the field:
 * `Scenario 3 ("theft-2"): model.factor must be in [0, 1], got 1.5`.
 */
export class ScenarioError extends Error {
  readonly index: number | undefined;
  readonly scenarioId: string | undefined;
  readonly field: string;

  constructor(where: ScenarioErrorWhere, problem: string, options?: ErrorOptions) {
    super(`${describeWhere(where)}: ${where.field ? `${where.field} ` : ''}${problem}`, options);
    this.name = 'ScenarioError';
    this.index = where.index;
    this.scenarioId = where.scenarioId;
    this.field = where.field;
  }
}

/** A scenario file is invalid: not JSON, not a list of scenarios, or one scenario is wrong. */
export class ScenarioFileError extends ScenarioError {
  constructor(where: ScenarioErrorWhere, problem: string, options?: ErrorOptions) {
    super(where, problem, options);
    this.name = 'ScenarioFileError';
  }
}

function describeWhere(where: ScenarioErrorWhere): string {
  const id = where.scenarioId === undefined ? '' : ` ("${where.scenarioId}")`;
  if (where.index === undefined) return where.scenarioId === undefined ? 'Scenario file' : `Scenario${id}`;
  return `Scenario ${where.index}${id}`;
}
