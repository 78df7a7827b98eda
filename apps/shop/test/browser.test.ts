import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unusedPort } from '@int/core/testing';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/sandbox/sandbox.js';
import { tempDataDir, waitFor } from './helpers.js';
import { type ShopProcess, spawnShop } from './shop-process.js';

const CHROMIUM = '/usr/bin/chromium';
// The committed screenshots (docs/screenshots, shown in the README) are refreshed
// with UPDATE_SCREENSHOTS=1; an ordinary run writes beside its data (gitignored),
// so `pnpm test` leaves the checkout clean.
const SCREENSHOTS = fileURLToPath(
  process.env.UPDATE_SCREENSHOTS === '1'
    ? new URL('../../../docs/screenshots/', import.meta.url)
    : new URL('../.data/screenshots/', import.meta.url),
);
const hasChromium = existsSync(CHROMIUM);

// In CI a missing browser is a failure, never a skip (.ci/run installs Debian's chromium).
if (!hasChromium && process.env.CI) {
  throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium (see .ci/run).`);
}

const data = tempDataDir();
const profile = mkdtempSync(join(tmpdir(), 'int-shop-chromium-'));
let sandbox: Sandbox | undefined;
let shop: ShopProcess | undefined;
let browser: BrowserContext | undefined;

beforeAll(async () => {
  if (!hasChromium) return;
  const port = await unusedPort();
  sandbox = await startSandbox({
    webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
  });
  // Two attempts per job, so an outage fails a job quickly enough to retry it by hand.
  shop = await spawnShop({
    port,
    dataDir: data.dir,
    fakesUrl: sandbox.urls.control,
    fakesToken: sandbox.controlToken,
    env: { SHOP_JOB_ATTEMPTS: '2' },
  });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  await shop?.kill('SIGTERM');
  await sandbox?.close();
  data.remove();
  rmSync(profile, { recursive: true, force: true });
});

async function placeOrderThroughForm(page: Page, card: string): Promise<string> {
  await page.goto(`${shop!.url}/`);
  await page.getByTestId('new-order-link').click();
  await page.waitForURL(/\/orders/);
  const form = page.getByTestId('order-form');
  await form.getByTestId('field-email').fill('margaret@example.com');
  await form.getByTestId('field-name').fill('Margaret Hamilton');
  await form.getByTestId('field-city').fill('Boston');
  await form.getByTestId('field-state').fill('MA');
  await form.getByTestId('field-postal').fill('02108');
  await form.getByTestId('field-street').fill('24 Beacon St');
  await form.getByTestId('qty-BAG-01').fill('1');
  await form.getByTestId('field-card').selectOption(card);
  await form.getByTestId('place-order').click();
  await page.waitForURL(/\/orders\/ord_[a-f0-9]+$/);
  return (await page.getByTestId('order-id').textContent())!.trim();
}

async function waitSynced(page: Page): Promise<void> {
  // The order page reloads itself every second until the order is final.
  await page.locator('[data-testid="flag-synced"][data-done="yes"]').waitFor({ timeout: 45_000 });
  expect(await page.locator('[data-testid="flag-shipped"]').getAttribute('data-done')).toBe('yes');
}

describe.skipIf(!hasChromium)('the shop in Chromium', () => {
  it('takes a card order and a Pix order through the form, shows health, and retries a failed job by its button', async () => {
    const page = await browser!.newPage();
    // The strict CSP must fit the pages: nothing they use may be refused.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });

    // The dashboard before any call: five cards, nothing known yet.
    await page.goto(`${shop!.url}/`);
    for (const provider of ['stripe', 'mercadopago', 'fedex', 'ups', 'hubspot']) {
      expect((await page.getByTestId(`health-${provider}`).textContent())?.trim()).toBe('unknown');
    }

    // An order through the form becomes paid, shipped and synced.
    const first = await placeOrderThroughForm(page, 'pm_card_visa');
    await waitSynced(page);
    expect((await page.getByTestId('order-status').textContent())?.trim()).toBe('completed');
    // Rate shopping: UPS is the cheaper carrier for this parcel; FedEx's quotes are shown as lost.
    expect((await page.getByTestId('carrier').textContent())?.trim()).toBe('ups');
    expect((await page.getByTestId('tracking-number').textContent())?.trim()).toMatch(
      /^1Z[0-9A-Z]{16}$/,
    );
    expect(await page.locator('[data-testid="shipping-quote"][data-chosen="yes"]').count()).toBe(1);
    expect(
      await page.locator('[data-testid="shipping-quote"][data-carrier="fedex"]').count(),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline-entry').count()).toBeGreaterThanOrEqual(10);

    // A Pix order: the QR code and the copy-and-paste code, then the sandbox pays it.
    const pix = await placeOrderThroughForm(page, 'pix');
    expect(pix).not.toBe(first);
    expect((await page.getByTestId('order-status').textContent())?.trim()).toBe('pending_payment');
    expect(
      await page
        .getByTestId('pix-qr')
        .evaluate(
          (image) =>
            (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
        ),
    ).toBe(true);
    expect((await page.getByTestId('pix-code').textContent())?.trim()).toMatch(/^000201/);
    const [paid] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.request().method() === 'POST' &&
          new URL(response.url()).pathname === `/orders/${pix}/pay-pix`,
      ),
      page.getByTestId('pay-pix').click(),
    ]);
    expect(paid.status()).toBe(303);
    await waitSynced(page);
    expect((await page.getByTestId('order-status').textContent())?.trim()).toBe('completed');
    expect(sandbox!.inspect().mercadopago.approvedPayments).toBe(1);

    // Health cards: every provider ok, the chart and recent calls drawn.
    await page.goto(`${shop!.url}/`);
    for (const provider of ['stripe', 'mercadopago', 'fedex', 'ups', 'hubspot']) {
      expect((await page.getByTestId(`health-${provider}`).textContent())?.trim()).toBe('ok');
    }
    expect(await page.locator('[data-testid="latency-chart"] circle').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('recent-call').count()).toBeGreaterThan(5);

    // Both carriers go down: the next order's ship job uses its two attempts and fails.
    sandbox!.fedex.fail({ path: '/rate/', times: Number.POSITIVE_INFINITY });
    sandbox!.ups.fail({ path: '/api/rating/', times: Number.POSITIVE_INFINITY });
    const second = await placeOrderThroughForm(page, 'pm_card_visa');
    expect(second).not.toBe(first);
    const row = page.locator(`[data-testid="job-row"][data-job-id="ship-order:${second}"]`);
    await waitFor(
      'the ship job to fail',
      async () => {
        await page.goto(`${shop!.url}/jobs`);
        return (await row.getAttribute('data-state')) === 'failed';
      },
      45_000,
      250,
    );
    await page.goto(`${shop!.url}/`);
    expect(await page.getByTestId('health-card-fedex').getAttribute('data-health')).toMatch(
      /warning|error/,
    );
    expect(await page.getByTestId('last-error-fedex').textContent()).toContain('503');

    // The carriers are back; the Retry button runs the job again and the order completes.
    sandbox!.fedex.clearFaults();
    sandbox!.ups.clearFaults();
    await page.goto(`${shop!.url}/jobs`);
    // The click's POST must be answered (303 back to /jobs), then the job must run to done.
    const [retried] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.request().method() === 'POST' &&
          new URL(response.url()).pathname ===
            `/jobs/${encodeURIComponent(`ship-order:${second}`)}/retry`,
      ),
      row.getByTestId('retry-job').click(),
    ]);
    expect(retried.status()).toBe(303);
    await waitFor(
      'the retried ship job to be done',
      async () => {
        await page.goto(`${shop!.url}/jobs`);
        return (await row.getAttribute('data-state')) === 'done';
      },
      45_000,
      250,
    );
    await page.goto(`${shop!.url}/orders/${second}`);
    await waitSynced(page);
    const seen = sandbox!.inspect();
    expect(seen.fedex.shipments + seen.ups.shipments).toBe(3);

    expect(refused).toEqual([]);
    // The stylesheet applied under the CSP (allowed by its hash): the header bar is dark.
    expect(
      await page.locator('header').evaluate((element) => getComputedStyle(element).backgroundColor),
    ).toBe('rgb(17, 24, 39)');

    // Screenshots for the README.
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'order.png'), fullPage: true });
    await page.goto(`${shop!.url}/`);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    for (const name of ['order.png', 'dashboard.png']) {
      expect(statSync(join(SCREENSHOTS, name)).size).toBeGreaterThan(10_000);
    }
  });
});
