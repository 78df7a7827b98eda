import {
  cursorPagination,
  type EndpointCall,
  endpoint,
  isRecord,
  type ProviderClient,
  type ValidationIssues,
} from '@int/core';
import { createBatchApi } from './crm-batch.js';
import type {
  CrmObjectsApi,
  GetObjectOptions,
  HubSpotObject,
  HubSpotPage,
  SearchPage,
  SearchRequest,
} from './crm-types.js';
import {
  checkCommaList,
  checkProperties,
  checkStringList,
  commaList,
  writeBody,
} from './validation.js';

/** HubSpot's search operators (the fake answers the same). */
export const OPERATORS = new Set(
  'EQ NEQ LT LTE GT GTE BETWEEN IN NOT_IN HAS_PROPERTY NOT_HAS_PROPERTY CONTAINS_TOKEN NOT_CONTAINS_TOKEN'.split(
    ' ',
  ),
);

function validateFilter(
  filter: Record<string, unknown>,
  path: Array<string | number>,
  issues: ValidationIssues,
) {
  issues.nonEmptyString([...path, 'propertyName'], filter?.propertyName);
  const operator = filter?.operator;
  if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
    issues.add([...path, 'operator'], `must be one of ${[...OPERATORS].join(', ')}`);
  } else if (operator === 'IN' || operator === 'NOT_IN') {
    if (!Array.isArray(filter.values) || filter.values.length === 0)
      issues.add([...path, 'values'], `${operator} needs a non-empty values list`);
  } else if (operator === 'BETWEEN') {
    if (filter.value === undefined || filter.highValue === undefined)
      issues.add(path, 'BETWEEN needs value and highValue');
  } else if (!operator.endsWith('HAS_PROPERTY') && filter.value === undefined) {
    issues.add([...path, 'value'], `${operator} needs a value`);
  }
}

/** Checks a search body against HubSpot's documented limits. */
export function validateSearch(body: unknown, issues: ValidationIssues): void {
  if (!isRecord(body)) {
    issues.add([], 'search request must be an object');
    return;
  }
  const groups = body.filterGroups;
  if (!Array.isArray(groups)) issues.add(['filterGroups'], 'must be a list');
  else {
    if (groups.length > 5) issues.add(['filterGroups'], 'at most 5 filter groups');
    let total = 0;
    groups.forEach((group, groupIndex) => {
      const filters = group?.filters;
      const path = ['filterGroups', groupIndex, 'filters'];
      if (!Array.isArray(filters)) issues.add(path, 'must be a list');
      else {
        if (filters.length > 10) issues.add(path, 'at most 10 filters per group');
        total += filters.length;
        filters.forEach((filter, index) => {
          validateFilter(filter, [...path, index], issues);
        });
      }
    });
    if (total > 25) issues.add(['filterGroups'], 'at most 25 filters in all');
  }
  const sorts = body.sorts;
  if (sorts !== undefined && !Array.isArray(sorts)) issues.add(['sorts'], 'must be a list');
  else if (sorts) {
    if (sorts.length > 1) issues.add(['sorts'], 'HubSpot honours one sort only');
    sorts.forEach((sort, index) => {
      issues.nonEmptyString(['sorts', index, 'propertyName'], sort?.propertyName);
      issues.oneOf(['sorts', index, 'direction'], sort?.direction ?? '', [
        'ASCENDING',
        'DESCENDING',
      ]);
    });
  }
  if (body.query !== undefined && typeof body.query !== 'string')
    issues.add(['query'], 'must be a string');
  checkStringList(issues, ['properties'], body.properties);
  issues.integer(['limit'], body.limit, 1, 200);
}

function checkQuery({ query }: EndpointCall, issues: ValidationIssues): void {
  for (const name of ['properties', 'propertiesWithHistory', 'associations']) {
    checkCommaList(issues, [name], query?.[name]);
  }
  issues.optionalString(['idProperty'], query?.idProperty);
  if (query?.archived !== undefined && typeof query.archived !== 'boolean')
    issues.add(['archived'], 'must be a boolean');
}

/** The query of a read: lists as one comma-separated value (`properties=email,firstname`). */
const readQuery = (options: GetObjectOptions | undefined) => ({
  properties: commaList(options?.properties),
  propertiesWithHistory: commaList(options?.propertiesWithHistory),
  associations: commaList(options?.associations),
  idProperty: options?.idProperty,
  archived: options?.archived,
});

function searchBody(request: SearchRequest | undefined = {}): unknown {
  if (!isRecord(request)) return request;
  return {
    filterGroups: request.filterGroups ?? [],
    ...(request.sorts ? { sorts: request.sorts } : {}),
    ...(request.query !== undefined ? { query: request.query } : {}),
    ...(request.properties ? { properties: request.properties } : {}),
    limit: request.limit ?? 100,
  };
}

/** HubSpot pages over `paging.next.after`: in the query of a list, the body of a search. */
export const afterCursor = <Page extends HubSpotPage<Item>, Item>(where: 'query' | 'body') =>
  cursorPagination<Page, Item>({
    items: (page) => page?.results ?? [],
    cursor: (page) => page?.paging?.next?.after,
    param: 'after',
    in: where,
  });

const LIST_PAGES = afterCursor<HubSpotPage<HubSpotObject>, HubSpotObject>('query');
const SEARCH_PAGES = afterCursor<SearchPage, HubSpotObject>('body');

/** The endpoints of one object type, named `<type>.<method>` (`contacts.get`). */
function objectEndpoints(base: string, objectType: string) {
  const operation = (name: string) => `${objectType}.${name}`;
  const record = `${base}/{id}`;
  return {
    create: endpoint<HubSpotObject, HubSpotObject, Record<string, unknown>>({
      operation: operation('create'),
      method: 'POST',
      path: base,
      validate: ({ body }, issues) => {
        checkProperties(issues, ['properties'], body?.properties);
        if (body?.associations !== undefined && !Array.isArray(body.associations))
          issues.add(['associations'], 'must be a list');
      },
    }),
    get: endpoint<HubSpotObject>({
      operation: operation('get'),
      method: 'GET',
      path: record,
      validate: checkQuery,
    }),
    update: endpoint<HubSpotObject, HubSpotObject, { properties: unknown }>({
      operation: operation('update'),
      method: 'PATCH',
      path: record,
      validate: (call, issues) => {
        checkQuery(call, issues);
        checkProperties(issues, ['properties'], call.body?.properties);
      },
    }),
    archive: endpoint<unknown, void>({
      operation: operation('archive'),
      method: 'DELETE',
      path: record,
      map: () => undefined,
    }),
    list: endpoint<HubSpotPage<HubSpotObject>>({
      operation: operation('list'),
      method: 'GET',
      path: base,
      validate: (call, issues) => {
        checkQuery(call, issues);
        issues.integer(['limit'], call.query?.limit, 1, 100);
      },
    }),
    // A search changes nothing: safe to repeat.
    search: endpoint<SearchPage, SearchPage, unknown>({
      operation: operation('search'),
      method: 'POST',
      path: `${base}/search`,
      idempotent: true,
      validate: ({ body }, issues) => validateSearch(body, issues),
    }),
  };
}

export function createObjectsApi(
  client: ProviderClient,
  base: string,
  objectType: string,
  batchConcurrency: number,
): CrmObjectsApi {
  const endpoints = objectEndpoints(base, objectType);
  return {
    objectType,
    create: (input, options) => client.call(endpoints.create, { body: writeBody(input) }, options),
    get: (id, options) =>
      client.call(endpoints.get, { path: { id }, query: readQuery(options) }, options),
    update: (id, input, options) =>
      client.call(
        endpoints.update,
        {
          path: { id },
          query: { idProperty: options?.idProperty },
          body: writeBody({ properties: input?.properties }),
        },
        options,
      ),
    archive: (id, options) => client.call(endpoints.archive, { path: { id } }, options),
    list: (options) =>
      client.list(
        endpoints.list,
        { query: { limit: options?.limit ?? 100, after: options?.after, ...readQuery(options) } },
        LIST_PAGES,
        options,
      ),
    search: (request, options) =>
      client.list(endpoints.search, { body: searchBody(request) }, SEARCH_PAGES, options),
    batch: createBatchApi(client, base, objectType, batchConcurrency),
  };
}
