/** Roles of users: staff (admin, operator, viewer) and customers. */
export type Role = 'admin' | 'operator' | 'viewer' | 'customer';

export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer', 'customer'];

/**
 * Who may call a route:
 * - `public`: anyone, no credentials;
 * - `any`: any logged-in user;
 * - `staff`: admin, operator, viewer (read operational data);
 * - `own`: staff, and customers for their own service points (the route checks ownership);
 * - `ops`: admin, operator (commands, edits, top-ups, bill runs, campaigns, audit, metrics);
 * - `ops-own`: ops, and customers for their own service points (top-up of the own account);
 * - `admin`: admin only (users).
 */
export type Access = 'public' | 'any' | 'staff' | 'own' | 'ops' | 'ops-own' | 'admin';

const MATRIX: Readonly<Record<Access, readonly Role[]>> = {
  public: ROLES,
  any: ROLES,
  staff: ['admin', 'operator', 'viewer'],
  own: ROLES,
  ops: ['admin', 'operator'],
  'ops-own': ['admin', 'operator', 'customer'],
  admin: ['admin'],
};

/** Whether a role may call a route of the given access. @example allows('ops', 'viewer') // false */
export function allows(access: Access, role: Role): boolean {
  return MATRIX[access].includes(role);
}

/** Staff see every service point; customers only their own. */
export function isStaff(role: Role): boolean {
  return role !== 'customer';
}
