import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHubSpot, verifyRequest, verifySignature, webhooks } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const V1_BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

/** v3 computed here with node:crypto, independently of the package. */
function independentV3(method: string, uri: string, body: string, timestamp: number): string {
  return createHmac('sha256', SECRET).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}

describe('webhooks.verifySignature', () => {
  it('v1 published vector', async () => {
    const signature = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de';
    expect(
      await verifySignature({
        version: 'v1',
        minVersion: 'v1',
        clientSecret: SECRET,
        body: V1_BODY,
        signature,
      }),
    ).toBe(true);
    expect(
      await verifySignature({
        version: 'v1',
        minVersion: 'v1',
        clientSecret: SECRET,
        body: `${V1_BODY} `,
        signature,
      }),
    ).toBe(false);
    expect(
      await verifySignature({
        version: 'v1',
        minVersion: 'v1',
        clientSecret: 'other',
        body: V1_BODY,
        signature,
      }),
    ).toBe(false);
  });

  it('v2 published vectors (GET, empty body; POST with a body)', async () => {
    expect(
      await verifySignature({
        version: 'v2',
        minVersion: 'v2',
        clientSecret: SECRET,
        method: 'GET',
        url: 'https://www.example.com/webhook_uri',
        body: '',
        signature: 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
      }),
    ).toBe(true);
    expect(
      await verifySignature({
        version: 'v2',
        minVersion: 'v2',
        clientSecret: SECRET,
        method: 'POST',
        url: 'https://www.example.com/webhook_uri',
        body: '{"example_field":"example_value"}',
        signature: '9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900',
      }),
    ).toBe(true);
    expect(
      await verifySignature({
        version: 'v2',
        minVersion: 'v2',
        clientSecret: SECRET,
        method: 'POST',
        url: 'https://www.example.com/webhook_uri',
        body: '',
        signature: 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
      }),
    ).toBe(false);
  });

  it('v3 matches an independent HMAC with the clock injected; stale and future timestamps are false', async () => {
    const now = 1_764_000_000_000;
    const url = 'https://hooks.example.com/hubspot?portal=62515&name=a%3Ab';
    const decoded = 'https://hooks.example.com/hubspot?portal=62515&name=a:b';
    const body = '[{"objectId":1}]';
    const signature = independentV3('POST', decoded, body, now - 1_000);
    const input = {
      version: 'v3' as const,
      clientSecret: SECRET,
      method: 'POST',
      url,
      body,
      signature,
    };
    expect(await verifySignature({ ...input, timestamp: now - 1_000, now: () => now })).toBe(true);
    expect(
      await verifySignature({ ...input, timestamp: String(now - 1_000), now: () => now }),
    ).toBe(true);
    // The same request 5 minutes and 1 second later, or from 5 minutes in the future.
    expect(
      await verifySignature({ ...input, timestamp: now - 1_000, now: () => now + 300_000 }),
    ).toBe(false);
    const future = now + 300_001;
    expect(
      await verifySignature({
        ...input,
        signature: independentV3('POST', decoded, body, future),
        timestamp: future,
        now: () => now,
      }),
    ).toBe(false);
    expect(await verifySignature({ ...input, timestamp: undefined, now: () => now })).toBe(false);
    expect(
      await verifySignature({
        ...input,
        signature: `${signature.slice(0, -2)}AA`,
        timestamp: now - 1_000,
        now: () => now,
      }),
    ).toBe(false);
  });

  it('v3 decodes exactly HubSpot’s list of escapes', async () => {
    const now = 1_764_000_000_000;
    const url = 'https://x.example.com/p%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B%20%25';
    const signed = "https://x.example.com/p:/?@!$'()*,;%20%25";
    const signature = independentV3('POST', signed, '', now);
    expect(
      await verifySignature({
        version: 'v3',
        clientSecret: SECRET,
        method: 'POST',
        url,
        body: '',
        signature,
        timestamp: now,
        now: () => now,
      }),
    ).toBe(true);
  });

  it('never accepts a different v1 body or signature (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (body, other) => {
        const signature = createHash('sha256').update(`${SECRET}${body}`).digest('hex');
        expect(
          await verifySignature({
            version: 'v1',
            minVersion: 'v1',
            clientSecret: SECRET,
            body,
            signature,
          }),
        ).toBe(true);
        if (other !== body) {
          expect(
            await verifySignature({
              version: 'v1',
              minVersion: 'v1',
              clientSecret: SECRET,
              body: other,
              signature,
            }),
          ).toBe(false);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('webhooks.verifyRequest', () => {
  it('reads the v3 headers from a Request signed by the fake, and leaves the body readable', async () => {
    const fake = createHubSpotFake();
    const body = '[{"eventId":7}]';
    const url = 'https://hooks.example.com/hubspot';
    const headers = await fake.signWebhook({
      version: 'v3',
      clientSecret: SECRET,
      method: 'POST',
      url,
      body,
    });
    const request = new Request(url, { method: 'POST', headers, body });
    expect(await verifyRequest(request, SECRET)).toBe(true);
    expect(await request.text()).toBe(body);
    expect(
      await verifyRequest(new Request(url, { method: 'POST', headers, body: '[]' }), SECRET),
    ).toBe(false);
    const hubspot = createHubSpot({ accessToken: 'x' });
    expect(hubspot.webhooks).toBe(webhooks);
  });

  it('reads v1 and v2 headers when the caller opts in; rejects a missing signature', async () => {
    const v1 = new Request('https://hooks.example.com/h', {
      method: 'POST',
      headers: {
        'X-HubSpot-Signature': '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
        'X-HubSpot-Signature-Version': 'v1',
      },
      body: V1_BODY,
    });
    expect(await webhooks.verifyRequest(v1, SECRET, { minVersion: 'v1' })).toBe(true);
    const v2 = new Request('https://www.example.com/webhook_uri', {
      method: 'GET',
      headers: {
        'X-HubSpot-Signature': 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
        'X-HubSpot-Signature-Version': 'v2',
      },
    });
    expect(await webhooks.verifyRequest(v2, SECRET, { minVersion: 'v2' })).toBe(true);
    expect(
      await webhooks.verifyRequest(
        new Request('https://x.example.com', { method: 'POST', body: '{}' }),
        SECRET,
        { minVersion: 'v1' },
      ),
    ).toBe(false);
  });
});
