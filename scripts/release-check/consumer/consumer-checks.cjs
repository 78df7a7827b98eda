// The checks both consumer scripts run, given the modules each loaded its own
// way (consumer.mjs through `import`, consumer.cjs through `require`): one body,
// so the ESM and CJS checks cannot drift apart.
const assert = require('node:assert/strict');

async function runChecks(modules, format) {
  const {
    core: { ConfigurationError, createHttpClient, ValidationError },
    coreTesting: { captureLogger, serveHandlers, unusedPort },
    fedex: { createFedEx },
    fedexTesting: { createFedExFake },
    hubspot: { createHubSpot },
    hubspotTesting: { createHubSpotFake },
    mercadopago: { createMercadoPago, identification, toAmount },
    mercadopagoTesting: { createMercadoPagoFake },
    redis: { redisRateLimiter },
    sqlite: { sqliteQueue },
    stripe: { createStripe, webhooks: stripeWebhooks },
    stripeTesting: { createStripeFake },
    ups: { createUPS },
    upsTesting: { createUPSFake },
    ioredis: { Redis },
    msw: { HttpResponse, http },
  } = modules;
  const checked = [];

  /** Serves a provider fake on a real port; the fake needs its own URL first. */
  async function serveFake(createFake) {
    const port = await unusedPort();
    const url = `http://127.0.0.1:${port}`;
    const fake = createFake(url);
    const server = await serveHandlers(fake.handlers, { port });
    return { fake, url, server };
  }

  {
    const server = await serveHandlers([
      http.get('*/v1/ping', ({ request }) =>
        HttpResponse.json({ ok: true, auth: request.headers.get('authorization') }),
      ),
    ]);
    const logger = captureLogger();
    const client = createHttpClient({ name: 'consumer', baseURL: server.url, logger });
    const answer = await client.request({
      method: 'GET',
      path: '/v1/ping',
      headers: { authorization: 'Bearer consumer' },
    });
    assert.deepEqual(answer, { ok: true, auth: 'Bearer consumer' });
    assert.ok(
      logger.lines.some((line) => line.object.event === 'request.success'),
      'the logger got no request.success line',
    );
    await server.close();
    assert.throws(
      () => createHttpClient({ name: 'consumer', baseURL: 'relative/path' }),
      (error) => error instanceof ConfigurationError && /baseURL/.test(error.message),
    );
    checked.push('@int/core', '@int/core/testing');
  }

  {
    const { fake, url, server } = await serveFake((baseURL) => createStripeFake({ baseURL }));
    const stripe = createStripe({ secretKey: 'sk_test_consumer', baseURL: url });
    const intent = await stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });
    assert.match(intent.id, /^pi_/);
    assert.equal(intent.amount, 1999);
    assert.equal(fake.state.paymentIntents.size, 1);
    // One @int/core copy: the error class stripe throws is the one imported here.
    await assert.rejects(
      stripe.paymentIntents.create({ amount: -1, currency: 'usd' }),
      (error) => error instanceof ValidationError,
    );
    const payload = JSON.stringify({ id: 'evt_consumer', object: 'event' });
    const secret = 'whsec_consumer';
    const header = await stripeWebhooks.generateTestHeader({ payload, secret });
    const event = await stripeWebhooks.constructEvent(payload, header, secret);
    assert.equal(event.id, 'evt_consumer');
    await server.close();
    checked.push('@int/stripe', '@int/stripe/testing');
  }

  {
    const { fake, url, server } = await serveFake((baseURL) => createHubSpotFake({ baseURL }));
    const hubspot = createHubSpot({ accessToken: 'consumer-token', baseURL: url });
    const contact = await hubspot.contacts.create({ properties: { email: 'ada@example.com' } });
    assert.equal(contact.properties.email, 'ada@example.com');
    assert.equal(fake.objects('contacts').length, 1);
    await server.close();
    checked.push('@int/hubspot', '@int/hubspot/testing');
  }

  {
    const { fake, url, server } = await serveFake((baseURL) => createFedExFake({ baseURL }));
    const fedex = createFedEx({
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      accountNumber: '123456789',
      baseURL: url,
    });
    const address = (postalCode, stateOrProvinceCode) => ({
      address: { postalCode, stateOrProvinceCode, countryCode: 'US' },
    });
    const { quotes } = await fedex.rates.quote({
      shipper: address('38116', 'TN'),
      recipient: address('90210', 'CA'),
      packages: [{ weight: { units: 'LB', value: 5 } }],
    });
    assert.ok(quotes.length > 0, 'FedEx fake returned no quotes');
    assert.equal(fake.calls({ path: '/rate/' }), 1);
    await server.close();
    checked.push('@int/fedex', '@int/fedex/testing');
  }

  {
    const { fake, url, server } = await serveFake((baseURL) => createMercadoPagoFake({ baseURL }));
    const mercadoPago = createMercadoPago({ accessToken: 'TEST-consumer', baseURL: url });
    const payment = await mercadoPago.payments.create({
      transaction_amount: toAmount(1999, 'BRL'),
      payment_method_id: 'pix',
      payer: {
        email: 'buyer@example.com',
        identification: identification('CPF', '123.456.789-09'),
      },
    });
    assert.equal(payment.status, 'pending');
    assert.equal(payment.transaction_amount, 19.99);
    assert.equal(fake.calls({ method: 'POST', path: '/v1/payments' }), 1);
    assert.throws(
      () => identification('CPF', '123.456.789-00'),
      (error) => error instanceof ValidationError,
    );
    await server.close();
    checked.push('@int/mercadopago', '@int/mercadopago/testing');
  }

  {
    const { fake, url, server } = await serveFake((baseURL) => createUPSFake({ baseURL }));
    const ups = createUPS({
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      accountNumber: 'A1B2C3',
      baseURL: url,
    });
    const party = (name, city, stateProvinceCode, postalCode) => ({
      name,
      address: {
        addressLines: ['1 Main St'],
        city,
        stateProvinceCode,
        postalCode,
        countryCode: 'US',
      },
    });
    const { quotes } = await ups.rates.quote({
      shipper: party('Acme', 'Timonium', 'MD', '21093'),
      shipTo: party('Jane', 'Alpharetta', 'GA', '30005'),
      packages: [{ weight: { value: 5, unit: 'LBS' } }],
    });
    assert.ok(quotes.length > 0, 'UPS fake returned no quotes');
    assert.equal(fake.calls({ path: '/api/rating/' }), 1);
    await server.close();
    checked.push('@int/ups', '@int/ups/testing');
  }

  {
    const queue = sqliteQueue({ file: ':memory:', pollIntervalMs: 10 });
    await queue.enqueue('greet', { name: 'Ada' }, { jobId: 'greet-1' });
    const seen = await new Promise((resolve, reject) => {
      queue.process('greet', async (payload) => resolve(payload)).catch(reject);
    });
    assert.deepEqual(seen, { name: 'Ada' });
    await queue.close();
    checked.push('@int/sqlite');
  }

  {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const limiter = redisRateLimiter({
      redis,
      limit: 5,
      intervalMs: 1_000,
      keyPrefix: `int:consumer:${process.pid}:`,
    });
    let note = 'constructed (no Redis answered)';
    const reachable = await redis.connect().then(
      () => true,
      () => false,
    );
    if (reachable) {
      const release = await limiter.acquire(format);
      release();
      note = 'acquired a slot on Redis';
    }
    redis.disconnect();
    checked.push(`@int/redis (${note})`);
  }

  return `${format}: ok — ${checked.join(', ')}`;
}

module.exports = { runChecks };
