import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Topology } from '../topology/topology.js';
import { ScenarioError, ScenarioFileError } from './errors.js';
import { parseScenarioFile } from './file.js';
import { validateScenario } from './validate.js';

const topology = new Topology({ seed: 7, meters: 2000 });
const week = readFileSync(new URL('./fixtures/week.json', import.meta.url), 'utf8');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const good = {
  id: 'ok-0',
  type: 'outage',
  target: { transformer: 'T00001' },
  start: '2026-01-05T00:00Z',
  end: '1h',
};

/** A file whose scenario 1 is `bad` (scenario 0 is valid). */
const fileWith = (bad: unknown) => JSON.stringify({ scenarios: [good, bad] });
const theft = (model: unknown) => ({
  id: 'bad-1',
  type: 'theft',
  target: { meters: ['GM00000001'] },
  start: '2026-01-05T00:00Z',
  model,
});

function rejection(text: string, now?: number): ScenarioFileError {
  try {
    parseScenarioFile(text, now === undefined ? { topology } : { topology, now });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect((error as Error).name).toBe('ScenarioFileError');
    return error as ScenarioFileError;
  }
  throw new Error('expected a ScenarioFileError');
}

describe('parseScenarioFile', () => {
  it('reads the example week: every type, ISO/epoch/duration times', () => {
    const scenarios = parseScenarioFile(week, { topology });
    expect(scenarios).toHaveLength(15);
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    expect(new Set(scenarios.map((s) => s.type))).toEqual(
      new Set([
        'theft',
        'outage',
        'voltage-sag',
        'voltage-swell',
        'tamper',
        'clock-drift',
        'unreachable',
        'reboot',
        'firmware-failure',
      ]),
    );
    const models = scenarios.flatMap((s) => (s.type === 'theft' ? [s.model.kind] : []));
    expect(new Set(models).size).toBe(6);
    expect(byId.get('theft-bypass')).toEqual({
      id: 'theft-bypass',
      type: 'theft',
      target: { meters: ['GM00000011'] },
      start: Date.UTC(2026, 0, 5),
      model: { kind: 'constant-factor', factor: 0.6 },
    });
    expect(byId.get('theft-night')?.end).toBe(Date.UTC(2026, 0, 12));
    // epoch ms start; end at midnight UTC+1 = 23:00 UTC the day before
    expect(byId.get('theft-random')?.start).toBe(Date.UTC(2026, 0, 6));
    expect(byId.get('theft-random')?.end).toBe(Date.UTC(2026, 0, 8, 23));
    expect(byId.get('outage-t3')?.end).toBe(Date.UTC(2026, 0, 7, 16, 45));
    expect(byId.get('unreachable-22')?.end).toBe(Date.UTC(2026, 0, 7, 20));
    expect(byId.get('reboot-23')?.end).toBe(Date.UTC(2026, 0, 8, 2, 1, 30));
    expect(byId.get('drift-21')).not.toHaveProperty('end');
  });

  it('accepts a bare list and a start relative to now', () => {
    const now = Date.UTC(2026, 0, 5, 12);
    const [s] = parseScenarioFile(JSON.stringify([{ ...good, start: '30m' }]), { topology, now });
    expect(s?.start).toBe(now + 30 * 60_000);
    expect(s?.end).toBe(now + 90 * 60_000);
  });

  it.each([
    ['an unknown type', { ...good, id: 'bad-1', type: 'earthquake' }, 'type'],
    ['an unknown field', { ...good, id: 'bad-1', strat: 5 }, 'strat'],
    [
      'an unknown meter id',
      { ...good, id: 'bad-1', target: { meters: ['GM00000001', 'GM09999999'] } },
      'target.meters[1]',
    ],
    [
      'a repeated meter id',
      { ...good, id: 'bad-1', target: { meters: ['GM00000001', 'GM00000001'] } },
      'target.meters[1]',
    ],
    [
      'an unknown transformer',
      { ...good, id: 'bad-1', target: { transformer: 'T99999' } },
      'target.transformer',
    ],
    ['an unknown feeder', { ...good, id: 'bad-1', target: { feeder: 'F999' } }, 'target.feeder'],
    [
      'two targets at once',
      { ...good, id: 'bad-1', target: { feeder: 'F000', transformer: 'T00001' } },
      'target',
    ],
    ['a fraction of 0', { ...good, id: 'bad-1', target: { fraction: 0 } }, 'target.fraction'],
    ['a fraction above 1', { ...good, id: 'bad-1', target: { fraction: 1.5 } }, 'target.fraction'],
    [
      'an unknown meter kind',
      { ...good, id: 'bad-1', target: { fraction: 0.1, kinds: ['steam'] } },
      'target.kinds[0]',
    ],
    ['end equal to start', { ...good, id: 'bad-1', end: '2026-01-05T00:00Z' }, 'end'],
    ['end before start', { ...good, id: 'bad-1', end: Date.UTC(2026, 0, 4) }, 'end'],
    ['a date-time without offset', { ...good, id: 'bad-1', start: '2026-01-05T00:00' }, 'start'],
    ['an impossible date', { ...good, id: 'bad-1', start: '2026-02-30' }, 'start'],
    ['a garbled end', { ...good, id: 'bad-1', end: 'tomorrow' }, 'end'],
    ['a relative start without now', { ...good, id: 'bad-1', start: '2h' }, 'start'],
    ['a constant factor above 1', theft({ kind: 'constant-factor', factor: 1.2 }), 'model.factor'],
    [
      'a negative final factor',
      theft({ kind: 'progressive', finalFactor: -0.1, days: 3 }),
      'model.finalFactor',
    ],
    ['a random max below min', theft({ kind: 'random-factor', min: 0.8, max: 0.2 }), 'model.max'],
    ['a negative cap', theft({ kind: 'capping', capWh: -5 }), 'model.capWh'],
    ['an empty zero window', theft({ kind: 'zero-windows', hours: [[3, 3]] }), 'model.hours[0]'],
    ['an unknown theft model', theft({ kind: 'magic' }), 'model.kind'],
    ['a sag of 0 %', { ...good, id: 'bad-1', type: 'voltage-sag', percent: 0 }, 'percent'],
    ['an unknown tamper', { ...good, id: 'bad-1', type: 'tamper', tamper: 'drill' }, 'tamper'],
    [
      'an unknown firmware module',
      { ...good, id: 'bad-1', type: 'firmware-failure', module: 'gui' },
      'module',
    ],
    ['a zero drift', { ...good, id: 'bad-1', type: 'clock-drift', ppm: 0 }, 'ppm'],
  ])('rejects %s, naming scenario and field', (_what, bad, field) => {
    const error = rejection(fileWith(bad));
    expect(error.index).toBe(1);
    expect(error.scenarioId).toBe('bad-1');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(
      new RegExp(`^Scenario 1 \\("bad-1"\\): ${field.replace(/[[\]]/g, '\\$&')} `),
    );
  });

  it('rejects a repeated id, naming both scenarios', () => {
    const error = rejection(fileWith({ ...good }));
    expect(error.message).toBe('Scenario 1 ("ok-0"): id repeats the id of scenario 0; ids must be unique');
  });

  it('rejects a missing id and a scenario that is not an object', () => {
    expect(rejection(fileWith({ ...good, id: undefined })).message).toMatch(/^Scenario 1: id must be/);
    expect(rejection(fileWith(42)).message).toBe('Scenario 1: must be an object, got 42');
  });

  it('rejects text that is not a scenario file', () => {
    expect(rejection('{"scenarios": [').message).toMatch(/^Scenario file: is not JSON/);
    expect(rejection('{"scenario": []}').field).toBe('scenario');
    expect(rejection('"hello"').field).toBe('scenarios');
  });
});

describe('validateScenario', () => {
  const now = Date.UTC(2026, 0, 5, 12);
  const outage = {
    id: 'live-1',
    type: 'outage',
    target: { feeder: 'F000' },
    start: now,
    end: now + HOUR,
  } as const;

  it('accepts a scenario starting now or later', () => {
    expect(validateScenario(outage, { topology, now })).toEqual(outage);
    expect(validateScenario({ ...outage, start: now + DAY, end: '2h' }, { topology, now }).end).toBe(
      now + DAY + 2 * HOUR,
    );
  });

  it('rejects a scenario that starts in the past', () => {
    expect(() => validateScenario({ ...outage, start: now - 1 }, { topology, now })).toThrow(
      /^Scenario \("live-1"\): start is in the past/,
    );
  });

  it('throws ScenarioError naming the field of a bad injected scenario', () => {
    const bad = { ...outage, type: 'voltage-swell', percent: 150 };
    expect(() => validateScenario(bad, { topology, now })).toThrow(ScenarioError);
    expect(() => validateScenario(bad, { topology, now })).toThrow('Scenario ("live-1"): percent must be');
  });
});
