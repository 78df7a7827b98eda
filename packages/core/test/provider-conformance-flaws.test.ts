import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conformanceChecks } from '../src/testing/conformance-checks.js';
import {
  createMockServer,
  describeProviderConformance,
  type ProviderConformanceSpec,
} from '../src/testing/index.js';
import { createDemo, type Demo, type DemoFlaws } from './conformance-demo/demo-client.js';
import { createDemoFake, DEMO_API_KEY, DEMO_BASE_URL } from './conformance-demo/demo-fake.js';

// Each check must fail for the defect it exists to catch.
const fake = createDemoFake();
const mock = createMockServer(fake);
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function spec(flaws: DemoFlaws, overrides: Partial<ProviderConformanceSpec<Demo>> = {}) {
  return {
    name: 'demo',
    secretOption: 'apiKey',
    envVar: 'DEMO_API_KEY',
    secret: DEMO_API_KEY,
    baseURL: DEMO_BASE_URL,
    versionPrefix: '/v1',
    create: (options) => createDemo({ ...options, flaws }),
    fake: () => fake,
    read: (client, options) => client.widgets.list({ limit: 1 }, options),
    withId: (client, id) => client.widgets.retrieve(id),
    ...overrides,
  } satisfies ProviderConformanceSpec<Demo>;
}

function check(flaws: DemoFlaws, name: string, overrides?: Partial<ProviderConformanceSpec<Demo>>) {
  const found = conformanceChecks(spec(flaws, overrides), expect, { mock, fake }).filter((item) =>
    item.name.includes(name),
  );
  expect(found.length, `checks named "${name}"`).toBeGreaterThan(0);
  return () => Promise.all(found.map((item) => item.run()));
}

describe('the conformance checks catch a provider that', () => {
  it('reads its environment variable when the client is created', async () => {
    await expect(check({}, 'is read at the first call')()).resolves.toBeDefined();
    await expect(check({ eagerEnv: true }, 'is read at the first call')()).rejects.toThrow();
  });

  it('doubles a version prefix its baseURL already ends in', async () => {
    await expect(check({ doublePrefix: true }, 'ending in /v1')()).rejects.toThrow(/v1\/v1/);
  });

  it('logs its secret', async () => {
    await expect(check({ logSecret: true }, 'no secret')()).rejects.toThrow(/a secret in/);
  });

  it('sends ids without validating them', async () => {
    await expect(check({ skipIdCheck: true }, 'withId("../x")')()).rejects.toThrow(
      /ValidationError/,
    );
    await expect(check({ skipIdCheck: true }, 'withId("")')()).rejects.toThrow();
  });

  it('does not send the idempotency key', async () => {
    const write: ProviderConformanceSpec<Demo>['write'] = (client) =>
      client.widgets.create({ name: 'x' });
    await expect(
      check({}, 'idempotencyKey is sent', { write, idempotencyHeader: 'Idempotency-Key' })(),
      // Without its key the POST is not retried: the 503 surfaces.
    ).rejects.toThrow(/failed with 503/);
  });

  it('ignores the per-call maxRetries', async () => {
    const read: ProviderConformanceSpec<Demo>['read'] = (client, options) =>
      client.widgets.list({ limit: 1 }, { ...options, maxRetries: undefined });
    await expect(check({}, 'maxRetries sets the attempts', { read })()).rejects.toThrow(/attempts/);
  });
});

describe('describeProviderConformance', () => {
  it('refuses a spec without what it needs, at once', () => {
    const incomplete = { ...spec({}), read: undefined } as unknown as ProviderConformanceSpec<Demo>;
    expect(() => describeProviderConformance(incomplete)).toThrow(/needs read/);
  });
});
