/**
 * The console and the portal in Debian's chromium (playwright-core) against the real platform:
 * an operator logs in, opens a meter, sees its load profile chart, disconnects it through the
 * confirm dialog and watches the supply state change live (the command runs over DLMS against
 * the simulated meter, whose relay opens); a customer logs in and sees the bill. Screenshots go
 * to .ci/out/screenshots.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, type Site, shot, startSite } from './harness.js';

/** A Wednesday at noon (UTC): within the prepayment's friendly hours. */
const NOW = Date.UTC(2026, 9, 14, 12, 0, 0);

let site: Site;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  site = await startSite(NOW);
  context = await site.browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
});

describe('operator console', () => {
  it('logs in and shows the fleet overview', async () => {
    await logIn(page, site.url, 'operator', 'operator-demo');
    await expect.poll(() => page.getByTestId('user').textContent()).toContain('operator');
    await shot(page, 'operator-overview');
  });

  it('opens a meter from the list and draws its load profile', async () => {
    const target = site.platform.catalogue.find((e) => e.kind === 'household' && !e.prepaid)!;
    await page.getByTestId('nav-meters').click();
    await page.getByTestId(`meter-row-${target.meterId}`).waitFor({ timeout: 15_000 });
    await shot(page, 'operator-meters');
    await page.getByTestId(`meter-row-${target.meterId}`).click();
    await expect.poll(() => page.getByTestId('supply-state').getAttribute('data-state')).toBe('connected');
    const chart = page.getByTestId('load-profile-chart');
    await chart.locator('canvas').first().waitFor({ timeout: 15_000 });
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(100);
    await shot(page, 'operator-meter');
  });

  it('disconnects the meter after confirmation and shows the new state live', async () => {
    const target = site.platform.catalogue.find((e) => e.kind === 'household' && !e.prepaid)!;
    await page.getByTestId('disconnect-button').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(target.meterId);
    await shot(page, 'operator-confirm-disconnect');
    await page.getByTestId('confirm-ok').click();
    // No reload: the state arrives through the live stream when the command has run on the meter.
    await expect
      .poll(() => page.getByTestId('supply-state').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('disconnected');
    expect(site.platform.fleet.runtime(target.index).relay.outputState).toBe(false);
    await shot(page, 'operator-meter-disconnected');
  });

  it('hides command buttons from a viewer', async () => {
    const viewer = await context.browser()!.newContext({ viewport: { width: 1366, height: 900 } });
    const p = await viewer.newPage();
    try {
      const target = site.platform.catalogue.find((e) => e.kind === 'household')!;
      await logIn(p, site.url, 'viewer', 'viewer-demo');
      await p.goto(`${site.url}/meters/${target.meterId}`);
      await p.getByTestId('supply-state').waitFor();
      expect(await p.getByTestId('disconnect-button').count()).toBe(0);
    } finally {
      await viewer.close();
    }
  });
});

describe('customer portal', () => {
  it('shows the customer their bill with its lines', async () => {
    const customer = await context.browser()!.newContext({ viewport: { width: 1366, height: 900 } });
    const p = await customer.newPage();
    try {
      await logIn(p, site.url, 'bob', 'bob-demo');
      const bill = p.getByTestId('bill');
      await bill.waitFor({ timeout: 15_000 });
      await expect.poll(() => p.getByTestId('bill-total').textContent()).toMatch(/\d/);
      expect(await p.getByTestId('bill-lines').locator('tr').count()).toBeGreaterThan(1);
      await shot(p, 'customer-portal');
    } finally {
      await customer.close();
    }
  });
});
