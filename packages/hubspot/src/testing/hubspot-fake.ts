import { pkceChallenge } from '@int/core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { signWebhookHeaders } from '../hubspot-webhooks.js';
import type { SignWebhookInput } from '../webhook-types.js';
import { compareValues, matchesFilter, matchesQuery, SEARCH_OPERATORS } from './fake-search.js';
import { type FakeObject, FakeStore, present } from './fake-store.js';

export type { FakeObject } from './fake-store.js';

export interface HubSpotFakeOptions {
  /** Default `https://api.hubapi.com`. */
  baseURL?: string | undefined;
  /** The fake's time (last-modified dates, rate windows, token expiry). Default `Date.now`. */
  clock?: { now(): number } | undefined;
  /** Static tokens accepted. Default: any bearer token (OAuth tokens the fake issued are checked for expiry). */
  accessTokens?: string[] | undefined;
  /** Rate limits enforced per token. */
  limits?:
    | {
        /** Default true. */
        enforce?: boolean | undefined;
        /** Calls per window. Default 100. */
        burst?: number | undefined;
        /** Default 10 000 ms; scale it down for fast tests. */
        windowMs?: number | undefined;
        /** Default 5. */
        searchPerSecond?: number | undefined;
        /** Default 1 000 ms. */
        searchWindowMs?: number | undefined;
        /** Calls per UTC day. Default 250 000. */
        daily?: number | undefined;
        /** Send `Retry-After` (seconds) on ten-secondly 429s. Default false, as HubSpot often does not. */
        retryAfter?: boolean | undefined;
        /** Send the `X-HubSpot-RateLimit-*` headers. Default true. */
        headers?: boolean | undefined;
      }
    | undefined;
  /** The app the OAuth token endpoint accepts. */
  oauth?: { clientId: string; clientSecret: string; redirectURI?: string | undefined } | undefined;
  /** Account id reported as `hub_id`. Default 62515. */
  portalId?: number | undefined;
}

export interface FakeStats {
  requests: number;
  rateLimited: { TEN_SECONDLY_ROLLING: number; SECONDLY: number; DAILY: number };
}

export interface HubSpotFake {
  /** MSW handlers: `mock.use(...fake.handlers)` or `setupServer(...fake.handlers)`. */
  readonly handlers: RequestHandler[];
  readonly stats: FakeStats;
  now(): number;
  /** Adds records without requests (no rate limit spent). `modifiedAt` defaults to now. */
  seed(
    objectType: string,
    records: Array<{ properties: Record<string, string | null>; modifiedAt?: number; id?: string }>,
  ): FakeObject[];
  /** Live records of a type. */
  objects(objectType: string): FakeObject[];
  get(objectType: string, id: string): FakeObject | undefined;
  /** Changes a record as if someone edited it in HubSpot (bumps its last-modified date). */
  touch(objectType: string, id: string, properties?: Record<string, string | null>): FakeObject;
  /** A code for the token endpoint, as HubSpot would put on your redirect URL. */
  issueAuthorizationCode(options?: { redirectURI?: string; codeChallenge?: string }): string;
  /** Expires every access token the fake issued. */
  expireAccessTokens(): void;
  /** Signed headers for a webhook request, as HubSpot would send them. */
  signWebhook(input: SignWebhookInput): Promise<Record<string, string>>;
  /**
   * The next `times` CRM requests (whose path contains `path`, when given)
   * answer `status` with HubSpot's error body, before any state changes.
   */
  failNext(failure: {
    status: number;
    times?: number;
    path?: string;
    headers?: Record<string, string>;
  }): void;
  /** Forgets records, tokens, windows and stats. */
  reset(): void;
}

type Json = Record<string, unknown>;

const uuid = (): string => crypto.randomUUID();

function errorBody(message: string, category: string, extra: Json = {}): Json {
  return { status: 'error', message, correlationId: uuid(), category, ...extra };
}

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** HubSpot's answer to a body of the wrong shape: 400, never an exception in the handler. */
const invalidInput = (where: string): Json =>
  errorBody(`Invalid input JSON: ${where}.`, 'VALIDATION_ERROR');

/** A path segment, or undefined when its percent-encoding is broken. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const DEFAULT_PROPERTIES: Record<string, string[]> = {
  contacts: ['firstname', 'lastname', 'email'],
  companies: ['name', 'domain'],
  deals: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate'],
};

const DEFAULT_ASSOCIATION_TYPES: Record<string, number> = {
  'contacts:companies': 279,
  'companies:contacts': 280,
  'deals:contacts': 3,
  'contacts:deals': 4,
  'deals:companies': 341,
  'companies:deals': 342,
};

const SINGULAR: Record<string, string> = {
  contacts: 'CONTACT',
  companies: 'COMPANY',
  deals: 'DEAL',
};

/**
 * A stateful HubSpot for tests: CRM records on a controllable clock, search
 * with HubSpot's operators and 10 000-result cap, batch endpoints with the
 * 100-input cap and 207 partial results, associations, the OAuth token
 * endpoint, and per-token rate limits with HubSpot's 429 bodies and headers.
 */
export function createHubSpotFake(options: HubSpotFakeOptions = {}): HubSpotFake {
  const base = (options.baseURL ?? 'https://api.hubapi.com').replace(/\/$/, '');
  const clock = options.clock ?? { now: () => Date.now() };
  const now = () => clock.now();
  const limits = {
    enforce: options.limits?.enforce ?? true,
    burst: options.limits?.burst ?? 100,
    windowMs: options.limits?.windowMs ?? 10_000,
    searchPerSecond: options.limits?.searchPerSecond ?? 5,
    searchWindowMs: options.limits?.searchWindowMs ?? 1_000,
    daily: options.limits?.daily ?? 250_000,
    retryAfter: options.limits?.retryAfter ?? false,
    headers: options.limits?.headers ?? true,
  };
  const portalId = options.portalId ?? 62515;
  let store = new FakeStore(now);
  const stats: FakeStats = {
    requests: 0,
    rateLimited: { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 },
  };
  let windows = new Map<
    string,
    { burst: number[]; search: number[]; day: string; daily: number }
  >();
  let issuedTokens = new Map<string, { expiresAt: number }>();
  let refreshTokens = new Set<string>();
  let codes = new Map<string, { redirectURI?: string; codeChallenge?: string }>();
  let failures: Array<{
    status: number;
    times: number;
    path?: string;
    headers?: Record<string, string>;
  }> = [];

  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    HttpResponse.json(body as Json, {
      status,
      headers: { 'x-hubspot-correlation-id': uuid(), ...headers },
    });

  // ---- auth and limits -------------------------------------------------

  const authenticate = (request: Request): { token: string } | Response => {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      return json(
        errorBody(
          'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
          'INVALID_AUTHENTICATION',
        ),
        401,
      );
    }
    const token = match[1]!;
    const issued = issuedTokens.get(token);
    if (issued) {
      if (issued.expiresAt <= now()) {
        return json(
          errorBody('The OAuth token used to make this call expired.', 'EXPIRED_AUTHENTICATION'),
          401,
        );
      }
      return { token };
    }
    if (options.accessTokens && !options.accessTokens.includes(token)) {
      return json(
        errorBody('Authentication credentials are invalid.', 'INVALID_AUTHENTICATION'),
        401,
      );
    }
    return { token };
  };

  const limitHeaders = (used: number, daily: number): Record<string, string> =>
    limits.headers
      ? {
          'x-hubspot-ratelimit-max': String(limits.burst),
          'x-hubspot-ratelimit-remaining': String(Math.max(0, limits.burst - used)),
          'x-hubspot-ratelimit-interval-milliseconds': String(limits.windowMs),
          'x-hubspot-ratelimit-daily': String(limits.daily),
          'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, limits.daily - daily)),
        }
      : {};

  const tooMany = (
    policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY',
    headers: Record<string, string>,
  ) => {
    stats.rateLimited[policy] += 1;
    const messages = {
      TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
      SECONDLY: 'You have reached your secondly limit.',
      DAILY: 'You have reached your daily limit.',
    };
    return json(
      {
        status: 'error',
        message: messages[policy],
        errorType: 'RATE_LIMIT',
        correlationId: uuid(),
        policyName: policy,
        groupName: `publicapi:${portalId}`,
      },
      429,
      headers,
    );
  };

  /** Spends budget; returns the headers to send, or a 429. */
  const spend = (
    token: string,
    search: boolean,
  ): { headers: Record<string, string> } | Response => {
    const at = now();
    const day = new Date(at).toISOString().slice(0, 10);
    let state = windows.get(token);
    if (!state) {
      state = { burst: [], search: [], day, daily: 0 };
      windows.set(token, state);
    }
    if (state.day !== day) {
      state.day = day;
      state.daily = 0;
    }
    while (state.burst.length > 0 && state.burst[0]! <= at - limits.windowMs) state.burst.shift();
    while (state.search.length > 0 && state.search[0]! <= at - limits.searchWindowMs)
      state.search.shift();
    if (!limits.enforce) {
      state.daily += 1;
      return { headers: limitHeaders(0, state.daily) };
    }
    if (state.daily >= limits.daily)
      return tooMany('DAILY', limitHeaders(state.burst.length, state.daily));
    if (state.burst.length >= limits.burst) {
      const headers = limitHeaders(state.burst.length, state.daily);
      if (limits.retryAfter) {
        headers['retry-after'] = String(
          Math.max(1, Math.ceil((state.burst[0]! + limits.windowMs - at) / 1000)),
        );
      }
      return tooMany('TEN_SECONDLY_ROLLING', headers);
    }
    if (search && state.search.length >= limits.searchPerSecond) {
      return tooMany('SECONDLY', limitHeaders(state.burst.length, state.daily));
    }
    state.burst.push(at);
    if (search) state.search.push(at);
    state.daily += 1;
    return { headers: limitHeaders(state.burst.length, state.daily) };
  };

  // ---- CRM --------------------------------------------------------------

  const notFound = (objectType: string) =>
    errorBody(`Object not found.  objectId are usually numeric.`, 'OBJECT_NOT_FOUND', {
      context: { objectType: [objectType] },
    });

  const validateProperties = (objectType: string, properties: Json): string | undefined => {
    if (
      objectType === 'contacts' &&
      typeof properties.email === 'string' &&
      properties.email.length > 0
    ) {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(properties.email)) {
        return `Property values were not valid: [{"isValid":false,"message":"Email address ${properties.email} is invalid","error":"INVALID_EMAIL","name":"email"}]`;
      }
    }
    return undefined;
  };

  const duplicateOf = (
    objectType: string,
    properties: Json,
    self?: string,
  ): FakeObject | undefined => {
    if (objectType !== 'contacts' || typeof properties.email !== 'string' || !properties.email)
      return undefined;
    const existing = store.findBy('contacts', 'email', properties.email);
    return existing && existing.id !== self ? existing : undefined;
  };

  const stringProps = (properties: unknown): Record<string, string | null> => {
    const result: Record<string, string | null> = {};
    if (properties && typeof properties === 'object') {
      for (const [name, value] of Object.entries(properties as Json)) {
        result[name] = value === null || value === undefined ? null : String(value);
      }
    }
    return result;
  };

  const splitList = (value: string | null): string[] | undefined =>
    value
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : undefined;

  const defaults = (objectType: string) => DEFAULT_PROPERTIES[objectType] ?? [];

  const search = (objectType: string, body: Json) => {
    const limit = body.limit === undefined ? 10 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return json(errorBody('limit must be between 1 and 200.', 'VALIDATION_ERROR'), 400);
    }
    const groups = (Array.isArray(body.filterGroups) ? body.filterGroups : []) as Array<{
      filters?: Json[];
    }>;
    if (
      !groups.every(
        (group) =>
          isRecord(group) &&
          (group.filters === undefined ||
            (Array.isArray(group.filters) && group.filters.every(isRecord))),
      )
    ) {
      return json(invalidInput('filterGroups must be objects with a list of filter objects'), 400);
    }
    const allFilters = groups.flatMap((group) => group.filters ?? []);
    if (
      groups.length > 5 ||
      groups.some((group) => (group.filters?.length ?? 0) > 10) ||
      allFilters.length > 25
    ) {
      return json(errorBody('Too many filters or filter groups.', 'VALIDATION_ERROR'), 400);
    }
    for (const filter of allFilters) {
      if (!SEARCH_OPERATORS.has(String(filter.operator))) {
        return json(
          errorBody(`Unknown operator ${String(filter.operator)}.`, 'VALIDATION_ERROR'),
          400,
        );
      }
    }
    const offset = body.after === undefined || body.after === null ? 0 : Number(body.after);
    if (!Number.isInteger(offset) || offset < 0) {
      return json(errorBody('after must be a numeric offset.', 'VALIDATION_ERROR'), 400);
    }
    if (offset >= 10_000) {
      return json(
        errorBody(
          'Search results are limited to 10,000 per query. Narrow the query (for example by a date range) instead of paging further.',
          'VALIDATION_ERROR',
        ),
        400,
      );
    }
    let matches = store
      .live(objectType)
      .filter(
        (object) =>
          (groups.length === 0 ||
            groups.some((group) =>
              (group.filters ?? []).every((filter) => matchesFilter(object, filter)),
            )) &&
          (typeof body.query !== 'string' ||
            body.query.length === 0 ||
            matchesQuery(object, body.query)),
      );
    const sort = (Array.isArray(body.sorts) ? body.sorts[0] : undefined) as
      | { propertyName?: string; direction?: string }
      | string
      | undefined;
    const byId = (left: FakeObject, right: FakeObject) => Number(left.id) - Number(right.id);
    if (sort) {
      const property = typeof sort === 'string' ? sort : String(sort.propertyName);
      const descending = typeof sort === 'object' && sort.direction === 'DESCENDING';
      // One sort key per record, computed once (25 000 records sort fast).
      const keys = new Map<FakeObject, string | null>();
      for (const object of matches) keys.set(object, object.properties[property] ?? null);
      matches = matches.sort((left, right) => {
        const a = keys.get(left) ?? null;
        const b = keys.get(right) ?? null;
        let order: number;
        if (a === null && b === null) order = 0;
        else if (a === null) order = 1;
        else if (b === null) order = -1;
        else order = compareValues(property, a, b);
        // Ties come back in no promised order; shuffle them a little like HubSpot's index.
        if (order === 0)
          order = (Number(left.id) % 7) - (Number(right.id) % 7) || byId(left, right);
        return descending ? -order : order;
      });
    } else {
      matches = matches.sort(byId);
    }
    const page = matches.slice(offset, offset + limit);
    const properties = Array.isArray(body.properties) ? (body.properties as string[]) : undefined;
    const next = offset + limit < matches.length ? String(offset + limit) : undefined;
    return json({
      total: matches.length,
      results: page.map((object) => present(object, properties, defaults(objectType))),
      ...(next ? { paging: { next: { after: next } } } : {}),
    });
  };

  const batch = (objectType: string, operation: string, body: Json) => {
    const inputs = body.inputs;
    if (!Array.isArray(inputs))
      return json(errorBody('inputs is required.', 'VALIDATION_ERROR'), 400);
    if (!inputs.every(isRecord)) return json(invalidInput('each input must be an object'), 400);
    if (inputs.length > 100) {
      return json(
        errorBody(
          `Batch input size ${inputs.length} exceeds the maximum of 100.`,
          'VALIDATION_ERROR',
        ),
        400,
      );
    }
    const startedAt = new Date(now()).toISOString();
    const results: Json[] = [];
    const errors: Json[] = [];
    const properties = Array.isArray(body.properties) ? (body.properties as string[]) : undefined;
    const finish = (status = 200) => {
      const completedAt = new Date(now()).toISOString();
      if (errors.length > 0) {
        return json(
          { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt },
          207,
        );
      }
      return json({ status: 'COMPLETE', results, startedAt, completedAt }, status);
    };
    const traceIdsOnAll = inputs.every(
      (input: Json) => typeof input?.objectWriteTraceId === 'string',
    );
    const fail = (input: Json, message: string, category: string, extra: Json = {}) => {
      errors.push({
        status: 'error',
        category,
        message,
        context: {
          ...(typeof input.objectWriteTraceId === 'string'
            ? { objectWriteTraceId: [input.objectWriteTraceId] }
            : {}),
          ...((extra.context as Json) ?? {}),
        },
        ...(input.id !== undefined ? { id: String(input.id) } : {}),
      });
    };
    switch (operation) {
      case 'read': {
        const idProperty = typeof body.idProperty === 'string' ? body.idProperty : 'hs_object_id';
        const missing: string[] = [];
        for (const input of inputs as Json[]) {
          const object = store.findBy(objectType, idProperty, String(input.id));
          if (object) results.push(present(object, properties, defaults(objectType)));
          else missing.push(String(input.id));
        }
        if (missing.length > 0) {
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `Could not get some ${SINGULAR[objectType] ?? objectType} objects, they may be deleted or not exist. Check that ids are valid.`,
            context: { ids: missing },
          });
        }
        return finish();
      }
      case 'create': {
        const pending: Array<{ input: Json; props: Record<string, string | null> }> = [];
        const emails = new Set<string>();
        for (const input of inputs as Json[]) {
          const props = stringProps(input.properties);
          const invalid = validateProperties(objectType, props);
          const email = props.email?.toLowerCase();
          if (invalid) fail(input, invalid, 'VALIDATION_ERROR');
          else if (duplicateOf(objectType, props) || (email && emails.has(email))) {
            const existing = duplicateOf(objectType, props);
            fail(
              input,
              `Contact already exists.${existing ? ` Existing ID: ${existing.id}` : ''}`,
              'CONFLICT',
            );
          } else {
            if (email) emails.add(email);
            pending.push({ input, props });
          }
        }
        if (errors.length > 0 && !traceIdsOnAll) {
          // Without a trace id on every input HubSpot fails the whole batch.
          const first = errors[0]!;
          return json(
            errorBody(String(first.message), String(first.category)),
            first.category === 'CONFLICT' ? 409 : 400,
          );
        }
        for (const { input, props } of pending) {
          const object = store.create(objectType, props);
          results.push({
            ...present(object, Object.keys(props), defaults(objectType)),
            ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}),
          });
        }
        return finish(201);
      }
      case 'update':
      case 'upsert': {
        for (const input of inputs as Json[]) {
          const props = stringProps(input.properties);
          const idProperty =
            typeof input.idProperty === 'string'
              ? input.idProperty
              : operation === 'upsert'
                ? ''
                : 'hs_object_id';
          if (!idProperty) {
            fail(input, 'idProperty is required for upsert.', 'VALIDATION_ERROR');
            continue;
          }
          const checked =
            operation === 'upsert' ? { ...props, [idProperty]: String(input.id) } : props;
          const invalid = validateProperties(objectType, checked);
          if (invalid) {
            fail(input, invalid, 'VALIDATION_ERROR');
            continue;
          }
          const existing = store.findBy(objectType, idProperty, String(input.id));
          if (!existing && operation === 'update') {
            fail(input, 'Object not found.', 'OBJECT_NOT_FOUND', {
              context: { ids: [String(input.id)] },
            });
            continue;
          }
          const dup = duplicateOf(objectType, props, existing?.id);
          if (dup) {
            fail(input, `Contact already exists. Existing ID: ${dup.id}`, 'CONFLICT');
            continue;
          }
          const object = existing
            ? store.update(existing, props)
            : store.create(objectType, { ...props, [idProperty]: String(input.id) });
          results.push({
            ...present(object, Object.keys(props), defaults(objectType)),
            ...(operation === 'upsert' ? { new: !existing } : {}),
            ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}),
          });
        }
        return finish();
      }
      case 'archive': {
        for (const input of inputs as Json[]) {
          const object = store.findBy(objectType, 'hs_object_id', String(input.id));
          if (object) store.archive(object);
        }
        return new HttpResponse(null, { status: 204 });
      }
      default:
        return json(errorBody(`Unknown batch operation ${operation}.`, 'VALIDATION_ERROR'), 404);
    }
  };

  const associationKey = (type: string, id: string) => `${type}:${id}`;
  const associate = (
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    types: Json[],
  ) => {
    const put = (a: string, b: string) => {
      let map = store.associations.get(a);
      if (!map) {
        map = new Map();
        store.associations.set(a, map);
      }
      const list = map.get(b) ?? [];
      for (const type of types) {
        if (!list.some((item) => item.associationTypeId === type.associationTypeId)) {
          list.push({
            associationCategory: String(type.associationCategory),
            associationTypeId: Number(type.associationTypeId),
            label: (type.label as string | undefined) ?? null,
          });
        }
      }
      map.set(b, list);
    };
    put(associationKey(fromType, fromId), associationKey(toType, toId));
    put(associationKey(toType, toId), associationKey(fromType, fromId));
  };

  const associations = (
    request: Request,
    method: string,
    fromType: string,
    fromId: string,
    rest: string[],
    url: URL,
  ) => {
    if (!store.findBy(fromType, 'hs_object_id', fromId)) return json(notFound(fromType), 404);
    if (method === 'GET' && rest.length === 1) {
      const toType = rest[0]!;
      const map = store.associations.get(associationKey(fromType, fromId));
      const all = [...(map?.entries() ?? [])]
        .filter(([key]) => key.startsWith(`${toType}:`))
        .map(([key, types]) => ({
          toObjectId: Number(key.slice(toType.length + 1)),
          associationTypes: types.map((type) => ({
            category: type.associationCategory,
            typeId: type.associationTypeId,
            label: type.label ?? null,
          })),
        }));
      const limit = Number(url.searchParams.get('limit') ?? 500);
      const offset = Number(url.searchParams.get('after') ?? 0);
      const page = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? String(offset + limit) : undefined;
      return json({ results: page, ...(next ? { paging: { next: { after: next } } } : {}) });
    }
    const isDefault = rest[0] === 'default';
    const [toType, toId] = isDefault ? [rest[1], rest[2]] : [rest[0], rest[1]];
    if (!toType || !toId)
      return json(errorBody('Unknown association path.', 'VALIDATION_ERROR'), 404);
    if (!store.findBy(toType, 'hs_object_id', toId)) return json(notFound(toType), 404);
    if (method === 'DELETE') {
      store.associations
        .get(associationKey(fromType, fromId))
        ?.delete(associationKey(toType, toId));
      store.associations
        .get(associationKey(toType, toId))
        ?.delete(associationKey(fromType, fromId));
      return new HttpResponse(null, { status: 204 });
    }
    if (method !== 'PUT') return json(errorBody('Method not allowed.', 'VALIDATION_ERROR'), 405);
    return (async () => {
      if (isDefault) {
        const typeId = DEFAULT_ASSOCIATION_TYPES[`${fromType}:${toType}`] ?? 1;
        associate(fromType, fromId, toType, toId, [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId },
        ]);
        return json({
          status: 'COMPLETE',
          results: [
            {
              from: { id: fromId },
              to: { id: toId },
              associationSpec: {
                associationCategory: 'HUBSPOT_DEFINED',
                associationTypeId: typeId,
              },
            },
          ],
          startedAt: new Date(now()).toISOString(),
          completedAt: new Date(now()).toISOString(),
        });
      }
      const types = (await request.json().catch(() => undefined)) as Json[] | undefined;
      if (!Array.isArray(types) || types.length === 0 || !types.every(isRecord)) {
        return json(errorBody('Association types are required.', 'VALIDATION_ERROR'), 400);
      }
      associate(fromType, fromId, toType, toId, types);
      return json({
        fromObjectTypeId: fromType,
        fromObjectId: Number(fromId),
        toObjectTypeId: toType,
        toObjectId: Number(toId),
        labels: types.map((type) => (type.label as string | undefined) ?? null).filter(Boolean),
      });
    })();
  };

  const crm = async (
    request: Request,
    objectType: string,
    rest: string[],
    url: URL,
  ): Promise<Response> => {
    const method = request.method;
    const readJson = async (): Promise<Json | Response> => {
      try {
        const body = await request.json();
        return body && typeof body === 'object' ? (body as Json) : {};
      } catch {
        return json(errorBody('Invalid input JSON.', 'VALIDATION_ERROR'), 400);
      }
    };
    if (rest.length === 0) {
      if (method === 'GET') {
        const limit = Number(url.searchParams.get('limit') ?? 10);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          return json(errorBody('limit must be between 1 and 100.', 'VALIDATION_ERROR'), 400);
        }
        const after = url.searchParams.get('after');
        const all = store.live(objectType).sort((a, b) => Number(a.id) - Number(b.id));
        const start = after ? all.findIndex((object) => Number(object.id) >= Number(after)) : 0;
        const page = start < 0 ? [] : all.slice(start, start + limit);
        const following = start < 0 ? undefined : all[start + limit];
        return json({
          results: page.map((object) =>
            present(object, splitList(url.searchParams.get('properties')), defaults(objectType)),
          ),
          ...(following
            ? {
                paging: {
                  next: {
                    after: following.id,
                    link: `${base}${url.pathname}?after=${following.id}`,
                  },
                },
              }
            : {}),
        });
      }
      if (method === 'POST') {
        const body = await readJson();
        if (body instanceof Response) return body;
        const props = stringProps(body.properties);
        const invalid = validateProperties(objectType, props);
        if (invalid) return json(errorBody(invalid, 'VALIDATION_ERROR'), 400);
        const links = body.associations ?? [];
        if (
          !Array.isArray(links) ||
          !links.every(
            (link) =>
              isRecord(link) &&
              (link.to === undefined || isRecord(link.to)) &&
              (link.types === undefined ||
                (Array.isArray(link.types) && link.types.every(isRecord))),
          )
        ) {
          return json(
            invalidInput('associations must be objects with to and a list of types'),
            400,
          );
        }
        const existing = duplicateOf(objectType, props);
        if (existing)
          return json(
            errorBody(`Contact already exists. Existing ID: ${existing.id}`, 'CONFLICT'),
            409,
          );
        const object = store.create(objectType, props);
        for (const association of links as Json[]) {
          const to = association.to as { id?: string } | undefined;
          const types = (association.types ?? []) as Json[];
          for (const type of store.types.keys()) {
            if (
              to?.id &&
              store.findBy(type, 'hs_object_id', String(to.id)) &&
              type !== objectType
            ) {
              associate(objectType, object.id, type, String(to.id), types);
              break;
            }
          }
        }
        return json(present(object, Object.keys(props), defaults(objectType)), 201);
      }
    }
    if (rest[0] === 'search' && rest.length === 1 && method === 'POST') {
      const body = await readJson();
      if (body instanceof Response) return body;
      return search(objectType, body);
    }
    if (rest[0] === 'batch' && rest.length === 2 && method === 'POST') {
      const body = await readJson();
      if (body instanceof Response) return body;
      return batch(objectType, rest[1]!, body);
    }
    const id = decodeSegment(rest[0] ?? '');
    if (id === undefined) return json(invalidInput('the id in the path is not valid'), 400);
    if (rest.length >= 2 && rest[1] === 'associations') {
      return associations(request, method, objectType, id, rest.slice(2), url);
    }
    if (rest.length === 1) {
      const idProperty = url.searchParams.get('idProperty') ?? 'hs_object_id';
      const object = store.findBy(objectType, idProperty, id);
      if (method === 'DELETE') {
        if (object) store.archive(object);
        return new HttpResponse(null, { status: 204 });
      }
      if (!object) return json(notFound(objectType), 404);
      if (method === 'GET') {
        const result = present(
          object,
          splitList(url.searchParams.get('properties')),
          defaults(objectType),
        );
        const wanted = splitList(url.searchParams.get('associations'));
        if (wanted) {
          const map = store.associations.get(associationKey(objectType, object.id));
          result.associations = Object.fromEntries(
            wanted.map((toType) => [
              toType,
              {
                results: [...(map?.keys() ?? [])]
                  .filter((key) => key.startsWith(`${toType}:`))
                  .map((key) => ({
                    id: key.slice(toType.length + 1),
                    type: `${objectType}_to_${toType}`,
                  })),
              },
            ]),
          );
        }
        return json(result);
      }
      if (method === 'PATCH') {
        const body = await readJson();
        if (body instanceof Response) return body;
        const props = stringProps(body.properties);
        const invalid = validateProperties(objectType, props);
        if (invalid) return json(errorBody(invalid, 'VALIDATION_ERROR'), 400);
        const dup = duplicateOf(objectType, props, object.id);
        if (dup)
          return json(errorBody(`Contact already exists. Existing ID: ${dup.id}`, 'CONFLICT'), 409);
        store.update(object, props);
        return json(present(object, Object.keys(props), defaults(objectType)));
      }
    }
    return json(errorBody(`No route for ${method} ${url.pathname}.`, 'OBJECT_NOT_FOUND'), 404);
  };

  // ---- OAuth ------------------------------------------------------------

  const oauthError = (error: string, description: string, status = 400) =>
    json({ error, error_description: description, status: 'error', message: description }, status);

  const token = async (request: Request): Promise<Response> => {
    const form = new URLSearchParams(await request.text());
    const app = options.oauth;
    if (
      !app ||
      form.get('client_id') !== app.clientId ||
      form.get('client_secret') !== app.clientSecret
    ) {
      return oauthError('invalid_client', 'The client id or secret is wrong.', 401);
    }
    const issue = () => {
      const access = `fake-access-${uuid()}`;
      const refresh = `fake-refresh-${uuid()}`;
      issuedTokens.set(access, { expiresAt: now() + 1_800_000 });
      refreshTokens.add(refresh);
      return json({
        access_token: access,
        refresh_token: refresh,
        expires_in: 1800,
        token_type: 'bearer',
        hub_id: portalId,
      });
    };
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = codes.get(code);
      if (!issued)
        return oauthError(
          'invalid_grant',
          'The authorization code is invalid or was used already.',
        );
      codes.delete(code);
      const redirect = issued.redirectURI ?? app.redirectURI;
      if (redirect && form.get('redirect_uri') !== redirect) {
        return oauthError('invalid_grant', 'redirect_uri does not match.');
      }
      if (issued.codeChallenge) {
        const verifier = form.get('code_verifier');
        if (!verifier || (await pkceChallenge(verifier)) !== issued.codeChallenge) {
          return oauthError('invalid_grant', 'code_verifier does not match the code challenge.');
        }
      }
      return issue();
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!refreshTokens.has(refresh))
        return oauthError('invalid_grant', 'The refresh token is invalid.');
      return issue();
    }
    return oauthError('unsupported_grant_type', `grant_type ${String(grant)} is not supported.`);
  };

  // ---- routing ----------------------------------------------------------

  const route = async (request: Request): Promise<Response | undefined> => {
    const url = new URL(request.url);
    const segments = url.pathname.split('/').filter(Boolean);
    if (
      segments[0] === 'oauth' &&
      segments[2] === 'token' &&
      segments.length === 3 &&
      request.method === 'POST'
    ) {
      return token(request);
    }
    if (segments[0] !== 'crm') return undefined;
    let objectType: string | undefined;
    let rest: string[] = [];
    if ((segments[1] === 'v3' || segments[1] === 'v4') && segments[2] === 'objects') {
      objectType = segments[3];
      rest = segments.slice(4);
    } else if (segments[1] === 'objects' && /^\d{4}-\d{2}$/.test(segments[2] ?? '')) {
      objectType = segments[3];
      rest = segments.slice(4);
    }
    if (!objectType)
      return json(errorBody(`No route for ${url.pathname}.`, 'OBJECT_NOT_FOUND'), 404);
    stats.requests += 1;
    const auth = authenticate(request);
    if (auth instanceof Response) return auth;
    const isSearch = rest.length === 1 && rest[0] === 'search';
    const spent = spend(auth.token, isSearch);
    if (spent instanceof Response) return spent;
    const failure = failures.find(
      (item) => item.times > 0 && (!item.path || url.pathname.includes(item.path)),
    );
    if (failure) {
      failure.times -= 1;
      const category = failure.status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR';
      return json(errorBody(`Injected failure ${failure.status}.`, category), failure.status, {
        ...spent.headers,
        ...failure.headers,
      });
    }
    const decodedType = decodeSegment(objectType);
    if (decodedType === undefined) {
      return json(invalidInput('the object type in the path is not valid'), 400);
    }
    const response = await crm(request, decodedType, rest, url);
    for (const [name, value] of Object.entries(spent.headers)) response.headers.set(name, value);
    return response;
  };

  // A predicate, not a path pattern: MSW decodes a pattern's parameters
  // itself and throws (a 500) on a broken escape such as `%E0%A4%A`.
  const handlers: RequestHandler[] = [
    http.all(
      ({ request }) => request.url.startsWith(`${base}/`),
      async ({ request }) => route(request),
    ),
  ];

  return {
    handlers,
    stats,
    now,
    seed(objectType, records) {
      return records.map((record) =>
        store.create(
          objectType,
          stringProps(record.properties),
          record.modifiedAt ?? now(),
          record.id,
        ),
      );
    },
    objects: (objectType) => store.live(objectType),
    get: (objectType, id) => store.findBy(objectType, 'hs_object_id', id),
    touch(objectType, id, properties = {}) {
      const object = store.findBy(objectType, 'hs_object_id', id);
      if (!object) throw new Error(`No ${objectType} ${id} in the fake.`);
      return store.update(object, properties);
    },
    issueAuthorizationCode(codeOptions = {}) {
      const code = `fake-code-${uuid()}`;
      codes.set(code, codeOptions);
      return code;
    },
    expireAccessTokens() {
      for (const entry of issuedTokens.values()) entry.expiresAt = 0;
    },
    signWebhook: (input) => signWebhookHeaders(input),
    failNext(failure) {
      failures.push({ ...failure, times: failure.times ?? 1 });
    },
    reset() {
      failures = [];
      store = new FakeStore(now);
      windows = new Map();
      issuedTokens = new Map();
      refreshTokens = new Set();
      codes = new Map();
      stats.requests = 0;
      stats.rateLimited = { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 };
    },
  };
}
