import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setup, useMockServer } from './helpers.js';

const mock = useMockServer();

describe('tracking.track (property)', () => {
  it('returns exactly one result per input number, in input order, for any list and chunking', async () => {
    const { fedex } = setup(mock);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[0-9]{1,12}$/), { minLength: 1, maxLength: 95 }),
        fc.integer({ min: 1, max: 4 }),
        async (numbers, concurrency) => {
          const results = await fedex.tracking.track(numbers, { concurrency });
          expect(results.map((result) => result.trackingNumber)).toEqual(numbers);
          expect(results.every((result) => !result.ok)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
