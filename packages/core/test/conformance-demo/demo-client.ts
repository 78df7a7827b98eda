import {
  type AuthStrategy,
  apiErrorClassFor,
  type Clock,
  ConfigurationError,
  createHttpClient,
  DEFAULT_RETRY_STATUSES,
  type HttpClientHooks,
  type HttpRequest,
  type Logger,
  type Metrics,
  type OAuth2ClientCredentials,
  oauth2ClientCredentials,
  paginate,
  pathSegmentIssue,
  type RetryOptions,
  systemClock,
  ValidationError,
} from '../../src/index.js';
import { DEMO_BASE_URL, DEMO_CLIENT_ID } from './demo-fake.js';

/** Defects on purpose, to check that the conformance suite catches each one. */
export interface DemoFlaws {
  /** Reads the environment variable when the client is created. */
  eagerEnv?: boolean | undefined;
  /** Keeps a `/v1` ending of baseURL, so paths become `/v1/v1/...`. */
  doublePrefix?: boolean | undefined;
  /** Logs the secret. */
  logSecret?: boolean | undefined;
  /** Sends ids without validating them. */
  skipIdCheck?: boolean | undefined;
}

export interface DemoOptions {
  /** `key` (default): `apiKey` or DEMO_API_KEY. `oauth`: `clientSecret` or DEMO_CLIENT_SECRET. */
  auth?: 'key' | 'oauth' | undefined;
  apiKey?: string | undefined;
  clientSecret?: string | undefined;
  baseURL?: string | undefined;
  fetch?: typeof fetch | undefined;
  logger?: Logger | undefined;
  metrics?: Metrics | undefined;
  hooks?: HttpClientHooks | undefined;
  retry?: RetryOptions | undefined;
  timeoutMs?: number | undefined;
  clock?: { now(): number; sleep?(ms: number, signal?: AbortSignal): Promise<void> } | undefined;
  flaws?: DemoFlaws | undefined;
}

export interface DemoRequestOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  idempotencyKey?: string | undefined;
  headers?: Record<string, string> | undefined;
}

export interface Widget {
  id: string;
  name: string;
}

/** A tiny provider on createHttpClient, shaped like the provider kit's clients. */
export function createDemo(options: DemoOptions = {}) {
  const flaws = options.flaws ?? {};
  const oauth = options.auth === 'oauth';
  const [option, envVar] = oauth
    ? ['clientSecret', 'DEMO_CLIENT_SECRET']
    : ['apiKey', 'DEMO_API_KEY'];
  const given = oauth ? options.clientSecret : options.apiKey;
  const eager = flaws.eagerEnv ? process.env[envVar] : undefined;
  const secret = (): string => {
    const value = given ?? (flaws.eagerEnv ? eager : process.env[envVar]);
    if (!value) {
      throw new ConfigurationError(`Demo secret is missing. Pass \`${option}\` or set ${envVar}.`, {
        option,
        provider: 'demo',
      });
    }
    return value;
  };
  const root = (options.baseURL ?? DEMO_BASE_URL).replace(/\/+$/, '');
  const baseURL = flaws.doublePrefix ? root : root.replace(/\/v1$/, '');
  const injected = options.clock;
  const clock: Clock | undefined = injected && {
    now: () => injected.now(),
    sleep: (ms, signal) => (injected.sleep ?? systemClock.sleep)(ms, signal),
  };

  let tokens: OAuth2ClientCredentials | undefined;
  const oauthTokens = () =>
    (tokens ??= oauth2ClientCredentials({
      tokenURL: `${baseURL}/oauth/token`,
      clientId: DEMO_CLIENT_ID,
      clientSecret: secret(),
      clientAuth: 'body',
      fetch: options.fetch,
      clock,
    }));
  const auth: AuthStrategy = {
    async apply(request) {
      if (oauth) return oauthTokens().apply(request);
      const key = secret();
      if (flaws.logSecret) options.logger?.info({ event: 'demo.key' }, `demo key ${key}`);
      request.headers.authorization = `Bearer ${key}`;
    },
    refresh: oauth ? (context) => (oauthTokens() as AuthStrategy).refresh!(context) : undefined,
    secrets: () => (oauth ? (tokens?.secrets?.() ?? []) : given ? [given] : []),
  };

  const http = createHttpClient({
    name: 'demo',
    baseURL,
    auth,
    fetch: options.fetch,
    logger: options.logger,
    metrics: options.metrics,
    hooks: options.hooks,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    clock,
    // The kit's errors carry the parsed provider details.
    createError: (context) =>
      Object.assign(
        new (apiErrorClassFor(context.status))(context.message, {
          ...context,
          retryable: DEFAULT_RETRY_STATUSES.includes(context.status),
        }),
        { details: context.details },
      ),
  });

  const send = <T>(request: HttpRequest, call: DemoRequestOptions = {}) =>
    http.request<T>({
      ...request,
      signal: call.signal,
      timeoutMs: call.timeoutMs,
      idempotencyKey: call.idempotencyKey,
      headers: call.headers,
      retry: call.maxRetries === undefined ? undefined : { maxRetries: call.maxRetries },
    });

  const segment = (id: string, operation: string): string => {
    const issue = flaws.skipIdCheck
      ? undefined
      : (pathSegmentIssue(id) ?? (/[/\\]/.test(id) ? 'must not contain "/" or "\\"' : undefined));
    if (issue)
      throw new ValidationError([{ path: ['id'], message: issue }], {
        provider: 'demo',
        operation,
      });
    return encodeURIComponent(id);
  };

  type ListPage = { data: Widget[]; has_more: boolean };
  const listPage = (limit: number, after: string | undefined, call?: DemoRequestOptions) =>
    send<ListPage>(
      {
        method: 'GET',
        path: '/v1/widgets',
        query: { limit, starting_after: after },
        operation: 'widgets.list',
      },
      call,
    );

  return {
    widgets: {
      async retrieve(id: string, call?: DemoRequestOptions): Promise<Widget> {
        const path = `/v1/widgets/${segment(id, 'widgets.retrieve')}`;
        return send<Widget>({ method: 'GET', path, operation: 'widgets.retrieve' }, call);
      },
      create(input: { name: string }, call?: DemoRequestOptions): Promise<Widget> {
        return send<Widget>(
          { method: 'POST', path: '/v1/widgets', body: input, operation: 'widgets.create' },
          call,
        );
      },
      /** Awaited: the first page. Iterated: every widget. */
      list(params: { limit?: number } = {}, call?: DemoRequestOptions) {
        const limit = params.limit ?? 10;
        const items = paginate<Widget>(async (cursor) => {
          const page = await listPage(limit, cursor, call);
          return { items: page.data, nextCursor: page.has_more ? page.data.at(-1)?.id : undefined };
        });
        let first: Promise<ListPage> | undefined;
        return {
          // biome-ignore lint/suspicious/noThenProperty: a page promise is awaitable by design.
          then<A = ListPage, B = never>(
            onFulfilled?: ((page: ListPage) => A | PromiseLike<A>) | null,
            onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
          ): Promise<A | B> {
            first ??= listPage(limit, undefined, call);
            return first.then(onFulfilled, onRejected);
          },
          [Symbol.asyncIterator]: () => items[Symbol.asyncIterator](),
          toArray: (options?: { limit?: number | undefined }) => items.toArray(options),
        };
      },
    },
  };
}

export type Demo = ReturnType<typeof createDemo>;
