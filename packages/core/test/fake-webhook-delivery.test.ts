import { describe, expect, it } from 'vitest';
import {
  createFakeWebhookDelivery,
  decodeBracketForm,
  type FakeWebhookAttempt,
} from '../src/testing/index.js';

interface Sent {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: string;
}

function recordingFetch(sent: Sent[], status = 200): typeof fetch {
  return (async (url: string | URL, init?: RequestInit) => {
    sent.push({
      url: String(url),
      method: init?.method,
      headers: init?.headers as Record<string, string>,
      body: String(init?.body),
    });
    return new Response('ok', { status });
  }) as typeof fetch;
}

interface Attempt extends FakeWebhookAttempt {
  eventId: string;
}

const delivery = (endpoint?: { url: string; secret: string; fetch: typeof fetch }) =>
  createFakeWebhookDelivery<{ id: string }, Attempt>({
    endpoint,
    attempt: (event, to) => ({ eventId: event.id, url: `${to.url}?id=${event.id}` }),
    request: async (event, to) => ({
      headers: { 'x-signature': `${to.secret}:${event.id}` },
      body: JSON.stringify(event),
    }),
  });

describe('createFakeWebhookDelivery', () => {
  it('sends each event in order, as the provider signs it, and records the answer', async () => {
    const sent: Sent[] = [];
    const webhooks = delivery({
      url: 'http://app.test/hooks',
      secret: 's1',
      fetch: recordingFetch(sent, 202),
    });
    webhooks.deliver({ id: 'evt_1' });
    webhooks.deliver({ id: 'evt_2' });
    await webhooks.flush();
    expect(sent).toEqual([
      {
        url: 'http://app.test/hooks?id=evt_1',
        method: 'POST',
        headers: { 'x-signature': 's1:evt_1' },
        body: '{"id":"evt_1"}',
      },
      {
        url: 'http://app.test/hooks?id=evt_2',
        method: 'POST',
        headers: { 'x-signature': 's1:evt_2' },
        body: '{"id":"evt_2"}',
      },
    ]);
    expect(webhooks.attempts).toEqual([
      { eventId: 'evt_1', url: 'http://app.test/hooks?id=evt_1', status: 202 },
      { eventId: 'evt_2', url: 'http://app.test/hooks?id=evt_2', status: 202 },
    ]);
  });

  it('delivers nothing without an endpoint, and from an endpoint set later on', async () => {
    const sent: Sent[] = [];
    const webhooks = delivery();
    webhooks.deliver({ id: 'evt_1' });
    webhooks.setEndpoint({
      url: 'http://app.test/late',
      secret: 's2',
      fetch: recordingFetch(sent),
    });
    expect(webhooks.endpoint()?.url).toBe('http://app.test/late');
    webhooks.deliver({ id: 'evt_2' });
    webhooks.setEndpoint(undefined);
    webhooks.deliver({ id: 'evt_3' });
    await webhooks.flush();
    expect(sent.map((request) => request.url)).toEqual(['http://app.test/late?id=evt_2']);
    expect(webhooks.attempts.map((attempt) => attempt.eventId)).toEqual(['evt_2']);
  });

  it('records an endpoint that cannot be reached instead of throwing', async () => {
    const failing = (async () => {
      throw new TypeError('connect ECONNREFUSED');
    }) as typeof fetch;
    const webhooks = delivery({ url: 'http://app.test/down', secret: 's', fetch: failing });
    webhooks.deliver({ id: 'evt_1' });
    await webhooks.flush();
    expect(webhooks.attempts).toEqual([
      { eventId: 'evt_1', url: 'http://app.test/down?id=evt_1', error: 'connect ECONNREFUSED' },
    ]);
  });
});

describe('decodeBracketForm', () => {
  it('reads nested objects, arrays and encoded text back', () => {
    expect(
      decodeBracketForm(
        'amount=2000&metadata[order]=A%2B1&items[0][price]=p_1&items[1][price]=p_2&note=a+b&flag',
      ),
    ).toEqual({
      amount: '2000',
      metadata: { order: 'A+1' },
      items: [{ price: 'p_1' }, { price: 'p_2' }],
      note: 'a b',
      flag: '',
    });
  });

  it('is empty for an empty body and keeps an empty value as an unset', () => {
    expect(decodeBracketForm('')).toEqual({});
    expect(decodeBracketForm('metadata=&&')).toEqual({ metadata: '' });
  });
});
