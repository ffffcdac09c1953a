import { IllegalCommandTransitionError, StoreUnavailableError, UnknownChangeError } from '@gridmeter/domain';
import { BillingError, EmergencyCreditUnavailableError, TariffError } from '@gridmeter/mdm';
import { describe, expect, test } from 'vitest';
import { HttpProblem, toProblem } from './problems.js';

const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe('toProblem', () => {
  test.each([
    [new IllegalCommandTransitionError('succeeded', 'cancelled'), 409, 'urn:gridmeter:problem:command-state'],
    [named('CommandNotCancellableError'), 409, 'urn:gridmeter:problem:command-state'],
    [named('CommandNotFoundError'), 404, 'urn:gridmeter:problem:not-found'],
    [named('CampaignNotFoundError'), 404, 'urn:gridmeter:problem:not-found'],
    [named('UnsupportedCommandError'), 422, 'urn:gridmeter:problem:command'],
    [named('JournalClosedError'), 503, 'urn:gridmeter:problem:unavailable'],
    [named('UserExistsError'), 409, 'urn:gridmeter:problem:conflict'],
    [new TariffError('energy.priceMicro', 'must be an integer'), 422, 'urn:gridmeter:problem:tariff'],
    [new BillingError('A1', 'no tariff'), 422, 'urn:gridmeter:problem:billing'],
    [new EmergencyCreditUnavailableError('A1', 'in use'), 409, 'urn:gridmeter:problem:prepayment'],
    [new UnknownChangeError('c1'), 404, 'urn:gridmeter:problem:not-found'],
    [new StoreUnavailableError('down'), 503, 'urn:gridmeter:problem:unavailable'],
    [new RangeError('Invalid meter id'), 400, 'urn:gridmeter:problem:bad-input'],
  ])('%s → %i', (err, status, type) => {
    const p = toProblem(err, '/api/x');
    expect(p).toMatchObject({ status, type, instance: '/api/x', detail: (err as Error).message });
    expect(p.title).toBeTruthy();
  });

  test('validation errors carry field paths', () => {
    const err = Object.assign(new Error('body/amountMinor must be integer'), {
      validation: [
        { instancePath: '/amountMinor', message: 'must be integer' },
        {
          instancePath: '',
          message: "must have required property 'reference'",
          params: { missingProperty: 'reference' },
        },
      ],
      validationContext: 'body',
    });
    expect(toProblem(err)).toMatchObject({
      status: 400,
      title: 'Bad Request',
      type: 'urn:gridmeter:problem:validation',
      errors: [
        { path: 'body/amountMinor', message: 'must be integer' },
        { path: 'body/reference', message: "must have required property 'reference'" },
      ],
    });
  });

  test('HttpProblem keeps status, detail and headers; 401/403/429 have their titles', () => {
    expect(toProblem(new HttpProblem(401, 'Log in'))).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      detail: 'Log in',
    });
    expect(toProblem(new HttpProblem(403))).toMatchObject({ status: 403, title: 'Forbidden' });
    const limited = toProblem(new HttpProblem(429, 'slow down', { headers: { 'retry-after': '7' } }));
    expect(limited).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      headers: { 'retry-after': '7' },
    });
  });

  test("Fastify's client errors keep their status; anything else is a 500 that says nothing inside", () => {
    const tooBig = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(tooBig)).toMatchObject({ status: 413 });
    const bug = toProblem(new TypeError("Cannot read properties of undefined (reading 'password')"));
    expect(bug.status).toBe(500);
    expect(bug.detail).not.toMatch(/password/);
    expect(toProblem('a string').status).toBe(500);
  });
});
