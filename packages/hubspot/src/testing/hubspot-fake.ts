import { isRecord } from '@int/core';
import {
  createFakeApi,
  createFakeAuthorizationCodeGrant,
  createFakeRateWindows,
  type FakeControls,
  type FakeReply,
  type FakeRouteContext,
} from '@int/core/testing';
import { OPERATORS } from '../crm-objects.js';
import type { HubSpotLimits } from '../hubspot-types.js';
import type { SignWebhookInput } from '../webhook-types.js';
import { compareValues, matchesFilter, matchesQuery } from './fake-search.js';
import { type FakeAssociation, type FakeObject, FakeStore, present } from './fake-store.js';
import { signWebhookHeaders } from './signed-webhook-headers.js';

export type { FakeObject } from './fake-store.js';

export interface HubSpotFakeOptions {
  /** Default `https://api.hubapi.com`. */
  baseURL?: string | undefined;
  /** The fake's time (last-modified dates, rate windows, token expiry): the client's `clock`. Default: the system clock. */
  clock?: { now(): number } | undefined;
  /** Static tokens accepted. Default: any bearer token (OAuth tokens the fake issued are checked for expiry). */
  accessTokens?: string[] | undefined;
  /**
   * Rate limits enforced per token: the client's `burst`, `windowMs`,
   * `searchPerSecond` and `searchWindowMs` (scale them down for fast tests),
   * and the fake's own below.
   */
  limits?:
    | (Pick<HubSpotLimits, 'burst' | 'windowMs' | 'searchPerSecond' | 'searchWindowMs'> & {
        /** Default true. */
        enforce?: boolean | undefined;
        /** Calls per UTC day. Default 250 000. */
        daily?: number | undefined;
        /** Send `Retry-After` (seconds) on ten-secondly 429s. Default false, as HubSpot often does not. */
        retryAfter?: boolean | undefined;
        /** Send the `X-HubSpot-RateLimit-*` headers. Default true. */
        headers?: boolean | undefined;
      })
    | undefined;
  /** The app the OAuth token endpoint accepts. */
  oauth?: { clientId: string; clientSecret: string; redirectURI?: string | undefined } | undefined;
  /** Account id reported as `hub_id`. Default 62515. */
  portalId?: number | undefined;
}

export interface FakeStats {
  /** CRM requests that passed the auth check and the queued faults. */
  requests: number;
  rateLimited: { TEN_SECONDLY_ROLLING: number; SECONDLY: number; DAILY: number };
}

/** Core's `FakeControls` (`fail`, `clearFaults`, `expireTokens`, `calls`, `now`, `reset`) and HubSpot's state. */
export interface HubSpotFake extends FakeControls {
  readonly stats: FakeStats;
  /** Adds records without requests (no rate limit spent). `modifiedAt` defaults to now. */
  seed(
    objectType: string,
    records: Array<{
      properties: Record<string, string | null>;
      modifiedAt?: number | undefined;
      id?: string | undefined;
    }>,
  ): FakeObject[];
  /** Live records of a type. */
  objects(objectType: string): FakeObject[];
  get(objectType: string, id: string): FakeObject | undefined;
  /** Changes a record as if someone edited it in HubSpot (bumps its last-modified date). */
  touch(objectType: string, id: string, properties?: Record<string, string | null>): FakeObject;
  /** A code for the token endpoint, as HubSpot would put on your redirect URL. */
  issueAuthorizationCode(options?: {
    redirectURI?: string | undefined;
    codeChallenge?: string | undefined;
  }): string;
  /** Signed headers for a webhook request, as HubSpot would send them. */
  signWebhook(input: SignWebhookInput): Promise<Record<string, string>>;
}

type Json = Record<string, unknown>;
type Policy = keyof FakeStats['rateLimited'];
// HubSpot's policy name for each budget the fake spends.
const POLICIES = { burst: 'TEN_SECONDLY_ROLLING', search: 'SECONDLY', daily: 'DAILY' } as const;

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

// The toolkit's own error codes, as HubSpot words and files them.
const TOOLKIT_ERRORS: Record<string, [category: string, message?: string]> = {
  missing_credentials: [
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
  ],
  invalid_credentials: ['INVALID_AUTHENTICATION', 'Authentication credentials are invalid.'],
  token_expired: ['EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired.'],
  not_found: ['OBJECT_NOT_FOUND'],
  invalid_body: ['VALIDATION_ERROR', 'Invalid input JSON.'],
  invalid_path: ['VALIDATION_ERROR', 'Invalid input JSON: the path is not valid.'],
};
// RFC 6749 errors of the token endpoints, in the OAuth shape HubSpot answers them in.
const OAUTH_ERRORS = new Set(['invalid_client', 'invalid_grant', 'unsupported_grant_type']);
/** The token endpoint, on its legacy and date-versioned paths. */
const OAUTH_TOKEN = /^\/oauth\/(v1|v3|\d{4}-\d{2})\/token$/;
// Date-versioned and legacy paths serve the same objects.
const PREFIXES = ['/crm/objects/:version', '/crm/v3/objects', '/crm/v4/objects'];

const stringProps = (properties: unknown): Record<string, string | null> =>
  Object.fromEntries(
    Object.entries(isRecord(properties) ? properties : {}).map(([name, value]) => [
      name,
      value === null || value === undefined ? null : String(value),
    ]),
  );
const splitList = (value: string | null): string[] | undefined =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
/** `CONTACT` for `contacts`, `COMPANY` for `companies`, as HubSpot names a type in messages. */
const singular = (objectType: string) =>
  objectType.replace(/ies$/, 'y').replace(/s$/, '').toUpperCase();
const defaults = (objectType: string) => DEFAULT_PROPERTIES[objectType] ?? [];
const associationKey = (type: string, id: string) => `${type}:${id}`;
/** HubSpot's offset page (search, associations): `paging.next.after` while more remain. */
function offsetPage<T>(all: T[], offset: number, limit: number, show = (item: T): unknown => item) {
  const after = offset + limit < all.length ? String(offset + limit) : undefined;
  const results = all.slice(offset, offset + limit).map(show);
  return { results, ...(after ? { paging: { next: { after } } } : {}) };
}

/**
 * A stateful HubSpot for tests, on core's fake toolkit: CRM records on a
 * controllable clock, search with HubSpot's operators and 10 000-result cap,
 * batch endpoints with the 100-input cap and 207 partial results,
 * associations, the OAuth token endpoints, and per-token rate limits with
 * HubSpot's 429 bodies and headers.
 */
export function createHubSpotFake(options: HubSpotFakeOptions = {}): HubSpotFake {
  const clock = options.clock ?? { now: () => Date.now() };
  const now = () => clock.now();
  const limits = {
    enforce: true,
    burst: 100,
    windowMs: 10_000,
    searchPerSecond: 5,
    searchWindowMs: 1_000,
    daily: 250_000,
    retryAfter: false,
    headers: true,
    // An option given as undefined keeps its default.
    ...Object.fromEntries(
      Object.entries(options.limits ?? {}).filter(([, value]) => value !== undefined),
    ),
  };
  const portalId = options.portalId ?? 62515;
  let store = new FakeStore(now);
  const stats: FakeStats = {
    requests: 0,
    rateLimited: { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 },
  };
  const windows = createFakeRateWindows({
    now,
    windows: {
      burst: { limit: limits.burst, windowMs: limits.windowMs },
      search: { limit: limits.searchPerSecond, windowMs: limits.searchWindowMs },
    },
    daily: limits.daily,
    enforce: limits.enforce,
  });
  const oauth = createFakeAuthorizationCodeGrant({ name: 'hubspot', app: options.oauth });

  const api = createFakeApi({
    name: 'hubspot',
    baseURL: options.baseURL ?? 'https://api.hubapi.com',
    clock,
    requestIdHeader: 'x-hubspot-correlation-id',
    errorEnvelope: ({ status, message, code, requestId, extra }) => {
      if (OAUTH_ERRORS.has(code)) {
        return { error: code, error_description: message, status: 'error', message };
      }
      const [category, hubspotMessage] = TOOLKIT_ERRORS[code] ?? [
        code === 'fault' ? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR') : code,
      ];
      const said = hubspotMessage ?? message;
      return { status: 'error', message: said, correlationId: requestId, category, ...extra };
    },
    auth: {
      bearer: (token) => !options.accessTokens || options.accessTokens.includes(token),
      // HubSpot's authorization-code and refresh grants, against the fake's OAuth app.
      tokenEndpoint: {
        path: OAUTH_TOKEN,
        clients: {},
        ttlSeconds: 1800,
        grant: async ({ form, issue, error }) => {
          const granted = await oauth.redeem(form);
          if ('error' in granted) return error(granted.status, granted.message, granted.error);
          return issue({ extra: { refresh_token: granted.refreshToken, hub_id: portalId } });
        },
      },
    },
    onReset() {
      store = new FakeStore(now);
      windows.clear();
      oauth.clear();
      stats.requests = 0;
      stats.rateLimited = { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 };
    },
  });
  const invalidInput = (where: string) =>
    api.error(400, `Invalid input JSON: ${where}.`, 'VALIDATION_ERROR');
  const notFound = (objectType: string) =>
    api.error(404, 'Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND', {
      context: { objectType: [objectType] },
    });

  // ---- limits -----------------------------------------------------------

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

  const tooMany = (policy: Policy, requestId: string, headers: Record<string, string>) => {
    stats.rateLimited[policy] += 1;
    const body = {
      status: 'error',
      message: `You have reached your ${policy.toLowerCase()} limit.`,
      errorType: 'RATE_LIMIT',
      correlationId: requestId,
      policyName: policy,
      groupName: `publicapi:${portalId}`,
    };
    return api.json(body, 429, headers);
  };

  /** Spends budget: the headers to send, or a 429. */
  const spend = (
    token: string,
    search: boolean,
    requestId: string,
  ): { reply: FakeReply } | { headers: Record<string, string> } => {
    const verdict = windows.spend(token, search ? ['burst', 'search'] : ['burst']);
    const headers = limitHeaders(verdict.used.burst, verdict.daily);
    if (verdict.allowed) return { headers };
    if (verdict.exceeded === 'burst' && limits.retryAfter) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)));
    }
    return { reply: tooMany(POLICIES[verdict.exceeded], requestId, headers) };
  };

  // ---- CRM --------------------------------------------------------------

  /** Why HubSpot would refuse this write: an invalid contact email (400) or another contact's (409). */
  const refusal = (objectType: string, properties: Json, self?: string) => {
    const email = properties.email;
    if (objectType !== 'contacts' || typeof email !== 'string' || email.length === 0) return;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      const message = `Property values were not valid: [{"isValid":false,"message":"Email address ${email} is invalid","error":"INVALID_EMAIL","name":"email"}]`;
      return { status: 400, category: 'VALIDATION_ERROR', message };
    }
    const existing = store.findBy('contacts', 'email', email);
    if (existing && existing.id !== self) {
      return { status: 409, category: 'CONFLICT', message: conflict(existing) };
    }
  };
  const conflict = (existing: FakeObject | undefined) =>
    `Contact already exists.${existing ? ` Existing ID: ${existing.id}` : ''}`;

  const search = (objectType: string, body: Json) => {
    const limit = body.limit === undefined ? 10 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return api.error(400, 'limit must be between 1 and 200.', 'VALIDATION_ERROR');
    }
    const groups = (Array.isArray(body.filterGroups) ? body.filterGroups : []) as Array<{
      filters?: Json[];
    }>;
    const wellFormed = groups.every(
      (group) =>
        isRecord(group) &&
        (group.filters === undefined ||
          (Array.isArray(group.filters) && group.filters.every(isRecord))),
    );
    if (!wellFormed)
      return invalidInput('filterGroups must be objects with a list of filter objects');
    const filters = groups.flatMap((group) => group.filters ?? []);
    if (
      groups.length > 5 ||
      groups.some((group) => (group.filters?.length ?? 0) > 10) ||
      filters.length > 25
    ) {
      return api.error(400, 'Too many filters or filter groups.', 'VALIDATION_ERROR');
    }
    const unknown = filters.find((filter) => !OPERATORS.has(String(filter.operator)));
    if (unknown)
      return api.error(400, `Unknown operator ${String(unknown.operator)}.`, 'VALIDATION_ERROR');
    const offset = body.after === undefined || body.after === null ? 0 : Number(body.after);
    if (!Number.isInteger(offset) || offset < 0) {
      return api.error(400, 'after must be a numeric offset.', 'VALIDATION_ERROR');
    }
    if (offset >= 10_000) {
      return api.error(
        400,
        'Search results are limited to 10,000 per query. Narrow the query (for example by a date range) instead of paging further.',
        'VALIDATION_ERROR',
      );
    }
    const query = typeof body.query === 'string' ? body.query : '';
    let matches = store
      .live(objectType)
      .filter(
        (object) =>
          (groups.length === 0 ||
            groups.some((group) =>
              (group.filters ?? []).every((filter) => matchesFilter(object, filter)),
            )) &&
          (query.length === 0 || matchesQuery(object, query)),
      );
    const sort = (Array.isArray(body.sorts) ? body.sorts[0] : undefined) as
      | { propertyName?: string; direction?: string }
      | string
      | undefined;
    const byId = (left: FakeObject, right: FakeObject) => Number(left.id) - Number(right.id);
    if (sort) {
      const property = typeof sort === 'string' ? sort : String(sort.propertyName);
      const descending = typeof sort !== 'string' && sort.direction === 'DESCENDING';
      matches = matches.sort((left, right) => {
        const a = left.properties[property] ?? null;
        const b = right.properties[property] ?? null;
        let order =
          a === null ? (b === null ? 0 : 1) : b === null ? -1 : compareValues(property, a, b);
        // Ties come back in no promised order; shuffle them a little like HubSpot's index.
        if (order === 0)
          order = (Number(left.id) % 7) - (Number(right.id) % 7) || byId(left, right);
        return descending ? -order : order;
      });
    } else {
      matches = matches.sort(byId);
    }
    const properties = Array.isArray(body.properties) ? (body.properties as string[]) : undefined;
    const show = (object: FakeObject) => present(object, properties, defaults(objectType));
    return api.json({ total: matches.length, ...offsetPage(matches, offset, limit, show) });
  };

  const batch = (objectType: string, operation: string, body: Json) => {
    const inputs = body.inputs;
    if (!Array.isArray(inputs)) return api.error(400, 'inputs is required.', 'VALIDATION_ERROR');
    if (!inputs.every(isRecord)) return invalidInput('each input must be an object');
    if (inputs.length > 100) {
      const message = `Batch input size ${inputs.length} exceeds the maximum of 100.`;
      return api.error(400, message, 'VALIDATION_ERROR');
    }
    const startedAt = new Date(now()).toISOString();
    const results: Json[] = [];
    const errors: Json[] = [];
    const properties = Array.isArray(body.properties) ? (body.properties as string[]) : undefined;
    const finish = (status = 200) => {
      const completedAt = new Date(now()).toISOString();
      const failed = errors.length > 0 ? { numErrors: errors.length, errors } : {};
      const answer = { status: 'COMPLETE', results, ...failed, startedAt, completedAt };
      return api.json(answer, errors.length > 0 ? 207 : status);
    };
    const refuse = (input: Json, message: string, category: string, context: Json = {}) => {
      const traceId = input.objectWriteTraceId;
      errors.push({
        status: 'error',
        category,
        message,
        context: {
          ...(typeof traceId === 'string' ? { objectWriteTraceId: [traceId] } : {}),
          ...context,
        },
        ...(input.id !== undefined ? { id: String(input.id) } : {}),
      });
    };
    const shown = (object: FakeObject, input: Json, props: Json, extra: Json = {}) => ({
      ...present(object, Object.keys(props), defaults(objectType)),
      ...extra,
      ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}),
    });
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
            message: `Could not get some ${singular(objectType)} objects, they may be deleted or not exist. Check that ids are valid.`,
            context: { ids: missing },
          });
        }
        return finish();
      }
      case 'create':
      case 'update':
      case 'upsert': {
        // Creates land together, after every input passed; updates and upserts one by one.
        const creates: Array<() => void> = [];
        const emails = new Set<string>();
        for (const input of inputs as Json[]) {
          const props = stringProps(input.properties);
          const given = typeof input.idProperty === 'string' ? input.idProperty : undefined;
          const idProperty = given ?? (operation === 'update' ? 'hs_object_id' : '');
          if (operation === 'upsert' && !idProperty) {
            refuse(input, 'idProperty is required for upsert.', 'VALIDATION_ERROR');
            continue;
          }
          const id = String(input.id);
          const existing = idProperty ? store.findBy(objectType, idProperty, id) : undefined;
          const checked = operation === 'upsert' ? { ...props, [idProperty]: id } : props;
          const email = checked.email?.toLowerCase();
          const problem =
            refusal(objectType, checked, existing?.id) ??
            (email && emails.has(email)
              ? { category: 'CONFLICT', message: conflict(undefined) }
              : undefined);
          if (problem) refuse(input, problem.message, problem.category);
          else if (operation === 'update' && !existing)
            refuse(input, 'Object not found.', 'OBJECT_NOT_FOUND', { ids: [id] });
          else {
            if (email && operation === 'create') emails.add(email);
            const write = () => {
              const object = existing
                ? store.update(existing, props)
                : store.create(objectType, checked);
              results.push(
                shown(object, input, props, operation === 'upsert' ? { new: !existing } : {}),
              );
            };
            if (operation === 'create') creates.push(write);
            else write();
          }
        }
        const traced = inputs.every((input: Json) => typeof input.objectWriteTraceId === 'string');
        if (operation === 'create' && errors.length > 0 && !traced) {
          // Without a trace id on every input HubSpot fails the whole batch.
          const first = errors[0]!;
          const status = first.category === 'CONFLICT' ? 409 : 400;
          return api.error(status, String(first.message), String(first.category));
        }
        for (const create of creates) create();
        return finish(operation === 'create' ? 201 : 200);
      }
      case 'archive': {
        for (const input of inputs as Json[]) {
          const object = store.findBy(objectType, 'hs_object_id', String(input.id));
          if (object) store.archive(object);
        }
        return api.json(undefined, 204);
      }
      default:
        return api.error(404, `Unknown batch operation ${operation}.`, 'VALIDATION_ERROR');
    }
  };

  const associate = (
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    types: Json[],
  ) => {
    const put = (a: string, b: string) => {
      const map = store.associations.get(a) ?? new Map<string, FakeAssociation[]>();
      store.associations.set(a, map);
      const list = map.get(b) ?? [];
      for (const type of types) {
        if (list.some((item) => item.associationTypeId === type.associationTypeId)) continue;
        list.push({
          associationCategory: String(type.associationCategory),
          associationTypeId: Number(type.associationTypeId),
          label: (type.label as string | undefined) ?? null,
        });
      }
      map.set(b, list);
    };
    put(associationKey(fromType, fromId), associationKey(toType, toId));
    put(associationKey(toType, toId), associationKey(fromType, fromId));
  };

  const createObject = (objectType: string, body: Json) => {
    const props = stringProps(body.properties);
    const problem = refusal(objectType, props);
    if (problem) return api.error(problem.status, problem.message, problem.category);
    const links = body.associations ?? [];
    const wellFormed =
      Array.isArray(links) &&
      links.every(
        (link) =>
          isRecord(link) &&
          (link.to === undefined || isRecord(link.to)) &&
          (link.types === undefined || (Array.isArray(link.types) && link.types.every(isRecord))),
      );
    if (!wellFormed)
      return invalidInput('associations must be objects with to and a list of types');
    const object = store.create(objectType, props);
    for (const link of links as Json[]) {
      const to = String((link.to as { id?: string } | undefined)?.id ?? '');
      const toType = [...store.types.keys()].find(
        (type) => type !== objectType && store.findBy(type, 'hs_object_id', to),
      );
      if (to && toType) associate(objectType, object.id, toType, to, (link.types ?? []) as Json[]);
    }
    return api.json(present(object, Object.keys(props), defaults(objectType)), 201);
  };

  const readObject = (objectType: string, object: FakeObject, url: URL) => {
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
    return api.json(result);
  };

  const listObjects = (objectType: string, url: URL) => {
    const limit = Number(url.searchParams.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return api.error(400, 'limit must be between 1 and 100.', 'VALIDATION_ERROR');
    }
    const after = url.searchParams.get('after');
    const all = store.live(objectType).sort((a, b) => Number(a.id) - Number(b.id));
    const start = after ? all.findIndex((object) => Number(object.id) >= Number(after)) : 0;
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const following = start < 0 ? undefined : all[start + limit];
    const properties = splitList(url.searchParams.get('properties'));
    const link = following && `${url.origin}${url.pathname}?after=${following.id}`;
    return api.json({
      results: page.map((object) => present(object, properties, defaults(objectType))),
      ...(following ? { paging: { next: { after: following.id, link } } } : {}),
    });
  };

  const listAssociations = (fromType: string, fromId: string, toType: string, url: URL) => {
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
    return api.json(offsetPage(all, offset, limit));
  };

  const putAssociation = (params: Record<string, string>, body: unknown, isDefault: boolean) => {
    const { type: fromType = '', id: fromId = '', toType = '', toId = '' } = params;
    if (isDefault) {
      const typeId = DEFAULT_ASSOCIATION_TYPES[`${fromType}:${toType}`] ?? 1;
      const spec = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId };
      associate(fromType, fromId, toType, toId, [spec]);
      const at = new Date(now()).toISOString();
      const results = [{ from: { id: fromId }, to: { id: toId }, associationSpec: spec }];
      return api.json({ status: 'COMPLETE', results, startedAt: at, completedAt: at });
    }
    if (!Array.isArray(body) || body.length === 0 || !body.every(isRecord)) {
      return api.error(400, 'Association types are required.', 'VALIDATION_ERROR');
    }
    associate(fromType, fromId, toType, toId, body);
    return api.json({
      fromObjectTypeId: fromType,
      fromObjectId: Number(fromId),
      toObjectTypeId: toType,
      toObjectId: Number(toId),
      labels: body.map((type) => (type.label as string | undefined) ?? null).filter(Boolean),
    });
  };

  // ---- routes -----------------------------------------------------------

  type CrmHandler = (
    context: FakeRouteContext,
    objectType: string,
    body: Json,
  ) => FakeReply | Promise<FakeReply>;

  /**
   * A CRM route on every path version: counted, rate-limited per token (a
   * search spends the search budget too), answered with the limit headers.
   */
  const crm = (method: string, pattern: string, handler: CrmHandler, search = false) => {
    for (const prefix of PREFIXES) {
      api.route(method, `${prefix}${pattern}`, async (context) => {
        const { version, type = '' } = context.params;
        if (version !== undefined && !/^\d{4}-\d{2}$/.test(version)) {
          return api.error(404, `No route for ${context.url.pathname}.`, 'OBJECT_NOT_FOUND');
        }
        stats.requests += 1;
        const spent = spend(context.token ?? '', search, context.requestId);
        if ('reply' in spent) return spent.reply;
        const reply = await handler(context, type, isRecord(context.body) ? context.body : {});
        return { ...reply, headers: { ...spent.headers, ...reply.headers } };
      });
    }
  };
  /** An association route: 404 unless both records exist. */
  const linked =
    (handler: CrmHandler): CrmHandler =>
    (context, type, body) => {
      const { id = '', toType = '', toId } = context.params;
      if (!store.findBy(type, 'hs_object_id', id)) return notFound(type);
      if (toId !== undefined && !store.findBy(toType, 'hs_object_id', toId))
        return notFound(toType);
      return handler(context, type, body);
    };

  crm('GET', '/:type', ({ url }, type) => listObjects(type, url));
  crm('POST', '/:type', (_, type, body) => createObject(type, body));
  crm('POST', '/:type/search', (_, type, body) => search(type, body), true);
  crm('POST', '/:type/batch/:operation', ({ params }, type, body) =>
    batch(type, params.operation ?? '', body),
  );
  const record = (objectType: string, { url, params }: FakeRouteContext) =>
    store.findBy(objectType, url.searchParams.get('idProperty') ?? 'hs_object_id', params.id ?? '');
  crm('GET', '/:type/:id', (context, type) => {
    const object = record(type, context);
    return object ? readObject(type, object, context.url) : notFound(type);
  });
  crm('PATCH', '/:type/:id', (context, type, body) => {
    const object = record(type, context);
    if (!object) return notFound(type);
    const props = stringProps(body.properties);
    const problem = refusal(type, props, object.id);
    if (problem) return api.error(problem.status, problem.message, problem.category);
    store.update(object, props);
    return api.json(present(object, Object.keys(props), defaults(type)));
  });
  crm('DELETE', '/:type/:id', (context, type) => {
    const object = record(type, context);
    if (object) store.archive(object);
    return api.json(undefined, 204);
  });
  crm(
    'GET',
    '/:type/:id/associations/:toType',
    linked(({ params, url }, type) =>
      listAssociations(type, params.id ?? '', params.toType ?? '', url),
    ),
  );
  crm(
    'PUT',
    '/:type/:id/associations/default/:toType/:toId',
    linked(({ params }) => putAssociation(params, undefined, true)),
  );
  crm(
    'PUT',
    '/:type/:id/associations/:toType/:toId',
    linked(({ params, body }) => putAssociation(params, body, false)),
  );
  crm(
    'DELETE',
    '/:type/:id/associations/:toType/:toId',
    linked(({ params }, type) => {
      const { id = '', toType = '', toId = '' } = params;
      store.associations.get(associationKey(type, id))?.delete(associationKey(toType, toId));
      store.associations.get(associationKey(toType, toId))?.delete(associationKey(type, id));
      return api.json(undefined, 204);
    }),
  );

  return {
    ...api.controls,
    stats,
    seed: (objectType, records) =>
      records.map((item) =>
        store.create(objectType, stringProps(item.properties), item.modifiedAt ?? now(), item.id),
      ),
    objects: (objectType) => store.live(objectType),
    get: (objectType, id) => store.findBy(objectType, 'hs_object_id', id),
    touch(objectType, id, properties = {}) {
      const object = store.findBy(objectType, 'hs_object_id', id);
      if (!object) throw new Error(`No ${objectType} ${id} in the fake.`);
      return store.update(object, properties);
    },
    issueAuthorizationCode: (codeOptions) => oauth.issueCode(codeOptions),
    signWebhook: (input) => signWebhookHeaders(input),
  };
}
