/**
 * Regression tests for the shop's points of the outside security review
 * (issue 15, points 11-17): each describe is one point, each test one attack
 * the review ran, which must fail.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@int/core';
import { generateTestHeader } from '@int/stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { SANDBOX_CREDENTIALS } from '../src/providers/clients.js';
import { connectSandbox } from '../src/sandbox/sandbox-control.js';
import {
  apiPost,
  getOrder,
  ORDER_BODY,
  ORDER_FORM_FIELDS,
  postOrder,
  rawRequest,
  startTestShop,
  type TestShop,
  tempDataDir,
  waitForStatus,
} from './helpers.js';

let running: TestShop | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const KiB = 1024;

/** Every regular expression literal in the shop's source, found by the TypeScript parser. */
async function regexLiterals(): Promise<Array<{ file: string; source: string; flags: string }>> {
  const ts = await import('typescript');
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((file) =>
    file.endsWith('.ts'),
  );
  const found: Array<{ file: string; source: string; flags: string }> = [];
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: import('typescript').Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(tree);
        const end = literal.lastIndexOf('/');
        found.push({ file, source: literal.slice(1, end), flags: literal.slice(end + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return found;
}

/** recheck's exact (automaton) analysis, in-process and pure JS: `safe` means linear time. */
async function complexityOf(source: string, flags: string) {
  process.env.RECHECK_BACKEND = 'pure';
  const { check } = await import('recheck');
  return check(source, flags, { checker: 'automaton' });
}

/** A JSON order padded with an ignored field to exactly `bytes` bytes. */
function orderOfSize(bytes: number): string {
  const base = JSON.stringify({ ...ORDER_BODY, note: '' });
  const body = JSON.stringify({ ...ORDER_BODY, note: 'x'.repeat(bytes - base.length) });
  expect(body.length).toBe(bytes);
  return body;
}

describe('11. ReDoS: request fields are checked by length first, then by linear patterns', () => {
  it('every regex the shop runs on request input (and every regex literal in its source) is linear; the old email pattern is caught', async () => {
    // The checker finds what the review found: the old email check is quadratic.
    const old = await complexityOf('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', '');
    expect(old).toMatchObject({
      status: 'vulnerable',
      complexity: { type: 'polynomial', degree: 2 },
    });
    const { INPUT_PATTERNS } = await import('../src/server/input-patterns.js');
    const patterns = [
      ...Object.entries(INPUT_PATTERNS).map(([name, pattern]) => ({
        file: `input-patterns.ts ${name}`,
        source: pattern.source,
        flags: pattern.flags,
      })),
      ...(await regexLiterals()),
    ];
    expect(patterns.length).toBeGreaterThan(Object.keys(INPUT_PATTERNS).length);
    for (const pattern of patterns) {
      const result = await complexityOf(pattern.source, pattern.flags);
      expect({ ...pattern, status: result.status, checker: result.checker }).toEqual({
        ...pattern,
        status: 'safe',
        checker: 'automaton',
      });
    }
  });

  it('an unauthenticated 80 KB email is a 4xx before any provider call; a long one under the body limit is refused for its length', async () => {
    running = await startTestShop();
    const { shop, wire } = running;
    const huge = await apiPost(`${shop.url}/api/orders`, {
      ...ORDER_BODY,
      email: `${'a'.repeat(80 * KiB)}@example.com`,
    });
    expect(huge.status).toBe(413);
    const form = await fetch(`${shop.url}/orders`, {
      method: 'POST',
      headers: { origin: shop.url },
      body: new URLSearchParams({ ...ORDER_FORM_FIELDS, email: 'a'.repeat(80 * KiB) }),
      redirect: 'manual',
    });
    expect(form.status).toBe(413);
    // Under the body limit, the length check answers before any pattern runs.
    const long = await postOrder(shop.url, { ...ORDER_BODY, email: 'a'.repeat(60 * KiB) });
    expect(long.status).toBe(400);
    expect(long.json.issues).toEqual([
      { path: ['email'], message: 'must be at most 254 characters' },
    ]);
    expect(wire.stripe).toEqual([]);
    expect(shop.context.orders.list()).toEqual([]);
  });

  it('the hand-written email check takes what the old pattern took and refuses the rest', async () => {
    const { isEmailAddress } = await import('../src/server/input-patterns.js');
    const old = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
    for (const value of [
      'ada@example.com',
      'a@b.c',
      'first.last+tag@sub.example.co.uk',
      'a@.b.c',
      'x',
      '@example.com',
      'ada@',
      'ada@example',
      'ada@example.',
      'ada@.com',
      'a@@b.com',
      'a@b@c.com',
      'ada @example.com',
      'ada@exa\tmple.com',
    ]) {
      expect({ value, accepted: isEmailAddress(value) }).toEqual({
        value,
        accepted: old.test(value),
      });
    }
    expect(isEmailAddress(`${'a'.repeat(65)}@example.com`)).toBe(false);
    expect(isEmailAddress(`a@${'b'.repeat(250)}.com`)).toBe(false);
  });
});

describe('12. Request bodies are limited: 64 KiB, the Stripe webhook 1 MiB', () => {
  it('a JSON order, a form or any other write one byte over 64 KiB is a 413, with or without Content-Length', async () => {
    running = await startTestShop();
    const { shop, wire } = running;
    const over = orderOfSize(64 * KiB + 1);
    const sized = await fetch(`${shop.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: over,
    });
    expect(sized.status).toBe(413);
    expect(await sized.json()).toMatchObject({ error: 'payload_too_large', limitBytes: 64 * KiB });
    // Chunked: no Content-Length to check, so the limit is counted while reading.
    const chunked = await rawRequest(`${shop.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: over,
    });
    expect(chunked.status).toBe(413);
    const fields = new URLSearchParams(ORDER_FORM_FIELDS);
    fields.set('street', 'x'.repeat(64 * KiB + 1 - fields.toString().length + 11));
    expect(fields.toString().length).toBe(64 * KiB + 1);
    const form = await fetch(`${shop.url}/orders`, {
      method: 'POST',
      headers: { origin: shop.url },
      body: fields,
      redirect: 'manual',
    });
    expect(form.status).toBe(413);
    const retry = await fetch(`${shop.url}/api/jobs/x/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: over,
    });
    expect(retry.status).toBe(413);
    expect(wire.stripe).toEqual([]);
    // At the limit exactly, the order is taken.
    const at = await fetch(`${shop.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: orderOfSize(64 * KiB),
    });
    expect(at.status).toBe(201);
  });

  it('the Stripe webhook reads up to 1 MiB (then checks the signature) and refuses one byte more', async () => {
    running = await startTestShop();
    const { shop } = running;
    const post = (bytes: number) =>
      fetch(`${shop.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
        body: `{"pad":"${'x'.repeat(bytes - 10)}"}`,
      });
    expect((await post(64 * KiB + 1)).status).toBe(400);
    expect((await post(1024 * KiB)).status).toBe(400);
    expect((await post(1024 * KiB + 1)).status).toBe(413);
  });
});

describe('13. The sandbox control server: loopback, a per-process token, its own Host, JSON only', () => {
  it('a page on another site cannot read the webhook secret, inject a fault, or get a declined order paid and shipped', async () => {
    running = await startTestShop();
    const { shop, sandbox } = running;
    const declined = (
      await postOrder(shop.url, { ...ORDER_BODY, paymentMethod: 'pm_card_chargeDeclined' })
    ).json.order as { id: string; status: string; amount: number; paymentIntentId: string };
    expect(declined.status).toBe('declined');
    const control = sandbox.urls.control;
    const port = new URL(control).port;
    // The attacker's page, its DNS name rebound to 127.0.0.1, then with the right name: no token either way.
    const reads = [
      await rawRequest(`${control}/webhook-secret`, {
        headers: { host: `rebind.attacker.example:${port}` },
      }),
      await rawRequest(`${control}/webhook-secret`),
      await rawRequest(`${control}/webhook-secret`, { headers: { authorization: 'Bearer guess' } }),
    ];
    // A "simple" cross-site POST (text/plain needs no preflight) asking HubSpot's fake to fail.
    const fault = await rawRequest(`${control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://attacker.example' },
      body: JSON.stringify({ provider: 'hubspot', status: 503, times: 1 }),
    });
    for (const response of [...reads, fault]) {
      expect([401, 403]).toContain(response.status);
      expect(response.body).not.toContain(sandbox.webhookSecret);
    }
    // With whatever secret it got (or a guess), it signs "payment succeeded" for the declined order.
    const leaked =
      reads
        .map((response) => {
          try {
            return (JSON.parse(response.body) as { webhookSecret?: string }).webhookSecret;
          } catch {
            return undefined;
          }
        })
        .find((secret) => secret !== undefined) ?? 'whsec_guessed';
    const payload = JSON.stringify({
      id: 'evt_forged_paid',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          object: 'payment_intent',
          id: declined.paymentIntentId,
          status: 'succeeded',
          amount: declined.amount,
          currency: 'usd',
          metadata: { order_id: declined.id },
        },
      },
    });
    const forged = await fetch(`${shop.url}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': await generateTestHeader({ payload, secret: leaked }),
      },
      body: payload,
    });
    expect(forged.status).toBe(400);
    // No fault was injected: HubSpot's fake answers as usual.
    const hubspot = await fetch(`${sandbox.urls.hubspot}/crm/v3/objects/contacts?limit=1`, {
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.hubspotAccessToken}` },
    });
    expect(hubspot.status).toBe(200);
    expect((await getOrder(shop.url, declined.id)).order.status).toBe('declined');
    expect(sandbox.inspect().fedex.shipments).toBe(0);
  });

  it('every route needs the token, which no route serves; the Host must be its own; bodies only as small JSON', async () => {
    running = await startTestShop();
    const { sandbox } = running;
    const control = sandbox.urls.control;
    const { hostname, port } = new URL(control);
    expect(hostname).toBe('127.0.0.1');
    expect(sandbox.controlToken).toMatch(/^[0-9a-f]{64}$/);
    const token = { authorization: `Bearer ${sandbox.controlToken}` };
    const json = { 'content-type': 'application/json' };
    const routes: Array<{ method: string; path: string; body?: string }> = [
      { method: 'GET', path: '/urls' },
      { method: 'GET', path: '/webhook-secret' },
      { method: 'GET', path: '/inspect' },
      {
        method: 'POST',
        path: '/faults',
        body: JSON.stringify({ provider: 'fedex', status: 503, times: 1 }),
      },
      { method: 'DELETE', path: '/faults' },
    ];
    for (const { method, path, body } of routes) {
      const headers = body ? json : {};
      const send = (extra: Record<string, string>) =>
        rawRequest(`${control}${path}`, { method, headers: { ...headers, ...extra }, body });
      expect({ path, status: (await send({})).status }).toEqual({ path, status: 401 });
      expect({ path, status: (await send({ authorization: 'Bearer x' })).status }).toEqual({
        path,
        status: 401,
      });
      const foreign = await send({ ...token, host: `attacker.example:${port}` });
      expect({ path, status: foreign.status }).toEqual({ path, status: 403 });
      const allowed = await send(token);
      expect({ path, status: allowed.status }).toEqual({ path, status: 200 });
      expect(allowed.body).not.toContain(sandbox.controlToken);
      const local = await send({ ...token, host: `localhost:${port}` });
      expect({ path, status: local.status }).toEqual({ path, status: 200 });
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const response = await rawRequest(`${control}/faults`, {
        method: 'POST',
        headers: { ...token, 'content-type': type },
        body: JSON.stringify({ provider: 'fedex', status: 503, times: 1 }),
      });
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
    }
    const large = await rawRequest(`${control}/faults`, {
      method: 'POST',
      headers: { ...token, ...json },
      body: JSON.stringify({ provider: 'fedex', status: 503, pad: 'x'.repeat(17 * KiB) }),
    });
    expect(large.status).toBe(413);
    sandbox.clearFaults();
    await expect(connectSandbox(control, 'not-the-token')).rejects.toThrow(/answered 401/);
    const connected = await connectSandbox(control, sandbox.controlToken);
    expect(connected.webhookSecret).toBe(sandbox.webhookSecret);
  });

  it('a shop started against separate fakes needs their token', () => {
    expect(() => loadConfig({ SHOP_FAKES_URL: 'http://127.0.0.1:4000' })).toThrow(
      /SHOP_FAKES_TOKEN/,
    );
    expect(
      loadConfig({ SHOP_FAKES_URL: 'http://127.0.0.1:4000', SHOP_FAKES_TOKEN: 'a'.repeat(64) })
        .fakesToken,
    ).toBe('a'.repeat(64));
  });
});

describe('14. Host allowlist and origin checks (DNS rebinding)', () => {
  it("a rebinding page (Host and Origin both the attacker's name) can neither retry a job, place an order nor read orders", async () => {
    running = await startTestShop();
    const { shop, wire } = running;
    const port = new URL(shop.url).port;
    const evil = `rebind.attacker.example:${port}`;
    const as = (extra: Record<string, string>) => ({
      host: evil,
      origin: `http://${evil}`,
      ...extra,
    });
    const retry = await rawRequest(`${shop.url}/jobs/x/retry`, {
      method: 'POST',
      headers: as({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: '',
    });
    expect(retry.status).toBe(403);
    const form = await rawRequest(`${shop.url}/orders`, {
      method: 'POST',
      headers: as({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams(ORDER_FORM_FIELDS).toString(),
    });
    expect(form.status).toBe(403);
    const place = await rawRequest(`${shop.url}/api/orders`, {
      method: 'POST',
      headers: as({ 'content-type': 'application/json' }),
      body: JSON.stringify(ORDER_BODY),
    });
    expect(place.status).toBe(403);
    for (const path of ['/api/orders', '/', '/orders', '/api/health']) {
      const read = await rawRequest(`${shop.url}${path}`, { headers: { host: evil } });
      expect({ path, status: read.status }).toEqual({ path, status: 403 });
      expect(read.body).not.toContain('ord_');
    }
    expect(wire.stripe).toEqual([]);
    expect(shop.context.orders.list()).toEqual([]);
  });

  it('answers to its public URL and the loopback names on its port only; writes need one of its own origins', async () => {
    running = await startTestShop({ env: { SHOP_PUBLIC_URL: 'https://shop.example.com' } });
    const { shop, wire } = running;
    // The shop listens on loopback; its public name is a proxy's, here only a Host header.
    const port = String(shop.context.config.port);
    const local = `http://127.0.0.1:${port}`;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'shop.example.com',
      'SHOP.example.com',
    ]) {
      const response = await rawRequest(`${local}/api/health`, { headers: { host } });
      expect({ host, status: response.status }).toEqual({ host, status: 200 });
    }
    for (const host of [
      'shop.example.com.attacker.example',
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `app.localhost:${port}`,
      `127.0.0.1:${Number(port) + 1}`,
      'shop.example.com:8443',
    ]) {
      const response = await rawRequest(`${local}/api/health`, { headers: { host } });
      expect({ host, status: response.status }).toEqual({ host, status: 403 });
    }
    // Not a host name at all: the HTTP server refuses it before the shop sees it.
    const userinfo = await rawRequest(`${local}/api/health`, {
      headers: { host: `127.0.0.1:${port}@attacker.example` },
    });
    expect([400, 403]).toContain(userinfo.status);
    // The guards let these through to the route (an unknown job is a 404), or refuse them (403).
    const retry = (host: string, origin: string) =>
      rawRequest(`${local}/jobs/unknown/retry`, {
        method: 'POST',
        headers: { host, origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
    expect((await retry('shop.example.com', 'https://shop.example.com')).status).toBe(404);
    expect((await retry(`localhost:${port}`, `http://localhost:${port}`)).status).toBe(404);
    expect((await retry('shop.example.com', 'https://attacker.example')).status).toBe(403);
    expect((await retry('shop.example.com', 'http://shop.example.com')).status).toBe(403);
    // A JSON write naming a foreign origin is refused too, whatever its Host.
    const json = await rawRequest(`${local}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://attacker.example' },
      body: JSON.stringify(ORDER_BODY),
    });
    expect(json.status).toBe(403);
    expect(wire.stripe).toEqual([]);
  });
});

describe('15. Security headers: no framing, no sniffing, a strict CSP', () => {
  it('every page forbids framing, sniffing and inline script; its only inline content, the stylesheet, is allowed by hash', async () => {
    running = await startTestShop();
    const { shop } = running;
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitForStatus(shop.url, id, 'completed');
    for (const path of ['/', '/orders', `/orders/${id}`, '/inbox', '/jobs', '/orders/ord_0000']) {
      const response = await fetch(`${shop.url}${path}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        policy.split(';').map((directive) => {
          const [name = '', ...values] = directive.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect({ path, frameAncestors: directives.get('frame-ancestors') }).toEqual({
        path,
        frameAncestors: ["'none'"],
      });
      expect(directives.get('default-src')).toEqual(["'none'"]);
      // No script-src: scripts fall back to default-src 'none'.
      expect(directives.has('script-src')).toBe(false);
      expect(directives.get('form-action')).toEqual(["'self'"]);
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      const page = await response.text();
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<[^>]*\s(style|on[a-z]+)\s*=/i);
      const styles = [...page.matchAll(/<style>([^<]*)<\/style>/g)].map((match) => match[1]!);
      expect(styles).toHaveLength(1);
      const hash = `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`;
      expect(directives.get('style-src')).toEqual([hash]);
    }
    // The JSON API and the label get the same headers.
    for (const path of ['/api/orders', `/orders/${id}/label`]) {
      const response = await fetch(`${shop.url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

describe('16. Only failed jobs are retried; the data files are private', () => {
  it('retrying a done ship-order job over the API or the form is a 409 and ships nothing again', async () => {
    running = await startTestShop();
    const { shop, sandbox } = running;
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitForStatus(shop.url, id, 'completed');
    const jobId = `ship-order:${id}`;
    const api = await apiPost(`${shop.url}/api/jobs/${encodeURIComponent(jobId)}/retry`);
    expect(api.status).toBe(409);
    expect(await api.json()).toEqual({
      error: 'JobStateError',
      state: 'done',
      message: `Job "${jobId}" is done; only a failed job can be retried.`,
    });
    const form = await fetch(`${shop.url}/jobs/${encodeURIComponent(jobId)}/retry`, {
      method: 'POST',
      headers: { origin: shop.url },
      redirect: 'manual',
    });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain('only a failed job can be retried');
    expect(await shop.context.queue.get(jobId)).toMatchObject({ state: 'done', attempts: 1 });
    expect(sandbox.inspect().ups).toMatchObject({ shipments: 1, shipmentRequests: 1 });
    expect(sandbox.inspect().fedex.shipments).toBe(0);
    // An unknown job is a 404 on both.
    expect((await apiPost(`${shop.url}/api/jobs/nope/retry`)).status).toBe(404);
  });

  it('creates the data folder 0700 and the SQLite file 0600, and tightens ones an older run left open', async () => {
    const parent = tempDataDir();
    cleanups.push(parent.remove);
    const dir = join(parent.dir, 'data');
    const database = join(dir, 'shop.db');
    const mode = (path: string) => statSync(path).mode & 0o777;
    running = await startTestShop({ env: { SHOP_DATA_DIR: dir } });
    expect(mode(dir)).toBe(0o700);
    expect(mode(database)).toBe(0o600);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(`${database}${suffix}`)) expect(mode(`${database}${suffix}`)).toBe(0o600);
    }
    await running.close();
    running = undefined;

    chmodSync(dir, 0o755);
    chmodSync(database, 0o644);
    running = await startTestShop({ env: { SHOP_DATA_DIR: dir } });
    expect(mode(dir)).toBe(0o700);
    expect(mode(database)).toBe(0o600);
  });
});

describe('17. Loopback by default; a per-client limit on order creation', () => {
  it('binds to 127.0.0.1 unless HOST says otherwise; the order limit defaults to 10 a minute', async () => {
    const config = loadConfig({}, '/srv/shop');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      orderRateLimit: 10,
      orderRateWindowMs: 60_000,
    });
    expect(() => loadConfig({ SHOP_ORDER_RATE_LIMIT: 'many' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ SHOP_ORDER_RATE_WINDOW_MS: '10' })).toThrow(
      /SHOP_ORDER_RATE_WINDOW_MS/,
    );
    running = await startTestShop();
    expect(new URL(running.shop.url).hostname).toBe('127.0.0.1');
  });

  it('a client past SHOP_ORDER_RATE_LIMIT order requests in the window gets a 429 with Retry-After and nothing is sent; another client still gets in', async () => {
    running = await startTestShop({
      env: { SHOP_ORDER_RATE_LIMIT: '2', SHOP_ORDER_RATE_WINDOW_MS: '60000' },
    });
    const { shop, wire } = running;
    expect((await postOrder(shop.url, ORDER_BODY)).status).toBe(201);
    // A refused order still counts: the limit is on requests, before the body is read.
    expect((await apiPost(`${shop.url}/api/orders`, {})).status).toBe(400);
    const third = await apiPost(`${shop.url}/api/orders`, ORDER_BODY);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('60');
    expect(await third.json()).toMatchObject({ error: 'rate_limited' });
    const form = await fetch(`${shop.url}/orders`, {
      method: 'POST',
      headers: { origin: shop.url },
      body: new URLSearchParams(ORDER_FORM_FIELDS),
      redirect: 'manual',
    });
    expect(form.status).toBe(429);
    expect((await apiPost(`${shop.url}/api/demo`)).status).toBe(429);
    expect(wire.stripe.filter((request) => request.path === '/v1/payment_intents')).toHaveLength(1);
    expect(shop.context.orders.list()).toHaveLength(1);
    // Another client (another loopback address) has a budget of its own; reading is never limited.
    const other = await rawRequest(`${shop.url}/api/orders`, {
      method: 'POST',
      localAddress: '127.0.0.2',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ORDER_BODY),
    });
    expect(other.status).toBe(201);
    expect((await fetch(`${shop.url}/api/orders`)).status).toBe(200);
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped ones by the IPv4 address', async () => {
    const { clientKey } = await import('../src/server/order-rate-limit.js');
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});
