import { BadRequestError, ValidationError } from '@int/core';
import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpot, type SyncCheckpoint } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const T0 = Date.UTC(2026, 0, 1);

/** 25 000 contacts: mostly 2-3 per millisecond, one burst of 700 in the same millisecond. */
function seed25k() {
  const clock = createTestClock({ now: T0 + 30 * 86_400_000 });
  const fake = createHubSpotFake({ clock });
  const records = Array.from({ length: 25_000 }, (_, index) => ({
    properties: { email: `c${index}@example.com`, firstname: `C${index}` },
    modifiedAt:
      index >= 8_000 && index < 8_700 ? T0 + 5_000_000 : T0 + Math.floor(index / 2.5) * 1_000,
  }));
  // Ids are not in modification order.
  records.reverse();
  fake.seed('contacts', records);
  mock.use(...fake.handlers);
  const hubspot = createHubSpot({ accessToken: 'pat-sync', clock });
  return { fake, hubspot, clock };
}

const modified = (object: { properties: Record<string, string | null> }) =>
  Date.parse(String(object.properties.lastmodifieddate));

describe('sync.changedSince', () => {
  it('plain search stops at the 10 000 cap with a 400', async () => {
    const { hubspot } = seed25k();
    let count = 0;
    const error = await (async () => {
      for await (const _ of hubspot.contacts.search({ limit: 200 })) count += 1;
    })().catch((caught: unknown) => caught);
    expect(count).toBe(10_000);
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('yields all 25 000 exactly once, ascending, past the cap, with no 429', async () => {
    const { hubspot, fake } = seed25k();
    const sync = hubspot.sync.changedSince('contacts', new Date(T0), { properties: ['email'] });
    const seen = new Set<string>();
    let previous = 0;
    let duplicates = 0;
    for await (const contact of sync) {
      if (seen.has(contact.id)) duplicates += 1;
      seen.add(contact.id);
      const at = modified(contact);
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
    }
    expect(duplicates).toBe(0);
    expect(seen.size).toBe(25_000);
    const searches = mock.callsTo('POST', '/crm/objects/2026-09/contacts/search');
    expect(searches).toHaveLength(sync.requests);
    expect(searches.every((call) => call.json<{ after?: string }>().after === undefined)).toBe(
      true,
    );
    expect(searches.length).toBeLessThan(150);
    const body = searches[0]!.json<Record<string, unknown>>();
    expect(body).toEqual({
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(T0) }] },
      ],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['email', 'lastmodifieddate'],
      limit: 200,
    });
    // The 700 records of one millisecond were walked by id.
    expect(searches.some((call) => JSON.stringify(call.json()).includes('hs_object_id'))).toBe(
      true,
    );
    expect(fake.stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
  });

  it('resumes from a checkpoint (also in the middle of a same-millisecond sweep)', async () => {
    const { hubspot } = seed25k();
    const all = new Set<string>();
    let checkpoint: SyncCheckpoint | Date = new Date(T0);
    let rounds = 0;
    let duplicates = 0;
    // Stop after 6 000 records each round; the 2nd round stops inside the 700-record sweep.
    for (;;) {
      rounds += 1;
      const sync = hubspot.sync.changedSince('contacts', checkpoint);
      let taken = 0;
      let more = false;
      for await (const contact of sync) {
        if (all.has(contact.id)) duplicates += 1;
        all.add(contact.id);
        taken += 1;
        if (taken === 6_000) {
          more = true;
          break;
        }
      }
      checkpoint = JSON.parse(JSON.stringify(sync.checkpoint)) as SyncCheckpoint;
      if (rounds === 2) expect(checkpoint.mode).toBe('sweep');
      if (!more) break;
    }
    expect(rounds).toBe(5);
    expect(duplicates).toBe(0);
    expect(all.size).toBe(25_000);
  });

  it('sees later changes after a finished sync, and validates its input', async () => {
    const { hubspot, fake, clock } = seed25k();
    const first = hubspot.sync.changedSince('contacts', T0 + 9_000_000);
    const early = await (async () => {
      const ids: string[] = [];
      for await (const contact of first) ids.push(contact.id);
      return ids;
    })();
    clock.set(clock.now() + 60_000);
    const changed = fake.objects('contacts')[0]!;
    fake.touch('contacts', changed.id, { firstname: 'Changed' });
    const again: string[] = [];
    for await (const contact of hubspot.sync.changedSince('contacts', first.checkpoint))
      again.push(contact.id);
    expect(again).toEqual([changed.id]);
    expect(early.length).toBeGreaterThan(0);
    expect(() => hubspot.sync.changedSince('contacts', 'yesterday')).toThrow(/since/);
    expect(() => hubspot.sync.changedSince('deals', first.checkpoint)).toThrow(
      /checkpoint is for contacts/,
    );
  });

  it('refuses odd starts and checkpoints with a ValidationError, never a TypeError, sending nothing', () => {
    const hubspot = createHubSpot({ accessToken: 'pat-sync' });
    const before = mock.calls.length;
    const checkpoint = { modifiedAt: T0, mode: 'at', seenIds: [] } as const;
    for (const since of [
      new Date(Number.NaN),
      '99999999999999999',
      { ...checkpoint, objectType: Symbol('contacts') },
      { ...checkpoint, objectType: 'contacts', seenIds: [Object.create(null)] },
      { ...checkpoint, objectType: 'contacts', seenIds: [Symbol('1')] },
    ]) {
      expect(() => hubspot.sync.changedSince('contacts', since as never)).toThrow(ValidationError);
    }
    expect(mock.calls.length).toBe(before);
  });
});
