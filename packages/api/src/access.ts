import type { Principal } from './context.js';
import type { GridmeterServices, MeterSummary, PrepaymentSummary } from './ports.js';
import { notFound } from './problems.js';

/**
 * What a caller may see of the fleet: staff everything, a customer only its own service points
 * and what hangs off them. Another customer's resource is "not found", never "forbidden", so that
 * its existence does not leak.
 */
export class Visibility {
  readonly #services: GridmeterServices;
  readonly #own: ReadonlySet<string> | undefined;

  constructor(services: GridmeterServices, principal: Principal) {
    this.#services = services;
    this.#own = principal.user.role === 'customer' ? new Set(principal.user.servicePointIds) : undefined;
  }

  get isStaff(): boolean {
    return this.#own === undefined;
  }

  ownsServicePoint(id: string | undefined): boolean {
    return this.#own === undefined || (id !== undefined && this.#own.has(id));
  }

  canSeeMeter(m: MeterSummary | undefined): m is MeterSummary {
    return m !== undefined && this.ownsServicePoint(m.servicePointId);
  }

  /** The meter, or a 404 problem when it does not exist or is not the caller's. */
  meter(id: string): MeterSummary {
    const m = this.#services.fleet.meter(id);
    if (!this.canSeeMeter(m)) throw notFound(`Meter ${id}`);
    return m;
  }

  meters(): MeterSummary[] {
    return this.#services.fleet.meters().filter((m) => this.canSeeMeter(m));
  }

  /** Service point ids the caller can see: every one known to the fleet, or the customer's own. */
  servicePointIds(): string[] {
    const ids = new Set<string>();
    for (const m of this.#services.fleet.meters()) if (m.servicePointId) ids.add(m.servicePointId);
    if (this.#own) return [...this.#own].filter((id) => ids.has(id)).sort();
    return [...ids].sort();
  }

  /** A 404 problem unless the service point exists and is the caller's. */
  servicePoint(id: string): string {
    const exists = this.#services.fleet.meters().some((m) => m.servicePointId === id);
    if (!exists || !this.ownsServicePoint(id)) throw notFound(`Service point ${id}`);
    return id;
  }

  /** Billing and prepayment accounts on the caller's service points (undefined for staff: all). */
  accountIds(): ReadonlySet<string> | undefined {
    if (this.#own === undefined) return undefined;
    const ids = new Set<string>();
    for (const m of this.meters()) if (m.accountId) ids.add(m.accountId);
    for (const a of this.#services.prepayment.accounts())
      if (this.#own.has(a.servicePointId)) ids.add(a.accountId);
    return ids;
  }

  ownsAccount(accountId: string): boolean {
    const ids = this.accountIds();
    return ids === undefined || ids.has(accountId);
  }

  prepaymentAccount(id: string): PrepaymentSummary {
    const a = this.#services.prepayment.account(id);
    if (!a || !this.ownsServicePoint(a.servicePointId)) throw notFound(`Prepayment account ${id}`);
    return a;
  }
}
