import {
  ConfigurationError,
  createWebhookInbox,
  memoryInboxStore,
  memoryQueue,
  WebhookVerificationError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import {
  constructEvents,
  type HubSpotWebhookEvent,
  hubspotHandlers,
  hubspotWebhookVerifier,
} from '../src/index.js';
import { signWebhookHeaders } from '../src/testing/signed-webhook-headers.js';

const SECRET = 'hubspot-client-secret';
const URL_CALLED = 'https://shop.example.com/webhooks/hubspot?portal=1';
const T = 1_900_000_000_000;
const now = () => T;

function event(eventId: number, subscriptionType: string, objectId = 100 + eventId) {
  return {
    eventId,
    subscriptionId: 7,
    portalId: 62515,
    appId: 54321,
    occurredAt: T - 1_000,
    subscriptionType,
    attemptNumber: 0,
    objectId,
  };
}

async function signed(body: string, version: 'v1' | 'v2' | 'v3' = 'v3', timestamp = T) {
  return signWebhookHeaders({
    version,
    clientSecret: SECRET,
    method: 'POST',
    url: URL_CALLED,
    body,
    timestamp,
  });
}

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
  return undefined;
}

describe('constructEvents', () => {
  const body = JSON.stringify([event(1, 'contact.creation')]);
  const options = { url: URL_CALLED, now };

  it('returns the events of a request signed with v3', async () => {
    const events = await constructEvents(body, await signed(body), SECRET, options);
    expect(events).toEqual([event(1, 'contact.creation')]);
  });

  it('throws WebhookVerificationError with the reason of each failure', async () => {
    const headers = await signed(body);
    expect(await reasonOf(constructEvents(`${body} `, headers, SECRET, options))).toBe(
      'no_matching_signature',
    );
    expect(await reasonOf(constructEvents(body, headers, 'other-secret', options))).toBe(
      'no_matching_signature',
    );
    expect(
      await reasonOf(constructEvents(body, await signed(body, 'v3', T - 300_001), SECRET, options)),
    ).toBe('timestamp_too_old');
    expect(
      await reasonOf(constructEvents(body, await signed(body, 'v3', T + 300_001), SECRET, options)),
    ).toBe('timestamp_too_new');
    expect(await reasonOf(constructEvents(body, {}, SECRET, options))).toBe('missing_header');
    expect(
      await reasonOf(constructEvents(body, { 'x-hubspot-signature-v3': 'abc' }, SECRET, options)),
    ).toBe('missing_header');
    expect(
      await reasonOf(
        constructEvents(
          body,
          { ...headers, 'x-hubspot-request-timestamp': 'yesterday' },
          SECRET,
          options,
        ),
      ),
    ).toBe('malformed_header');
    expect(await reasonOf(constructEvents(body, headers, '', options))).toBe('missing_secret');
    expect(
      await reasonOf(constructEvents(JSON.parse(body) as never, headers, SECRET, options)),
    ).toBe('payload_not_raw');
  });

  it('fails closed on a time or tolerance that is not a finite number', async () => {
    const headers = await signed(body);
    for (const broken of [
      { now: () => Number.NaN },
      { now: 'soon' as unknown as () => number },
      { toleranceMs: Number.NaN },
      { toleranceMs: Number.POSITIVE_INFINITY },
      // Never coerced: a string of milliseconds, a negative window, a clock that is a number.
      { toleranceMs: '300000' as unknown as number },
      { toleranceMs: -1 },
      { now: T as unknown as () => number },
    ]) {
      expect(
        await reasonOf(constructEvents(body, headers, SECRET, { ...options, ...broken })),
      ).toBe('invalid_time');
    }
  });

  it('refuses v1 and v2 unless minVersion allows them', async () => {
    const v1 = await signed(body, 'v1');
    const v2 = await signed(body, 'v2');
    expect(await reasonOf(constructEvents(body, v1, SECRET, options))).toBe('missing_header');
    expect(await reasonOf(constructEvents(body, v2, SECRET, options))).toBe('missing_header');
    expect(await constructEvents(body, v2, SECRET, { ...options, minVersion: 'v2' })).toHaveLength(
      1,
    );
    expect(
      await reasonOf(constructEvents(body, v1, SECRET, { ...options, minVersion: 'v2' })),
    ).toBe('missing_header');
    expect(
      await constructEvents(Buffer.from(body), v1, SECRET, { minVersion: 'v1', now }),
    ).toHaveLength(1);
  });

  it('needs the URL for v2 and v3, as a configuration error', async () => {
    await expect(constructEvents(body, await signed(body), SECRET, { now })).rejects.toThrow(
      ConfigurationError,
    );
    expect(() => hubspotWebhookVerifier(SECRET)).toThrow(ConfigurationError);
    expect(() => hubspotWebhookVerifier(SECRET, { minVersion: 'v1' })).not.toThrow();
  });

  it('a body that is not HubSpot’s event array is a ValidationError', async () => {
    const notEvents = '{"hello":"world"}';
    await expect(
      constructEvents(notEvents, await signed(notEvents), SECRET, options),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('hubspotWebhookVerifier in the inbox, with hubspotHandlers', () => {
  it('stores a request once, dedups its redelivery, and runs a handler per event', async () => {
    const seen: Array<[string, number]> = [];
    const inbox = createWebhookInbox({
      queue: memoryQueue(),
      store: memoryInboxStore(),
      verifiers: { hubspot: hubspotWebhookVerifier(SECRET, { url: URL_CALLED, now }) },
      handlers: {
        hubspot: hubspotHandlers({
          'contact.creation': (item: HubSpotWebhookEvent) => {
            seen.push(['created', item.objectId]);
          },
          '*': (item) => {
            seen.push([item.subscriptionType, item.objectId]);
          },
        }),
      },
    });
    await inbox.start();
    const single = JSON.stringify([event(1, 'contact.creation')]);
    const batch = JSON.stringify([event(3, 'deal.creation'), event(2, 'contact.creation')]);
    const first = await inbox.receive('hubspot', single, await signed(single));
    expect(first).toMatchObject({ status: 'accepted', eventId: '1', type: 'contact.creation' });
    const second = await inbox.receive('hubspot', batch, await signed(batch));
    expect(second).toMatchObject({ status: 'accepted', type: 'batch' });
    expect(second.eventId).toMatch(/^batch:[0-9a-f]{32}$/);
    // The same events in another order are the same batch.
    const reordered = JSON.stringify([event(2, 'contact.creation'), event(3, 'deal.creation')]);
    expect(await inbox.receive('hubspot', reordered, await signed(reordered))).toMatchObject({
      status: 'duplicate',
      eventId: second.eventId,
    });
    await inbox.settled();
    expect(seen).toEqual([
      ['created', 101],
      ['deal.creation', 103],
      ['created', 102],
    ]);
  });

  it('rejects a forged request before storing anything', async () => {
    const store = memoryInboxStore();
    const inbox = createWebhookInbox({
      queue: memoryQueue(),
      store,
      verifiers: { hubspot: hubspotWebhookVerifier(SECRET, { url: URL_CALLED, now }) },
    });
    const body = JSON.stringify([event(9, 'contact.deletion')]);
    const headers = await signed(body);
    expect(await reasonOf(inbox.receive('hubspot', body.replace('9', '8'), headers))).toBe(
      'no_matching_signature',
    );
    expect(await store.list({})).toEqual([]);
  });
});
