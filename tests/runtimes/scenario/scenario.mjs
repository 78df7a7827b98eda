// The scenario every runtime runs: the built packages against the fakes the
// Node test serves on 127.0.0.1. Plain JavaScript, so Node 20, Bun, Deno and
// workerd (through an esbuild bundle) all run this very file. Each step is
// caught on its own and reported, so one failure does not hide the others;
// the test asserts on what comes back and on what the servers saw.
import { SecretBox, signStandardWebhook, verifyStandardWebhook } from '@int/core';
import { createFedEx } from '@int/fedex';
import { createHubSpot, verifySignature } from '@int/hubspot';
import { CardError, constructEvent, createStripe } from '@int/stripe';

async function step(run) {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return {
      ok: false,
      error: {
        name: error?.name,
        message: String(error?.message ?? error),
        reason: error?.reason,
        stack: String(error?.stack ?? '')
          .split('\n')
          .slice(0, 6)
          .join('\n'),
      },
    };
  }
}

/** Runs every point of the matrix; `config` comes from the test (URLs, vectors signed on Node). */
export async function runScenario(config) {
  const stripe = createStripe({ secretKey: 'sk_test_runtimes', baseURL: config.stripeBaseURL });
  const results = {};

  results.retry = await step(async () => {
    const intent = await stripe.paymentIntents.create(
      { amount: 2000, currency: 'usd', metadata: { step: 'retry' } },
      { idempotencyKey: config.retryIdempotencyKey },
    );
    return { id: intent.id, amount: intent.amount };
  });

  results.pagination = await step(async () => {
    const created = [];
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      created.push((await stripe.customers.create({ email })).id);
    }
    const listed = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) listed.push(customer.id);
    return { created, listed };
  });

  results.cardError = await step(async () => {
    try {
      await stripe.paymentIntents.create({
        amount: 1500,
        currency: 'usd',
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
      });
      return { thrown: false };
    } catch (error) {
      return {
        thrown: true,
        name: error?.name,
        instanceOfCardError: error instanceof CardError,
        isCardError: CardError.isInstance(error),
        status: error?.status,
        declineCode: error?.declineCode,
        requestId: error?.requestId,
      };
    }
  });

  const hook = config.stripeWebhook;
  results.stripeWebhook = await step(async () => {
    const event = await constructEvent(hook.payload, hook.header, hook.secret, {
      now: () => hook.nowMs,
    });
    let tampered;
    try {
      await constructEvent(hook.tamperedPayload, hook.header, hook.secret, {
        now: () => hook.nowMs,
      });
      tampered = { refused: false };
    } catch (error) {
      tampered = { refused: true, name: error?.name, reason: error?.reason };
    }
    return { id: event.id, type: event.type, tampered };
  });

  const hubspotV3 = config.hubspotV3;
  results.hubspotSignature = await step(async () => ({
    valid: await verifySignature({ ...hubspotV3.input, now: () => hubspotV3.nowMs }),
    tampered: await verifySignature({
      ...hubspotV3.input,
      body: `${hubspotV3.input.body} `,
      now: () => hubspotV3.nowMs,
    }),
  }));

  const standard = config.standardWebhook;
  results.standardWebhooks = await step(async () => {
    const now = () => standard.nowMs;
    const fromNode = await verifyStandardWebhook({
      payload: standard.payload,
      headers: standard.headers,
      secret: standard.secret,
      now,
    });
    // Round trip: signed here, verified here.
    const headers = await signStandardWebhook({
      id: 'msg_roundtrip',
      payload: standard.payload,
      secret: standard.secret,
      now,
    });
    const roundTrip = await verifyStandardWebhook({
      payload: standard.payload,
      headers,
      secret: standard.secret,
      now,
    });
    let tampered;
    try {
      await verifyStandardWebhook({
        payload: `${standard.payload} `,
        headers,
        secret: standard.secret,
        now,
      });
      tampered = { refused: false };
    } catch (error) {
      tampered = { refused: true, reason: error?.reason };
    }
    return {
      fromNodeId: fromNode.id,
      roundTripId: roundTrip.id,
      signatureFromHere: headers['webhook-signature'],
      tampered,
    };
  });

  results.secretBox = await step(async () => {
    const box = new SecretBox([{ id: config.secretBox.keyId, key: config.secretBox.key }]);
    return {
      opened: await box.open(config.secretBox.envelope, {
        associatedData: config.secretBox.associatedData,
      }),
    };
  });

  results.fedex = await step(async () => {
    const fedex = createFedEx({
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      accountNumber: '123456789',
      baseURL: config.fedexBaseURL,
    });
    const at = (postalCode) => ({ address: { postalCode, countryCode: 'US' } });
    const result = await fedex.rates.quote({
      shipper: at('38116'),
      recipient: at('90210'),
      packages: [{ weight: { units: 'LB', value: 5 } }],
    });
    return {
      quotes: result.quotes.length,
      firstCharge: result.quotes[0]?.totalNetCharge ?? null,
    };
  });

  results.hubspotContact = await step(async () => {
    const hubspot = createHubSpot({ accessToken: 'pat-runtimes', baseURL: config.hubspotBaseURL });
    const contact = await hubspot.contacts.create({
      properties: { email: 'ada@example.com', firstname: 'Ada' },
    });
    return { id: contact.id, email: contact.properties?.email };
  });

  return results;
}
