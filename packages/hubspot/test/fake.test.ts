import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpot, type SearchFilter } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function setup() {
  const clock = createTestClock({ now: Date.UTC(2026, 0, 1) });
  const fake = createHubSpotFake({ clock, limits: { enforce: false } });
  mock.use(...fake.handlers);
  fake.seed('contacts', [
    { properties: { email: 'ada@example.com', firstname: 'Ada', age: '36', city: 'London' } },
    { properties: { email: 'grace@navy.mil', firstname: 'Grace', age: '85', city: null } },
    { properties: { email: 'alan@example.org', firstname: 'Alan', age: '41', city: 'Wilmslow' } },
  ]);
  const hubspot = createHubSpot({ accessToken: 'pat-fake', clock });
  return { fake, hubspot, clock };
}

const names = async (hubspot: ReturnType<typeof createHubSpot>, ...filters: SearchFilter[]) =>
  (
    await hubspot.contacts
      .search({
        filterGroups: [{ filters }],
        sorts: [{ propertyName: 'firstname', direction: 'ASCENDING' }],
        properties: ['firstname'],
      })
      .toArray({ limit: 1_000 })
  ).map((contact) => contact.properties.firstname);

describe('the fake', () => {
  it('search operators', async () => {
    const { hubspot } = setup();
    expect(
      await names(hubspot, { propertyName: 'firstname', operator: 'EQ', value: 'ada' }),
    ).toEqual(['Ada']);
    expect(
      await names(hubspot, { propertyName: 'firstname', operator: 'NEQ', value: 'Ada' }),
    ).toEqual(['Alan', 'Grace']);
    expect(await names(hubspot, { propertyName: 'age', operator: 'LT', value: 41 })).toEqual([
      'Ada',
    ]);
    expect(await names(hubspot, { propertyName: 'age', operator: 'LTE', value: 41 })).toEqual([
      'Ada',
      'Alan',
    ]);
    expect(await names(hubspot, { propertyName: 'age', operator: 'GT', value: 41 })).toEqual([
      'Grace',
    ]);
    expect(await names(hubspot, { propertyName: 'age', operator: 'GTE', value: 41 })).toEqual([
      'Alan',
      'Grace',
    ]);
    expect(
      await names(hubspot, { propertyName: 'age', operator: 'BETWEEN', value: 40, highValue: 90 }),
    ).toEqual(['Alan', 'Grace']);
    expect(
      await names(hubspot, { propertyName: 'firstname', operator: 'IN', values: ['Ada', 'Grace'] }),
    ).toEqual(['Ada', 'Grace']);
    expect(
      await names(hubspot, { propertyName: 'firstname', operator: 'NOT_IN', values: ['Ada'] }),
    ).toEqual(['Alan', 'Grace']);
    expect(await names(hubspot, { propertyName: 'city', operator: 'HAS_PROPERTY' })).toEqual([
      'Ada',
      'Alan',
    ]);
    expect(await names(hubspot, { propertyName: 'city', operator: 'NOT_HAS_PROPERTY' })).toEqual([
      'Grace',
    ]);
    expect(
      await names(hubspot, {
        propertyName: 'email',
        operator: 'CONTAINS_TOKEN',
        value: '*@example.com',
      }),
    ).toEqual(['Ada']);
    expect(
      await names(
        hubspot,
        { propertyName: 'age', operator: 'GT', value: 30 },
        { propertyName: 'city', operator: 'HAS_PROPERTY' },
      ),
    ).toEqual(['Ada', 'Alan']);
    const ored = await hubspot.contacts
      .search({
        filterGroups: [
          { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'Ada' }] },
          { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'Grace' }] },
        ],
      })
      .toArray({ limit: 1_000 });
    expect(ored).toHaveLength(2);
    expect(
      (await hubspot.contacts.search({ query: 'gra' }).toArray({ limit: 1_000 })).map(
        (c) => c.properties.firstname,
      ),
    ).toEqual(['Grace']);
  });

  it('answers HubSpot’s 400s for limit > 200 and more than 100 batch inputs; 409 for a duplicate email', async () => {
    const { hubspot } = setup();
    const headers = { authorization: 'Bearer pat-fake', 'content-type': 'application/json' };
    const search = await fetch('https://api.hubapi.com/crm/objects/2026-03/contacts/search', {
      method: 'POST',
      headers,
      body: JSON.stringify({ limit: 201 }),
    });
    expect(search.status).toBe(400);
    const batch = await fetch('https://api.hubapi.com/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        inputs: Array.from({ length: 101 }, (_, id) => ({ id: String(id) })),
      }),
    });
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    const duplicate = await hubspot.contacts
      .create({ properties: { email: 'ADA@example.com' } })
      .catch((caught: unknown) => caught);
    expect(duplicate).toMatchObject({ status: 409, details: { category: 'CONFLICT' } });
    const unauthenticated = await fetch('https://api.hubapi.com/crm/objects/2026-03/contacts');
    expect(unauthenticated.status).toBe(401);
  });

  it('keeps last-modified dates on its clock', async () => {
    const { hubspot, clock } = setup();
    clock.set(Date.UTC(2026, 5, 1));
    const created = await hubspot.contacts.create({ properties: { email: 'new@example.com' } });
    expect(created.properties.lastmodifieddate).toBe('2026-06-01T00:00:00.000Z');
    clock.set(Date.UTC(2026, 6, 1));
    const updated = await hubspot.contacts.update(created.id, { properties: { firstname: 'N' } });
    expect(updated.properties.lastmodifieddate).toBe('2026-07-01T00:00:00.000Z');
    expect(updated.updatedAt).toBe('2026-07-01T00:00:00.000Z');
  });
});
