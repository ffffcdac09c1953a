/**
 * What the browser suites run against: the demo platform (a small fleet over real TCP, head-end,
 * MDM, billing, prepayment) behind the real API, serving the built console from packages/web/dist,
 * and Debian's chromium driven by playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Api, AuditLog, createApi, UserStore } from '@gridmeter/api';
import { type Browser, chromium, type Page } from 'playwright-core';
import { demoLogins, seedUsers } from '../../packages/cli/src/demo/users.js';
import { webRoot } from '../../packages/cli/src/demo/web-root.js';
import { type Platform, startPlatform } from '../../packages/cli/src/platform/platform.js';
import { prepaymentLedgerFor } from '../../packages/cli/src/platform/prepayment.js';

const DAY = 86_400_000;
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots are kept as CI artifacts. */
export const SHOTS = join(process.cwd(), '.ci', 'out', 'screenshots');

export interface Site {
  readonly platform: Platform;
  readonly app: Api;
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts the platform (simulated `startAt`), backfills two days, bills them, and opens the site and a browser. */
export async function startSite(startAt: number): Promise<Site> {
  const root = webRoot();
  if (!root) throw new Error('packages/web/dist is missing: run `npm run build` (npm ci does it) first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  await mkdir(SHOTS, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'gm-browser-'));
  const today = Math.floor(startAt / DAY) * DAY;
  const platform = await startPlatform({
    meters: 40,
    seed: 5,
    speed: 1,
    historyDays: 2,
    dlmsHost: '0.0.0.0',
    dlmsPort: 0,
    dataDir: dir,
    storePath: ':memory:',
    concurrency: 20,
    startAt,
    prepayment: (parts) => prepaymentLedgerFor(parts, today - 2 * DAY),
  });
  let app: Api | undefined;
  let browser: Browser | undefined;
  try {
    const ids = platform.catalogue.map((e) => e.meterId);
    await platform.headEnd.collect(ids, ['profile', 'registers', 'events']);
    await platform.pipeline.flush();
    await platform.services.billing.runBills({ from: today - 2 * DAY, to: today }, 'test');
    const users = new UserStore();
    await seedUsers(users, demoLogins(platform.catalogue));
    app = await createApi({
      services: platform.services,
      users,
      audit: new AuditLog(),
      webRoot: root,
      rateLimit: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const opened = { app, browser };
    return {
      platform,
      app,
      browser,
      url: `http://127.0.0.1:${address.port}`,
      close: async () => {
        await opened.browser.close();
        await opened.app.close();
        await platform.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await app?.close();
    await platform.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Logs in through the login form. */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user').waitFor();
}

/** Saves a full-page screenshot as `<SHOTS>/<name>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
