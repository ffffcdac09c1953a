/**
 * Central prepayment for the catalogue's prepaid accounts: the MDM's ledger charges each interval
 * of active import as the head-end delivers it, and disconnects (within friendly hours: weekdays
 * 09:00–16:00, never on the tariff's holidays) and reconnects through the head-end's command service.
 */
import { join } from 'node:path';
import type { PrepaymentService } from '@gridmeter/api';
import { PrepaymentLedger, weekdayFriendlyHours } from '@gridmeter/mdm';
import { hashString, unit } from '@gridmeter/simulator';
import type { PlatformParts } from './platform.js';

/** How often (real time) the ledger checks for disconnects due and retries undelivered commands. */
const TICK_MS = 5_000;
/** Ledger events too frequent or too small for the live stream (one per interval, repeats). */
const QUIET = new Set(['charged', 'charge-corrected', 'top-up-duplicate']);
/** Price of prepaid energy, minor units per kWh (the RES-PREPAID tariff's 0.28 €). */
const PRICE_PER_KWH_MINOR = 28;

/** New Year's Day, Christmas and Boxing Day of the year of `at` and the next (local dates). */
function holidaysAround(at: number): string[] {
  const year = new Date(at).getUTCFullYear();
  return [year, year + 1].flatMap((y) => [`${y}-01-01`, `${y}-12-25`, `${y}-12-26`]);
}

/**
 * Opens the ledger on `<dataDir>/prepayment.ndjson`, subscribed to the bus. Opening balances
 * (10–40 €) are drawn from the meter id, so a few accounts run low within the demo's history.
 */
export async function prepaymentLedgerFor(
  parts: PlatformParts,
  openedAt: number,
): Promise<PrepaymentService & { close(): Promise<void> }> {
  const ledger = await PrepaymentLedger.open({
    accounts: parts.catalogue
      .filter((e) => e.prepaid)
      .map((e) => ({
        accountId: e.accountId,
        servicePointId: e.servicePointId,
        meterId: e.meterId,
        currency: 'EUR',
        price: { perKwhMinor: PRICE_PER_KWH_MINOR },
        lowCreditThresholdMinor: 500,
        emergencyCreditMinor: 500,
        friendlyHours: weekdayFriendlyHours(0, holidaysAround(openedAt)),
        openingBalanceMinor: 1_000 + Math.floor(unit(hashString(7, e.meterId)) * 3_000),
        openedAt,
      })),
    commands: parts.commands,
    bus: parts.bus,
    clock: parts.clock,
    journalPath: join(parts.dataDir, 'prepayment.ndjson'),
  });
  ledger.start();
  const timer = setInterval(() => void ledger.tick().catch(() => undefined), TICK_MS);
  timer.unref();
  return {
    accounts: () => ledger.accounts(),
    account: (id) => ledger.account(id),
    topUp: (id, amountMinor, reference, by) => ledger.topUp(id, amountMinor, reference, by),
    onNotice: (listener) =>
      ledger.on((n) => {
        if (QUIET.has(n.event.type)) return;
        listener({
          accountId: n.accountId,
          servicePointId: n.servicePointId,
          meterId: n.meterId,
          type: n.event.type,
          balanceMinor: n.event.balanceMinor,
          at: n.event.at,
        });
      }),
    close: async () => {
      clearInterval(timer);
      await ledger.close();
    },
  };
}
