/** The demo's logins: one per role, and two customers (a postpaid TOU household and a prepaid one). */
import type { UserStore } from '@gridmeter/api';
import type { CatalogueEntry } from '../platform/catalogue.js';

/** A login the demo prints. */
export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly role: 'admin' | 'operator' | 'viewer' | 'customer';
  readonly note: string;
  readonly servicePointIds?: readonly string[];
}

/** The logins for `catalogue`: admin, operator, viewer, bob (postpaid household), alice (prepaid household). */
export function demoLogins(catalogue: readonly CatalogueEntry[]): DemoLogin[] {
  // Past the first few households: the demo's theft and tamper scenarios pick those.
  const households = catalogue.filter((e) => e.kind === 'household').slice(3);
  const postpaid = households.find((e) => !e.prepaid);
  const prepaid = households.find((e) => e.prepaid);
  const logins: DemoLogin[] = [
    { username: 'admin', password: 'admin-demo', role: 'admin', note: 'everything, users included' },
    { username: 'operator', password: 'operator-demo', role: 'operator', note: 'commands, edits, bill runs' },
    { username: 'viewer', password: 'viewer-demo', role: 'viewer', note: 'reads only' },
  ];
  if (postpaid) {
    logins.push({
      username: 'bob',
      password: 'bob-demo',
      role: 'customer',
      note: `customer portal: ${postpaid.customerName}, ${postpaid.servicePointId} (TOU, postpaid)`,
      servicePointIds: [postpaid.servicePointId],
    });
  }
  if (prepaid) {
    logins.push({
      username: 'alice',
      password: 'alice-demo',
      role: 'customer',
      note: `customer portal: ${prepaid.customerName}, ${prepaid.servicePointId} (prepaid)`,
      servicePointIds: [prepaid.servicePointId],
    });
  }
  return logins;
}

/** Adds the logins that the store does not hold yet (a reused data directory keeps its users). */
export async function seedUsers(users: UserStore, logins: readonly DemoLogin[]): Promise<void> {
  for (const l of logins) {
    try {
      await users.addUser({
        username: l.username,
        password: l.password,
        role: l.role,
        ...(l.servicePointIds ? { servicePointIds: l.servicePointIds } : {}),
      });
    } catch (e) {
      if ((e as Error).name !== 'UserExistsError') throw e;
    }
  }
}
