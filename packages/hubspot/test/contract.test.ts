import { ConfigurationError, NotFoundError, ValidationError } from '@int/core';
import { captureLogger, createMockServer } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpot } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const TOKEN = 'pat-na1-test-token';

function setup(apiVersion?: '2026-03' | 'v3') {
  const fake = createHubSpotFake({ limits: { enforce: false } });
  mock.use(...fake.handlers);
  const hubspot = createHubSpot({ accessToken: TOKEN, ...(apiVersion ? { apiVersion } : {}) });
  return { fake, hubspot };
}

const cases = [
  { version: undefined, objects: '/crm/objects/2026-09', assoc: '/crm/objects/2026-09' },
  { version: '2026-03' as const, objects: '/crm/objects/2026-03', assoc: '/crm/objects/2026-03' },
  { version: 'v3' as const, objects: '/crm/v3/objects', assoc: '/crm/v4/objects' },
];

describe.each(cases)('paths for apiVersion $version', ({ version, objects, assoc }) => {
  it('create, get, update, archive: method, path, headers, exact body', async () => {
    const { hubspot } = setup(version);
    const created = await hubspot.contacts.create({
      properties: { email: 'ada@example.com', firstname: 'Ada', age: 36 },
    });
    const create = mock.calls[0]!;
    expect(create.method).toBe('POST');
    expect(create.url.pathname).toBe(`${objects}/contacts`);
    expect(create.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.headers['user-agent']).toMatch(/^int-hubspot\/0\.1\.0 int-core\/0\.1\.0/);
    expect(create.body).toBe(
      '{"properties":{"email":"ada@example.com","firstname":"Ada","age":"36"}}',
    );

    await hubspot.contacts.get(created.id, {
      properties: ['email', 'firstname'],
      associations: ['companies'],
    });
    const get = mock.calls[1]!;
    expect(get.method).toBe('GET');
    expect(get.url.pathname).toBe(`${objects}/contacts/${created.id}`);
    expect(get.url.searchParams.get('properties')).toBe('email,firstname');
    expect(get.url.searchParams.getAll('properties')).toHaveLength(1);
    expect(get.url.searchParams.get('associations')).toBe('companies');

    const byEmail = await hubspot.contacts.get('ada@example.com', { idProperty: 'email' });
    expect(byEmail.id).toBe(created.id);
    expect(mock.calls[2]!.url.pathname).toBe(`${objects}/contacts/ada%40example.com`);
    expect(mock.calls[2]!.url.searchParams.get('idProperty')).toBe('email');

    const updated = await hubspot.contacts.update(created.id, {
      properties: { firstname: 'Augusta', phone: null },
    });
    expect(updated.properties.firstname).toBe('Augusta');
    const patch = mock.calls[3]!;
    expect(patch.method).toBe('PATCH');
    expect(patch.url.pathname).toBe(`${objects}/contacts/${created.id}`);
    expect(patch.body).toBe('{"properties":{"firstname":"Augusta","phone":null}}');

    await hubspot.contacts.archive(created.id);
    expect(mock.calls[4]!.method).toBe('DELETE');
    expect(mock.calls[4]!.url.pathname).toBe(`${objects}/contacts/${created.id}`);
    await expect(hubspot.contacts.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('list pages over after with properties as one comma list', async () => {
    const { hubspot, fake } = setup(version);
    fake.seed(
      'companies',
      Array.from({ length: 7 }, (_, index) => ({
        properties: { name: `Co ${index}`, domain: `co${index}.com` },
      })),
    );
    const names: string[] = [];
    for await (const company of hubspot.companies.list({
      properties: ['name', 'domain'],
      limit: 3,
    })) {
      names.push(String(company.properties.name));
    }
    expect(names).toEqual(['Co 0', 'Co 1', 'Co 2', 'Co 3', 'Co 4', 'Co 5', 'Co 6']);
    const calls = mock.callsTo('GET', `${objects}/companies`);
    expect(calls).toHaveLength(3);
    expect(calls[0]!.url.search).toBe('?limit=3&properties=name%2Cdomain');
    expect(calls[1]!.url.searchParams.get('after')).toBeTruthy();
  });

  it('search sends the exact body and pages over the body after', async () => {
    const { hubspot, fake } = setup(version);
    fake.seed(
      'deals',
      Array.from({ length: 5 }, (_, index) => ({
        properties: { dealname: `Deal ${index}`, amount: String(index * 100) },
      })),
    );
    const search = hubspot.deals.search({
      filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GTE', value: 100 }] }],
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
      properties: ['dealname', 'amount'],
      limit: 2,
    });
    const found = await search.toArray({ limit: 100 });
    expect(found.map((deal) => deal.properties.amount)).toEqual(['400', '300', '200', '100']);
    // Awaited, the search is its first page, with HubSpot's count of matches.
    const first = await search;
    expect(first.total).toBe(4);
    expect(first.results).toHaveLength(2);
    const calls = mock.callsTo('POST', `${objects}/deals/search`);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body).toBe(
      '{"filterGroups":[{"filters":[{"propertyName":"amount","operator":"GTE","value":100}]}],"sorts":[{"propertyName":"amount","direction":"DESCENDING"}],"properties":["dealname","amount"],"limit":2}',
    );
    expect(calls[1]!.json<{ after: string }>().after).toBe('2');
  });

  it('batch read, create, update, archive bodies', async () => {
    const { hubspot } = setup(version);
    const created = await hubspot.contacts.batch.create([
      { properties: { email: 'a@example.com' } },
      { properties: { email: 'b@example.com' }, objectWriteTraceId: 'mine' },
    ]);
    expect(created.errors).toEqual([]);
    expect(mock.calls[0]!.url.pathname).toBe(`${objects}/contacts/batch/create`);
    expect(mock.calls[0]!.body).toBe(
      '{"inputs":[{"properties":{"email":"a@example.com"},"objectWriteTraceId":"0"},{"properties":{"email":"b@example.com"},"objectWriteTraceId":"mine"}]}',
    );
    const ids = created.results.map((result) => result.id);
    const read = await hubspot.contacts.batch.read([...ids, '999999'], { properties: ['email'] });
    expect(read.results).toHaveLength(2);
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]!.input).toBe('999999');
    expect(read.errors[0]!.index).toBe(2);
    expect(read.errors[0]!.error).toBeInstanceOf(NotFoundError);
    expect(read.errors[0]!.error).toMatchObject({
      code: 'OBJECT_NOT_FOUND',
      details: { category: 'OBJECT_NOT_FOUND', context: { ids: ['999999'] } },
    });
    expect(mock.calls[1]!.url.pathname).toBe(`${objects}/contacts/batch/read`);
    expect(mock.calls[1]!.body).toBe(
      `{"properties":["email"],"propertiesWithHistory":[],"inputs":[{"id":"${ids[0]}"},{"id":"${ids[1]}"},{"id":"999999"}]}`,
    );
    await hubspot.contacts.batch.update([{ id: ids[0]!, properties: { firstname: 'A' } }]);
    expect(mock.calls[2]!.body).toBe(
      `{"inputs":[{"id":"${ids[0]}","properties":{"firstname":"A"},"objectWriteTraceId":"0"}]}`,
    );
    await hubspot.contacts.batch.archive(ids);
    expect(mock.calls[3]!.url.pathname).toBe(`${objects}/contacts/batch/archive`);
    expect(mock.calls[3]!.body).toBe(`{"inputs":[{"id":"${ids[0]}"},{"id":"${ids[1]}"}]}`);
  });

  it('associations: default, labelled, list, archive on the v4 paths', async () => {
    const { hubspot } = setup(version);
    const contact = await hubspot.contacts.create({ properties: { email: 'c@example.com' } });
    const company = await hubspot.companies.create({ properties: { name: 'Acme' } });
    mock.calls.length = 0;
    await hubspot.associations.create({
      fromObjectType: 'contacts',
      fromObjectId: contact.id,
      toObjectType: 'companies',
      toObjectId: company.id,
    });
    expect(mock.calls[0]!.method).toBe('PUT');
    expect(mock.calls[0]!.url.pathname).toBe(
      `${assoc}/contacts/${contact.id}/associations/default/companies/${company.id}`,
    );
    expect(mock.calls[0]!.body).toBe('');
    await hubspot.associations.create({
      fromObjectType: 'contacts',
      fromObjectId: contact.id,
      toObjectType: 'companies',
      toObjectId: company.id,
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }],
    });
    expect(mock.calls[1]!.url.pathname).toBe(
      `${assoc}/contacts/${contact.id}/associations/companies/${company.id}`,
    );
    expect(mock.calls[1]!.body).toBe(
      '[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":1}]',
    );
    const listed = await hubspot.associations
      .list({ fromObjectType: 'contacts', fromObjectId: contact.id, toObjectType: 'companies' })
      .toArray({ limit: 100 });
    expect(listed).toHaveLength(1);
    expect(listed[0]!.associationTypes.map((type) => type.typeId).sort()).toEqual([1, 279]);
    expect(mock.calls[2]!.url.pathname).toBe(
      `${assoc}/contacts/${contact.id}/associations/companies`,
    );
    await hubspot.associations.archive({
      fromObjectType: 'contacts',
      fromObjectId: contact.id,
      toObjectType: 'companies',
      toObjectId: company.id,
    });
    expect(mock.calls[3]!.method).toBe('DELETE');
    const after = await hubspot.associations
      .list({ fromObjectType: 'companies', fromObjectId: company.id, toObjectType: 'contacts' })
      .toArray({ limit: 100 });
    expect(after).toEqual([]);
  });
});

describe('input validation and settings', () => {
  it('rejects bad input with every issue before sending', async () => {
    const { hubspot } = setup();
    const error = await hubspot.contacts
      .search({
        filterGroups: [{ filters: [{ propertyName: '', operator: 'LIKE' as never }] }],
        sorts: [
          { propertyName: 'a', direction: 'ASCENDING' },
          { propertyName: 'b', direction: 'ASCENDING' },
        ],
        limit: 500,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'filterGroups.0.filters.0.propertyName',
      'filterGroups.0.filters.0.operator',
      'sorts',
      'limit',
    ]);
    await expect(
      hubspot.contacts.create({ properties: { email: { nested: 1 } as never } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(mock.calls).toHaveLength(0);
  });

  it('reads the token at the first call, and names the option and the variable when it is missing', async () => {
    const fake = createHubSpotFake({ limits: { enforce: false } });
    mock.use(...fake.handlers);
    const saved = process.env.HUBSPOT_ACCESS_TOKEN;
    delete process.env.HUBSPOT_ACCESS_TOKEN;
    try {
      // Creating the client reads nothing and never throws for a missing token.
      const hubspot = createHubSpot();
      expect(hubspot.apiVersion).toBe('2026-09');
      const missing = await hubspot.contacts.list().catch((caught: unknown) => caught);
      expect(missing).toBeInstanceOf(ConfigurationError);
      expect((missing as Error).message).toBe(
        'HubSpot access token is missing. Pass `accessToken` or set HUBSPOT_ACCESS_TOKEN.',
      );
      expect(mock.calls).toHaveLength(0);
      const late = createHubSpot();
      process.env.HUBSPOT_ACCESS_TOKEN = 'from-env';
      await late.contacts.list();
      expect(mock.calls[0]!.headers.authorization).toBe('Bearer from-env');
    } finally {
      if (saved === undefined) delete process.env.HUBSPOT_ACCESS_TOKEN;
      else process.env.HUBSPOT_ACCESS_TOKEN = saved;
    }
    expect(() => createHubSpot({ accessToken: 'x', apiVersion: 'v9' as never })).toThrow(
      ConfigurationError,
    );
  });

  it('never logs the token', async () => {
    const fake = createHubSpotFake({ limits: { enforce: false } });
    mock.use(...fake.handlers);
    const logger = captureLogger();
    const hubspot = createHubSpot({ accessToken: TOKEN, logger });
    await hubspot.contacts.create({ properties: { email: 'x@example.com' } });
    await hubspot.contacts
      .create({ properties: { email: 'x@example.com' } })
      .catch(() => undefined);
    await hubspot.contacts.get('404404').catch(() => undefined);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.text()).not.toContain(TOKEN);
  });
});
