/** Every route of the API with a request that reaches it, for the authorisation tests. */
export interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  /** Who may call it (see the API README's role column). */
  readonly access: 'public' | 'any' | 'staff' | 'own' | 'ops' | 'ops-own' | 'admin';
}

export const BILL_A = 'ACC-A1:2025-12-01';
export const BILL_B = 'ACC-B1:2025-12-01';
const day = '?from=2026-01-19T00:00:00Z&to=2026-01-20T00:00:00Z';

export const ROUTES: readonly RouteCase[] = [
  { method: 'GET', url: '/healthz', access: 'public' },
  { method: 'GET', url: '/docs/json', access: 'public' },
  {
    method: 'POST',
    url: '/api/auth/login',
    body: { username: 'viewer', password: 'viewer-demo' },
    access: 'public',
  },
  { method: 'POST', url: '/api/auth/logout', access: 'any' },
  { method: 'GET', url: '/api/me', access: 'any' },
  { method: 'GET', url: '/api/me/service-points', access: 'any' },
  {
    method: 'POST',
    url: '/api/me/password',
    body: { currentPassword: 'not-mine', newPassword: 'a-new-password' },
    access: 'any',
  },
  { method: 'POST', url: '/api/tokens', body: { name: 'ci' }, access: 'any' },
  { method: 'GET', url: '/api/tokens', access: 'any' },
  { method: 'DELETE', url: '/api/tokens/00000000-0000-0000-0000-000000000000', access: 'any' },
  { method: 'GET', url: '/api/users', access: 'admin' },
  {
    method: 'POST',
    url: '/api/users',
    body: { username: 'newbie', password: 'newbie-password', role: 'viewer' },
    access: 'admin',
  },
  {
    method: 'PATCH',
    url: '/api/users/00000000-0000-0000-0000-000000000000',
    body: { displayName: 'Nobody' },
    access: 'admin',
  },
  { method: 'DELETE', url: '/api/users/00000000-0000-0000-0000-000000000000', access: 'admin' },
  { method: 'GET', url: '/api/audit', access: 'ops' },
  { method: 'GET', url: '/api/meters', access: 'own' },
  { method: 'GET', url: '/api/meters/GM0001', access: 'own' },
  { method: 'GET', url: `/api/meters/GM0001/intervals${day}`, access: 'own' },
  { method: 'GET', url: `/api/meters/GM0001/intervals.csv${day}`, access: 'own' },
  {
    method: 'POST',
    url: '/api/meters/GM0001/edits',
    body: { reason: 'meter swap', intervals: [{ start: '2026-01-19T03:00:00Z', value: 100 }] },
    access: 'ops',
  },
  { method: 'GET', url: '/api/meters/GM0001/registers', access: 'own' },
  { method: 'GET', url: '/api/meters/GM0001/events', access: 'staff' },
  { method: 'GET', url: '/api/meters/GM0001/commands', access: 'staff' },
  { method: 'GET', url: '/api/service-points', access: 'own' },
  { method: 'GET', url: '/api/service-points/SP-A1', access: 'own' },
  { method: 'GET', url: '/api/service-points/SP-A1/usage', access: 'own' },
  { method: 'GET', url: '/api/service-points/SP-A1/prices', access: 'own' },
  { method: 'GET', url: '/api/service-points/SP-A1/bills', access: 'own' },
  { method: 'GET', url: '/api/vee/exceptions', access: 'staff' },
  { method: 'GET', url: '/api/topology', access: 'staff' },
  {
    method: 'POST',
    url: '/api/commands',
    body: { meterId: 'GM0005', action: { kind: 'reconnect' } },
    access: 'ops',
  },
  { method: 'GET', url: '/api/commands', access: 'staff' },
  { method: 'GET', url: '/api/commands/CMD-99999', access: 'staff' },
  { method: 'POST', url: '/api/commands/CMD-99999/cancel', access: 'ops' },
  { method: 'GET', url: '/api/firmware/images', access: 'staff' },
  { method: 'GET', url: '/api/firmware/campaigns', access: 'staff' },
  {
    method: 'POST',
    url: '/api/firmware/campaigns',
    body: { imageId: 'FW-2.1.0', module: 'application', meterIds: ['GM0006'] },
    access: 'ops',
  },
  { method: 'GET', url: '/api/tariffs', access: 'staff' },
  { method: 'GET', url: '/api/tariffs/RES-TOU', access: 'staff' },
  { method: 'GET', url: '/api/bills', access: 'own' },
  { method: 'GET', url: `/api/bills/${encodeURIComponent(BILL_A)}`, access: 'own' },
  {
    method: 'POST',
    url: '/api/bill-runs',
    body: { from: '2025-12-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    access: 'ops',
  },
  { method: 'GET', url: '/api/bill-runs', access: 'staff' },
  { method: 'GET', url: '/api/prepayment/accounts', access: 'own' },
  { method: 'GET', url: '/api/prepayment/accounts/PP-A2', access: 'own' },
  {
    method: 'POST',
    url: '/api/prepayment/accounts/PP-A2/top-ups',
    body: { amountMinor: 100, reference: 'route-table' },
    access: 'ops-own',
  },
  { method: 'GET', url: '/api/kpis', access: 'staff' },
  { method: 'GET', url: '/api/alarms', access: 'staff' },
  { method: 'GET', url: '/api/stream', access: 'any' },
  { method: 'GET', url: '/metrics', access: 'ops' },
];
