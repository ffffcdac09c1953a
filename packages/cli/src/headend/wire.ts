/** Wiring a head-end node for one CLI run: the composition root picks the bus and the clock. */
import type { Bus, Clock } from '@gridmeter/domain';
import { HeadEnd, type MeterRegistry, type RetryPolicy, type SessionFor } from '@gridmeter/headend';

/** The DLMS system title the CLI's head-end uses (8 bytes, calling-AP-title). */
export const CLI_SYSTEM_TITLE = new TextEncoder().encode('GMHES001');

/** How {@link createHeadEnd} sizes the node. */
export interface HeadEndSettings {
  readonly bus: Bus;
  /** Default: real time. The demo passes the fleet's simulated time (with real waits). */
  readonly clock?: Clock;
  /** Sessions at once across all meters (default 500). */
  readonly concurrency?: number;
  /** How far back a meter's first profile read reaches (default 1 day). */
  readonly backfillMs?: number;
  readonly retry?: Partial<RetryPolicy>;
}

/**
 * A head-end over `registry` (profiles from the registry's store).
 *
 * @example
 * const headEnd = createHeadEnd(registry, { bus: new InProcessBus(), concurrency: 100 });
 */
export function createHeadEnd(registry: MeterRegistry, settings: HeadEndSettings): HeadEnd {
  return new HeadEnd({
    registry,
    profiles: registry.profiles,
    bus: settings.bus,
    systemTitle: CLI_SYSTEM_TITLE,
    ...(settings.clock ? { clock: settings.clock } : {}),
    ...(settings.backfillMs ? { backfillMs: settings.backfillMs } : {}),
    pool: {
      ...(settings.concurrency ? { maxConcurrent: settings.concurrency } : {}),
      ...(settings.retry ? { retry: settings.retry as RetryPolicy } : {}),
    },
  });
}

/** Management sessions for commands, opened by the head-end's session opener as each record says. */
export function sessionsOf(headEnd: HeadEnd): SessionFor {
  return async (meterId) => {
    const record = headEnd.registry.require(meterId);
    return headEnd.opener.open(
      record,
      headEnd.registry.credentials(meterId),
      headEnd.profiles.require(record.profileId),
    );
  };
}
