import { ConfigurationError } from '../errors.js';
import { conformanceChecks } from './conformance-checks.js';
import type { ProviderConformanceSpec } from './conformance-spec.js';
import { createMockServer } from './mock-server.js';

function checkSpec(spec: ProviderConformanceSpec<unknown>): void {
  const missing = (['name', 'secretOption', 'envVar', 'secret', 'baseURL'] as const).filter(
    (key) => typeof spec?.[key] !== 'string' || spec[key].length === 0,
  );
  const functions = (['create', 'fake', 'read'] as const).filter(
    (key) => typeof spec?.[key] !== 'function',
  );
  if (missing.length > 0 || functions.length > 0) {
    throw new ConfigurationError(
      `describeProviderConformance() needs ${[...missing, ...functions].join(', ')} in its spec.`,
      { option: [...missing, ...functions][0] },
    );
  }
}

/**
 * Registers the provider conformance suite (vitest `describe`/`it`): lazy
 * secret reading, baseURL rules, per-call options, retries, typed errors, no
 * secret in logs, id validation, pagination and the fake's controls. Await it
 * at the top of a test file of its own; it serves the fake with its own MSW
 * server and resets it after each check.
 *
 * vitest is imported only when this is called, so `@int/core/testing` still
 * loads outside vitest (a sandbox app serving fakes). Not awaited, the tests
 * would silently not register: the run then fails with an error saying so.
 */
export function describeProviderConformance<Client>(
  spec: ProviderConformanceSpec<Client>,
): PromiseLike<void> {
  checkSpec(spec as ProviderConformanceSpec<unknown>);
  let awaited = false;
  const registered = (async () => {
    const vitest = await import('vitest');
    if (!awaited) {
      throw new ConfigurationError(
        `describeProviderConformance(${spec.name}) was not awaited, so its tests were not registered: write \`await describeProviderConformance(spec)\` at the top level of the test file.`,
        { provider: spec.name },
      );
    }
    const { describe, it, expect, beforeAll, afterEach, afterAll } = vitest;
    describe(`${spec.name} provider conformance`, () => {
      const fake = spec.fake();
      const mock = createMockServer(fake);
      beforeAll(() => mock.listen());
      afterEach(() => mock.reset());
      afterAll(() => mock.close());
      const checks = conformanceChecks(spec, expect, { mock, fake });
      for (const group of new Set(checks.map((item) => item.group))) {
        describe(group, () => {
          for (const item of checks.filter((entry) => entry.group === group)) {
            it(item.name, () => item.run(), 15_000);
          }
        });
      }
    });
  })();
  return {
    // biome-ignore lint/suspicious/noThenProperty: awaiting it is how a test file registers the suite.
    then(onFulfilled, onRejected) {
      awaited = true;
      return registered.then(onFulfilled, onRejected);
    },
  };
}
