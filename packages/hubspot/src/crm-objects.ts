import { type PageIterable, paginate } from '@int/core';
import {
  type BatchCreateInput,
  type BatchOptions,
  type BatchReadInput,
  type BatchReadOptions,
  type BatchResult,
  type BatchUpdateInput,
  type BatchUpsertInput,
  prepareIds,
  prepareWrites,
  runBatch,
} from './crm-batch.js';
import type {
  CallOptions,
  CreateObjectInput,
  HubSpotObject,
  SearchRequest,
  UpdateObjectInput,
} from './crm-types.js';
import type { Transport } from './transport.js';
import { commaList, Issues, idText, toPropertyStrings } from './validation.js';

export interface GetObjectOptions extends CallOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  /** Object types whose associated ids to include, e.g. `['companies']`. */
  associations?: string[] | undefined;
  /** Look the record up by a unique property (e.g. `email`) instead of its id. */
  idProperty?: string | undefined;
  archived?: boolean | undefined;
}

export interface UpdateObjectOptions extends CallOptions {
  idProperty?: string | undefined;
}

export interface ListObjectsOptions extends CallOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  associations?: string[] | undefined;
  /** Page size, at most 100 (HubSpot's `limit`). Default 100. Use `toArray({ limit })` for a total. */
  limit?: number | undefined;
  archived?: boolean | undefined;
  /** Start after this cursor. */
  after?: string | undefined;
}

/** Search results, fetched a page at a time as you iterate. */
export interface SearchIterable extends PageIterable<HubSpotObject> {
  /** `total` of the last page fetched (HubSpot's count of matches), once one was. */
  readonly total: number | undefined;
}

/** Create, read, update, archive, list, search and batch for one object type. */
export interface CrmObjectsApi {
  readonly objectType: string;
  create(input: CreateObjectInput, options?: CallOptions): Promise<HubSpotObject>;
  get(id: string, options?: GetObjectOptions): Promise<HubSpotObject>;
  update(
    id: string,
    input: UpdateObjectInput,
    options?: UpdateObjectOptions,
  ): Promise<HubSpotObject>;
  archive(id: string, options?: CallOptions): Promise<void>;
  /** Every record, one page at a time (never the whole set in memory). */
  list(options?: ListObjectsOptions): PageIterable<HubSpotObject>;
  /** Matching records, one page at a time over the body's `after` (HubSpot stops at 10 000; see `sync`). */
  search(request?: SearchRequest, options?: CallOptions): SearchIterable;
  batch: {
    read(
      inputs: ReadonlyArray<string | BatchReadInput>,
      options?: BatchReadOptions,
    ): Promise<BatchResult<string | BatchReadInput>>;
    create(
      inputs: ReadonlyArray<BatchCreateInput>,
      options?: BatchOptions,
    ): Promise<BatchResult<BatchCreateInput>>;
    update(
      inputs: ReadonlyArray<BatchUpdateInput>,
      options?: BatchOptions,
    ): Promise<BatchResult<BatchUpdateInput>>;
    /** Create or update by a unique property; safe to repeat, so it is retried. */
    upsert(
      inputs: ReadonlyArray<BatchUpsertInput>,
      options?: BatchOptions,
    ): Promise<BatchResult<BatchUpsertInput>>;
    archive(
      inputs: ReadonlyArray<string | BatchReadInput>,
      options?: BatchOptions,
    ): Promise<BatchResult<string | BatchReadInput>>;
  };
}

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

/** Checks a search body against HubSpot's documented limits. */
export function validateSearch(request: SearchRequest, issues: Issues): void {
  if (request === null || typeof request !== 'object') {
    issues.add([], 'search request must be an object');
    return;
  }
  const groups = request.filterGroups ?? [];
  if (!Array.isArray(groups)) issues.add(['filterGroups'], 'must be a list');
  else {
    if (groups.length > 5) issues.add(['filterGroups'], 'at most 5 filter groups');
    let total = 0;
    groups.forEach((group, groupIndex) => {
      const filters = group?.filters;
      if (!Array.isArray(filters)) {
        issues.add(['filterGroups', groupIndex, 'filters'], 'must be a list');
        return;
      }
      if (filters.length > 10)
        issues.add(['filterGroups', groupIndex, 'filters'], 'at most 10 filters per group');
      total += filters.length;
      filters.forEach((filter, filterIndex) => {
        const path = ['filterGroups', groupIndex, 'filters', filterIndex];
        issues.nonEmptyString([...path, 'propertyName'], filter?.propertyName);
        if (!OPERATORS.has(filter?.operator)) {
          issues.add([...path, 'operator'], `must be one of ${[...OPERATORS].join(', ')}`);
          return;
        }
        if (filter.operator === 'IN' || filter.operator === 'NOT_IN') {
          if (!Array.isArray(filter.values) || filter.values.length === 0) {
            issues.add([...path, 'values'], `${filter.operator} needs a non-empty values list`);
          }
        } else if (filter.operator === 'BETWEEN') {
          if (filter.value === undefined || filter.highValue === undefined) {
            issues.add([...path], 'BETWEEN needs value and highValue');
          }
        } else if (filter.operator !== 'HAS_PROPERTY' && filter.operator !== 'NOT_HAS_PROPERTY') {
          if (filter.value === undefined)
            issues.add([...path, 'value'], `${filter.operator} needs a value`);
        }
      });
    });
    if (total > 25) issues.add(['filterGroups'], 'at most 25 filters in all');
  }
  if (request.sorts !== undefined) {
    if (!Array.isArray(request.sorts)) issues.add(['sorts'], 'must be a list');
    else {
      if (request.sorts.length > 1) issues.add(['sorts'], 'HubSpot honours one sort only');
      request.sorts.forEach((sort, index) => {
        issues.nonEmptyString(['sorts', index, 'propertyName'], sort?.propertyName);
        if (sort?.direction !== 'ASCENDING' && sort?.direction !== 'DESCENDING') {
          issues.add(['sorts', index, 'direction'], 'must be ASCENDING or DESCENDING');
        }
      });
    }
  }
  if (request.query !== undefined && typeof request.query !== 'string') {
    issues.add(['query'], 'must be a string');
  }
  issues.optionalStringList(['properties'], request.properties);
  issues.integer(['limit'], request.limit, 1, 200);
}

interface SearchPage {
  total?: number;
  results?: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

interface ListPage {
  results?: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

/** Sends one search request. Shared with `sync`. */
export function searchPage(
  transport: Transport,
  objectType: string,
  body: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<SearchPage> {
  return transport.request<SearchPage>({
    method: 'POST',
    path: transport.paths.search(objectType),
    body,
    operation: `${objectType}.search`,
    idempotent: true,
    search: true,
    signal,
  });
}

export function createObjectsApi(transport: Transport, objectType: string): CrmObjectsApi {
  const { paths } = transport;
  const op = (name: string) => `${objectType}.${name}`;

  return {
    objectType,

    async create(input, options = {}) {
      const issues = new Issues(op('create'));
      issues.properties(['properties'], input?.properties);
      if (input?.associations !== undefined && !Array.isArray(input.associations)) {
        issues.add(['associations'], 'must be a list');
      }
      issues.throwIfAny();
      return transport.request<HubSpotObject>({
        method: 'POST',
        path: paths.objects(objectType),
        body: {
          properties: toPropertyStrings(input.properties),
          ...(input.associations ? { associations: input.associations } : {}),
        },
        operation: op('create'),
        signal: options.signal,
      });
    },

    async get(id, options = {}) {
      const issues = new Issues(op('get'));
      issues.id(['id'], id);
      issues.optionalStringList(['properties'], options.properties);
      issues.optionalStringList(['associations'], options.associations);
      issues.throwIfAny();
      return transport.request<HubSpotObject>({
        method: 'GET',
        path: paths.object(objectType, String(id)),
        query: {
          properties: commaList(options.properties),
          propertiesWithHistory: commaList(options.propertiesWithHistory),
          associations: commaList(options.associations),
          idProperty: options.idProperty,
          archived: options.archived,
        },
        operation: op('get'),
        signal: options.signal,
      });
    },

    async update(id, input, options = {}) {
      const issues = new Issues(op('update'));
      issues.id(['id'], id);
      issues.properties(['properties'], input?.properties);
      issues.throwIfAny();
      return transport.request<HubSpotObject>({
        method: 'PATCH',
        path: paths.object(objectType, String(id)),
        query: { idProperty: options.idProperty },
        body: { properties: toPropertyStrings(input.properties) },
        operation: op('update'),
        signal: options.signal,
      });
    },

    async archive(id, options = {}) {
      const issues = new Issues(op('archive'));
      issues.id(['id'], id);
      issues.throwIfAny();
      await transport.request<void>({
        method: 'DELETE',
        path: paths.object(objectType, String(id)),
        operation: op('archive'),
        signal: options.signal,
      });
    },

    list(options = {}) {
      const issues = new Issues(op('list'));
      issues.integer(['limit'], options.limit, 1, 100);
      issues.optionalStringList(['properties'], options.properties);
      issues.optionalStringList(['associations'], options.associations);
      issues.throwIfAny();
      return paginate<HubSpotObject>(async (cursor) => {
        const page = await transport.request<ListPage>({
          method: 'GET',
          path: paths.objects(objectType),
          query: {
            limit: options.limit ?? 100,
            after: cursor ?? options.after,
            properties: commaList(options.properties),
            propertiesWithHistory: commaList(options.propertiesWithHistory),
            associations: commaList(options.associations),
            archived: options.archived,
          },
          operation: op('list'),
          signal: options.signal,
        });
        return { items: page?.results ?? [], nextCursor: page?.paging?.next?.after };
      });
    },

    search(request = {}, options = {}) {
      const issues = new Issues(op('search'));
      validateSearch(request, issues);
      issues.throwIfAny();
      let total: number | undefined;
      const pages = paginate<HubSpotObject>(async (cursor) => {
        const body: Record<string, unknown> = {
          filterGroups: request.filterGroups ?? [],
          ...(request.sorts ? { sorts: request.sorts } : {}),
          ...(request.query !== undefined ? { query: request.query } : {}),
          ...(request.properties ? { properties: request.properties } : {}),
          limit: request.limit ?? 100,
          ...(cursor !== undefined ? { after: cursor } : {}),
        };
        const page = await searchPage(transport, objectType, body, options.signal);
        total = page?.total;
        return { items: page?.results ?? [], nextCursor: page?.paging?.next?.after };
      });
      return {
        [Symbol.asyncIterator]: pages[Symbol.asyncIterator],
        toArray: pages.toArray,
        get total() {
          return total;
        },
      };
    },

    batch: {
      async read(inputs, options = {}) {
        const issues = new Issues(op('batch.read'));
        const prepared = prepareIds(inputs, issues);
        issues.optionalStringList(['properties'], options.properties);
        issues.throwIfAny();
        return runBatch(transport, {
          operation: op('batch.read'),
          path: paths.batch(objectType, 'read'),
          prepared,
          extraBody: {
            properties: options.properties ?? [],
            propertiesWithHistory: options.propertiesWithHistory ?? [],
            ...(options.idProperty ? { idProperty: options.idProperty } : {}),
          },
          idempotent: true,
          signal: options.signal,
        });
      },

      async create(inputs, options = {}) {
        const issues = new Issues(op('batch.create'));
        const prepared = prepareWrites(inputs, issues, (input, index) => {
          issues.properties(['inputs', index, 'properties'], input.properties);
          return {
            wire: {
              properties: toPropertyStrings(input.properties ?? {}),
              ...(input.associations ? { associations: input.associations } : {}),
            },
          };
        });
        issues.throwIfAny();
        return runBatch(transport, {
          operation: op('batch.create'),
          path: paths.batch(objectType, 'create'),
          prepared,
          idempotent: false,
          signal: options.signal,
        });
      },

      async update(inputs, options = {}) {
        const issues = new Issues(op('batch.update'));
        const prepared = prepareWrites(inputs, issues, (input, index) => {
          issues.id(['inputs', index, 'id'], input.id);
          issues.properties(['inputs', index, 'properties'], input.properties);
          return {
            id: idText(input.id),
            wire: {
              id: idText(input.id),
              ...(input.idProperty ? { idProperty: input.idProperty } : {}),
              properties: toPropertyStrings(input.properties ?? {}),
            },
          };
        });
        issues.throwIfAny();
        return runBatch(transport, {
          operation: op('batch.update'),
          path: paths.batch(objectType, 'update'),
          prepared,
          idempotent: false,
          signal: options.signal,
        });
      },

      async upsert(inputs, options = {}) {
        const issues = new Issues(op('batch.upsert'));
        const prepared = prepareWrites(inputs, issues, (input, index) => {
          issues.id(['inputs', index, 'id'], input.id);
          issues.nonEmptyString(['inputs', index, 'idProperty'], input.idProperty);
          issues.properties(['inputs', index, 'properties'], input.properties);
          return {
            id: idText(input.id),
            wire: {
              id: idText(input.id),
              idProperty: input.idProperty,
              properties: toPropertyStrings(input.properties ?? {}),
            },
          };
        });
        issues.throwIfAny();
        return runBatch(transport, {
          operation: op('batch.upsert'),
          path: paths.batch(objectType, 'upsert'),
          prepared,
          // An upsert by a unique property lands on the same record however often it is sent.
          idempotent: true,
          signal: options.signal,
        });
      },

      async archive(inputs, options = {}) {
        const issues = new Issues(op('batch.archive'));
        const prepared = prepareIds(inputs, issues);
        issues.throwIfAny();
        return runBatch(transport, {
          operation: op('batch.archive'),
          path: paths.batch(objectType, 'archive'),
          prepared,
          idempotent: true,
          signal: options.signal,
        });
      },
    },
  };
}
