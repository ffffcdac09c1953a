import type { CredentialField } from './credentials.js';
import type { MeterFilter, MeterRegistry } from './registry.js';

/** One meter as `gridmeter headend meters` shows it: no secret, only which secrets exist. */
export interface MeterSummaryRow {
  readonly id: string;
  readonly medium: string;
  readonly host: string;
  readonly port: number;
  readonly framing: string;
  readonly clientSap: number;
  readonly serverSap: number;
  readonly authentication: string;
  readonly security: string;
  readonly profileId: string;
  readonly group: string;
  readonly state: string;
  readonly transformerId?: string;
  /** Credential fields held (sealed), e.g. ["encryptionKey", "authenticationKey"]. */
  readonly secrets: readonly CredentialField[];
}

/** Counts and rows of the registry, safe to print or serialise. */
export interface RegistrySummary {
  readonly meters: number;
  readonly byGroup: Readonly<Record<string, number>>;
  readonly byState: Readonly<Record<string, number>>;
  readonly byProfile: Readonly<Record<string, number>>;
  readonly byMedium: Readonly<Record<string, number>>;
  /** The first `limit` matching meters (all when no limit). */
  readonly rows: readonly MeterSummaryRow[];
}

/**
 * A summary of the registry without secrets: counts per group, state, profile and medium over the
 * meters matching `filter`, and one row per meter up to `limit`.
 *
 * @example
 * const { meters, byGroup, rows } = exportRegistry(registry, { filter: { group: 'household' }, limit: 20 });
 */
export function exportRegistry(
  registry: MeterRegistry,
  options: { filter?: MeterFilter; limit?: number } = {},
): RegistrySummary {
  const byGroup: Record<string, number> = {};
  const byState: Record<string, number> = {};
  const byProfile: Record<string, number> = {};
  const byMedium: Record<string, number> = {};
  const rows: MeterSummaryRow[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const meters = registry.list(options.filter);
  for (const r of meters) {
    byGroup[r.group] = (byGroup[r.group] ?? 0) + 1;
    byState[r.state] = (byState[r.state] ?? 0) + 1;
    byProfile[r.profileId] = (byProfile[r.profileId] ?? 0) + 1;
    byMedium[r.medium] = (byMedium[r.medium] ?? 0) + 1;
    if (rows.length >= limit) continue;
    rows.push({
      id: r.id,
      medium: r.medium,
      host: r.endpoint.host,
      port: r.endpoint.port,
      framing: r.endpoint.framing,
      clientSap: r.association.clientSap,
      serverSap: r.association.serverSap,
      authentication: r.association.authentication,
      security: r.association.security,
      profileId: r.profileId,
      group: r.group,
      state: r.state,
      ...(r.topology.transformerId === undefined ? {} : { transformerId: r.topology.transformerId }),
      secrets: registry.credentialFields(r.id),
    });
  }
  return { meters: meters.length, byGroup, byState, byProfile, byMedium, rows };
}
