import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeApi,
  createMockServer,
  type ProviderFake,
  startLocalServer,
} from '../src/testing/index.js';

// A provider fake as the ./testing entries shape them: handlers over state, and a reset.
function counterFake(): ProviderFake & { count: () => number } {
  let count = 0;
  return {
    handlers: [
      http.post('https://counter.test/v1/increment', () => {
        count += 1;
        return HttpResponse.json({ count });
      }),
    ],
    reset: () => {
      count = 0;
    },
    count: () => count,
  };
}

// A fake on the toolkit: its FakeControls are a ProviderFake as they are.
const toolkit = createFakeApi({
  name: 'toolkit',
  baseURL: 'https://toolkit.test',
  errorEnvelope: ({ message }) => ({ message }),
});
toolkit.route('POST', '/v1/ids', () => toolkit.json({ id: toolkit.nextId('obj') }));

const fake = counterFake();
const mock = createMockServer(fake, toolkit.controls);
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

describe('createMockServer with provider fakes', () => {
  it('answers through the fake and records the call', async () => {
    const response = await fetch('https://counter.test/v1/increment', { method: 'POST' });
    expect(await response.json()).toEqual({ count: 1 });
    expect(mock.callsTo('POST', '/v1/increment')).toHaveLength(1);
  });

  it('reset() between tests resets the fake and keeps its handlers (no ConnectionError in the next test)', async () => {
    expect(fake.count()).toBe(0);
    expect(mock.calls).toEqual([]);
    const response = await fetch('https://counter.test/v1/increment', { method: 'POST' });
    expect(await response.json()).toEqual({ count: 1 });
  });

  it('takes FakeControls as a fake: served, recorded, and reset between tests', async () => {
    for (const expected of ['obj_000001', 'obj_000001']) {
      const response = await fetch('https://toolkit.test/v1/ids', { method: 'POST' });
      expect(await response.json()).toEqual({ id: expected });
      expect(toolkit.calls()).toBe(1);
      expect(mock.callsTo('POST', '/v1/ids')).toHaveLength(1);
      mock.reset();
    }
  });

  it('lets requests to the app’s own loopback server through', async () => {
    const app = await startLocalServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"served":"locally"}');
    });
    try {
      const response = await fetch(`${app.url}/health`);
      expect(await response.json()).toEqual({ served: 'locally' });
      expect(mock.unhandled).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
