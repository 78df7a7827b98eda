import type { BatchFailure as CoreBatchFailure, PagePromise, RequestOptions } from '@int/core';

/**
 * Per-call options, the last argument of every method: `signal`, `timeoutMs`,
 * `maxRetries`, `headers` (core's). HubSpot has no idempotency keys, so
 * `idempotencyKey` is refused: `batch.upsert` by a unique property is the safe repeat.
 */
export type { RequestOptions };

/** Property values as HubSpot sends them: strings, and `null` for an empty value. */
export type HubSpotProperties = Record<string, string | null>;

/** Values accepted on writes; numbers and booleans are sent as strings by HubSpot anyway. */
export type HubSpotPropertyInput = Record<string, string | number | boolean | null>;

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';

export interface AssociationType {
  associationCategory: AssociationCategory;
  associationTypeId: number;
}

/** An association set while creating a record. */
export interface AssociationInput {
  to: { id: string };
  types: AssociationType[];
}

/** A CRM record (contact, company, deal, custom object). Unknown fields pass through. */
export interface HubSpotObject {
  id: string;
  properties: HubSpotProperties;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  archivedAt?: string;
  propertiesWithHistory?: Record<
    string,
    Array<{ value: string; timestamp: string; sourceType?: string; [key: string]: unknown }>
  >;
  associations?: Record<
    string,
    { results: Array<{ id: string; type: string; [key: string]: unknown }>; [key: string]: unknown }
  >;
  objectWriteTraceId?: string;
  url?: string;
  [key: string]: unknown;
}

export interface CreateObjectInput {
  properties: HubSpotPropertyInput;
  associations?: AssociationInput[] | undefined;
}

export interface UpdateObjectInput {
  properties: HubSpotPropertyInput;
}

export type FilterOperator =
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LTE'
  | 'GT'
  | 'GTE'
  | 'BETWEEN'
  | 'IN'
  | 'NOT_IN'
  | 'HAS_PROPERTY'
  | 'NOT_HAS_PROPERTY'
  | 'CONTAINS_TOKEN'
  | 'NOT_CONTAINS_TOKEN';

export interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string | number | boolean | undefined;
  /** Upper bound for `BETWEEN`. */
  highValue?: string | number | undefined;
  /** For `IN` / `NOT_IN`. */
  values?: Array<string | number> | undefined;
}

export interface SearchFilterGroup {
  filters: SearchFilter[];
}

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

export interface SearchRequest {
  /** ORed groups of ANDed filters: at most 5 groups, 10 filters each, 25 in all. */
  filterGroups?: SearchFilterGroup[] | undefined;
  /** HubSpot honours one sort. */
  sorts?: SearchSort[] | undefined;
  /** Free-text search over the default searchable properties. */
  query?: string | undefined;
  properties?: string[] | undefined;
  /** Page size, at most 200. Default 100. */
  limit?: number | undefined;
}

/** One page of a HubSpot list: `results`, and `paging.next.after` while there are more. */
export interface HubSpotPage<Item> {
  results: Item[];
  paging?: { next?: { after: string; link?: string } };
  [key: string]: unknown;
}

/** A search page: `total` is HubSpot's count of matches. */
export interface SearchPage extends HubSpotPage<HubSpotObject> {
  total: number;
}

export interface GetObjectOptions extends RequestOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  /** Object types whose associated ids to include, e.g. `['companies']`. */
  associations?: string[] | undefined;
  /** Look the record up by a unique property (e.g. `email`) instead of its id. */
  idProperty?: string | undefined;
  archived?: boolean | undefined;
}

export interface UpdateObjectOptions extends RequestOptions {
  idProperty?: string | undefined;
}

export interface ListObjectsOptions extends RequestOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  associations?: string[] | undefined;
  /** Page size, at most 100 (HubSpot's `limit`). Default 100. Use `toArray({ limit })` for a total. */
  limit?: number | undefined;
  archived?: boolean | undefined;
  /** Start after this cursor. */
  after?: string | undefined;
}

export interface BatchReadInput {
  id: string;
}

export interface BatchCreateInput {
  properties: HubSpotPropertyInput;
  associations?: AssociationInput[] | undefined;
  /** Names this input in a 207 answer. Default: its index in your list. */
  objectWriteTraceId?: string | undefined;
}

export interface BatchUpdateInput {
  id: string;
  properties: HubSpotPropertyInput;
  /** A unique property that `id` holds a value of (e.g. `email`). */
  idProperty?: string | undefined;
  objectWriteTraceId?: string | undefined;
}

export interface BatchUpsertInput {
  /** The value of `idProperty` (e.g. an email address). */
  id: string;
  /** A unique property, e.g. `email` for contacts or `domain` for companies. */
  idProperty: string;
  properties: HubSpotPropertyInput;
  objectWriteTraceId?: string | undefined;
}

/**
 * One failed input: its `index` in your list, the `input`, and the `error`:
 * a core `ApiError` whose `details` hold HubSpot's fields (`category`,
 * `context`, `errors`). For an input HubSpot named in a 207 answer its class
 * follows the category (`ConflictError`, `NotFoundError`, else
 * `BadRequestError`); for a request that failed it is that request's error.
 */
export type BatchFailure<Input> = CoreBatchFailure<Input>;

/** `results` of every chunk, and one entry in `errors` per failed input. */
export interface BatchResult<Input> {
  results: HubSpotObject[];
  errors: Array<BatchFailure<Input>>;
}

/** Batch calls take the per-call options (`signal` stops the chunks not yet sent). */
export type BatchOptions = RequestOptions;

export interface BatchReadOptions extends RequestOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  /** Read by a unique property instead of the record id. */
  idProperty?: string | undefined;
}

/** Create, read, update, archive, list, search and batch for one object type. */
export interface CrmObjectsApi {
  readonly objectType: string;
  create(input: CreateObjectInput, options?: RequestOptions): Promise<HubSpotObject>;
  get(id: string, options?: GetObjectOptions): Promise<HubSpotObject>;
  update(
    id: string,
    input: UpdateObjectInput,
    options?: UpdateObjectOptions,
  ): Promise<HubSpotObject>;
  archive(id: string, options?: RequestOptions): Promise<void>;
  /** Every record: awaited, the first page; `for await`, one page in memory at a time. */
  list(options?: ListObjectsOptions): PagePromise<HubSpotPage<HubSpotObject>, HubSpotObject>;
  /** Matching records over the body's `after` (HubSpot stops at 10 000; see `sync`). */
  search(request?: SearchRequest, options?: RequestOptions): PagePromise<SearchPage, HubSpotObject>;
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

export interface AssociationTarget {
  fromObjectType: string;
  fromObjectId: string;
  toObjectType: string;
  toObjectId: string;
}

/** One associated record as the v4 API lists it. */
export interface AssociatedObject {
  toObjectId: string | number;
  associationTypes: Array<{
    category: AssociationCategory;
    typeId: number;
    label?: string | null;
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}

export interface ListAssociationsOptions extends RequestOptions {
  /** Page size, at most 500. Default 500. */
  limit?: number | undefined;
}

export interface AssociationsApi {
  /**
   * Associates two records: with `types` (labelled, `PUT .../{toId}`) or
   * without (HubSpot's default association, `PUT .../default/...`).
   */
  create(
    target: AssociationTarget & { types?: AssociationType[] | undefined },
    options?: RequestOptions,
  ): Promise<Record<string, unknown>>;
  list(
    from: { fromObjectType: string; fromObjectId: string; toObjectType: string },
    options?: ListAssociationsOptions,
  ): PagePromise<HubSpotPage<AssociatedObject>, AssociatedObject>;
  /** Removes every association between the two records. */
  archive(target: AssociationTarget, options?: RequestOptions): Promise<void>;
}

/**
 * Where a sync stopped, as plain JSON: store it and pass it back as `since`.
 * Everything modified before `modifiedAt` has been yielded; of the records
 * modified exactly at `modifiedAt`, those in `seenIds` (and in `sweep` mode
 * every id up to `afterId`) have been too.
 */
export interface SyncCheckpoint {
  objectType: string;
  modifiedAt: string;
  /** `at`: resume at `modifiedAt`; `after`: strictly after it; `sweep`: by id within it. */
  mode: 'at' | 'after' | 'sweep';
  afterId?: string | undefined;
  seenIds: string[];
}

export interface ChangedSinceOptions extends RequestOptions {
  /** Properties to return; the last-modified property is always added. */
  properties?: string[] | undefined;
  /** Page size, at most 200 (the search maximum). Default 200. */
  pageSize?: number | undefined;
  /**
   * The last-modified property. Default `lastmodifieddate` for contacts and
   * `hs_lastmodifieddate` for every other type (HubSpot's own advice).
   */
  modifiedProperty?: string | undefined;
}

/** The changed records, oldest change first, fetched as you iterate. */
export interface SyncIterable extends AsyncIterable<HubSpotObject> {
  /** Resume point covering every record yielded so far. */
  readonly checkpoint: SyncCheckpoint;
  /** Search requests sent so far. */
  readonly requests: number;
}

export interface SyncApi {
  /**
   * Every record of `objectType` modified at or after `since`, in ascending
   * order of modification, each once, past the search API's 10 000-result cap.
   */
  changedSince(
    objectType: string,
    since: Date | string | number | SyncCheckpoint,
    options?: ChangedSinceOptions,
  ): SyncIterable;
}

/** One search request of `objectType`: the first page of `objects(type).search(...)`. */
export type SearchSender = (
  objectType: string,
  request: SearchRequest,
  options: RequestOptions,
) => PromiseLike<SearchPage>;
