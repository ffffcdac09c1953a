import { describe, expect, test } from 'vitest';
import { type Access, allows, isStaff, ROLES, type Role } from './roles.js';

/** The role matrix of the README, written out. */
const MATRIX: Record<Access, Record<Role, boolean>> = {
  public: { admin: true, operator: true, viewer: true, customer: true },
  any: { admin: true, operator: true, viewer: true, customer: true },
  staff: { admin: true, operator: true, viewer: true, customer: false },
  own: { admin: true, operator: true, viewer: true, customer: true },
  ops: { admin: true, operator: true, viewer: false, customer: false },
  'ops-own': { admin: true, operator: true, viewer: false, customer: true },
  admin: { admin: true, operator: false, viewer: false, customer: false },
};

describe('allows', () => {
  for (const [access, row] of Object.entries(MATRIX) as [Access, Record<Role, boolean>][]) {
    for (const role of ROLES) {
      test(`${role} ${row[role] ? 'may' : 'may not'} call ${access} routes`, () => {
        expect(allows(access, role)).toBe(row[role]);
      });
    }
  }

  test('a viewer can neither command nor administer; an operator cannot administer', () => {
    expect(allows('ops', 'viewer')).toBe(false);
    expect(allows('admin', 'operator')).toBe(false);
  });

  test('only customers are not staff', () => {
    expect(ROLES.filter((r) => !isStaff(r))).toEqual(['customer']);
  });
});
