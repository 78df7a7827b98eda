import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConnectionError,
  createProviderClient,
  endpoint,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../src/index.js';
import { createMockServer } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.ship.test';
const NOTE = 'Not retried: look the shipment up before creating it again.';
const ship = endpoint({
  operation: 'shipments.create',
  method: 'POST',
  path: '/v1/ships',
  retry: false,
  notRetriedNote: NOTE,
});
const client = (notActedOnStatuses?: number[]) =>
  createProviderClient(
    { name: 'acme', defaultBaseURL: BASE, notActedOnStatuses },
    { timeoutMs: 30 },
  );
const failure = (statusOrError: number | 'network' | 'hang', acted = [] as number[]) => {
  mock.use(
    http.post(`${BASE}/v1/ships`, () =>
      statusOrError === 'network'
        ? HttpResponse.error()
        : statusOrError === 'hang'
          ? new Promise<never>(() => {})
          : HttpResponse.json({ message: 'no' }, { status: statusOrError }),
    ),
  );
  return client(acted)
    .call(ship, { body: { a: 1 } })
    .catch((error: unknown) => error as Error);
};

describe("a never-retried endpoint's note (the kit, for every provider)", () => {
  it('goes on every failure the provider may have acted on: 5xx, timeout, connection lost after sending', async () => {
    for (const [fault, ErrorClass] of [
      [503, ServerError],
      ['hang', TimeoutError],
      ['network', ConnectionError],
    ] as const) {
      const error = await failure(fault);
      expect(ErrorClass.isInstance(error), String(fault)).toBe(true);
      expect((error as ServerError).retryable).toBe(false);
      expect((error as Error).message.endsWith(NOTE)).toBe(true);
      expect((error as Error).message).not.toContain('..');
    }
    expect(mock.calls.length).toBe(3);
  });

  it('and on a 429 only when the provider does not declare it a refusal', async () => {
    const unsure = await failure(429);
    expect(RateLimitError.isInstance(unsure) && unsure.message.endsWith(NOTE)).toBe(true);
    const refused = await failure(429, [429]);
    expect(RateLimitError.isInstance(refused)).toBe(true);
    expect((refused as RateLimitError).retryable).toBe(true);
    expect((refused as Error).message).not.toContain(NOTE);
  });

  it('never on a refusal of the input', async () => {
    const error = await failure(400);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(NOTE);
  });
});
