import { errorReply, type FakeReply, jsonReply } from './fake-reply.js';

/**
 * How the fake checks credentials. `bearer` alone: static keys. `tokenEndpoint`:
 * OAuth client credentials, tokens expiring on the fake's clock. Both: a
 * provider that takes static tokens and OAuth ones (HubSpot).
 */
export interface FakeAuthOptions {
  /**
   * Static credentials: true accepts the token, false refuses it with a 401
   * `invalid_credentials`, a reply refuses it with that reply. Tokens the
   * token endpoint issued are checked before this is asked.
   */
  bearer?: ((token: string, request: Request) => boolean | FakeReply) | undefined;
  tokenEndpoint?: FakeTokenEndpointOptions | undefined;
  /** Reads the credential from a request. Default: `Authorization: Bearer <token>`. */
  credential?: ((request: Request) => string | undefined) | undefined;
}

/** OAuth 2.0 client credentials (RFC 6749 §4.4), form-encoded, answered with JSON. */
export interface FakeTokenEndpointOptions {
  /**
   * Under the base URL, e.g. `/oauth/token`. Answers POST only. A RegExp for
   * a provider with several token paths (HubSpot's `/oauth/v1/token` and dated ones).
   */
  path: string | RegExp;
  /** Accepted clients, id → secret, from the form or `Authorization: Basic`. */
  clients: Record<string, string>;
  /** `expires_in` of issued tokens; they expire on the fake's clock. */
  ttlSeconds: number;
  /** Grant types answered as client credentials. Default `['client_credentials']`. */
  grantTypes?: ReadonlyArray<string> | undefined;
  /** More fields in every token answer, e.g. `{ scope: 'CXS' }`. */
  extra?: Record<string, unknown> | undefined;
  /**
   * A provider's own token handling, asked first: return a reply (make one
   * with `context.issue()` or `context.error()`), or `undefined` to let the
   * toolkit answer. For other grants (authorization code, refresh token) or
   * checks of its own (FedEx's child credentials).
   */
  grant?:
    | ((context: FakeTokenContext) => FakeReply | undefined | Promise<FakeReply | undefined>)
    | undefined;
}

export interface FakeTokenContext {
  request: Request;
  /** The form as sent. */
  form: URLSearchParams;
  grantType: string | undefined;
  /** From the form, or else from `Authorization: Basic`. */
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** True when the id and secret are those of a client in `clients`. */
  clientValid: boolean;
  /** Issues a token and answers with it (`ttlSeconds` and `extra` override the endpoint's). */
  issue(options?: FakeIssueOptions): FakeReply;
  /** An error answer in the provider's envelope. */
  error(status: number, message: string, code: string, extra?: Record<string, unknown>): FakeReply;
}

export interface FakeIssueOptions {
  ttlSeconds?: number | undefined;
  extra?: Record<string, unknown> | undefined;
}

export interface FakeIssuedToken {
  accessToken: string;
  /** Epoch ms on the fake's clock. */
  expiresAt: number;
  expiresIn: number;
}

/** `Authorization: Bearer <token>`, any case of the scheme. */
export function bearerCredential(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/** Client id and secret from `Authorization: Basic`, form-decoded as RFC 6749 §2.3.1 asks. */
function basicCredentials(request: Request): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) return undefined;
  try {
    const text = atob(match[1]!);
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return { id: formDecode(text.slice(0, colon)), secret: formDecode(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/** Issued tokens and their expiry on the fake's clock. */
export function createTokenRegistry(name: string, now: () => number) {
  let tokens = new Map<string, number>();
  let counter = 0;

  return {
    issue(ttlSeconds: number): FakeIssuedToken {
      counter += 1;
      const accessToken = `fake-${name}-access-${counter}`;
      const expiresAt = now() + ttlSeconds * 1000;
      tokens.set(accessToken, expiresAt);
      return { accessToken, expiresAt, expiresIn: ttlSeconds };
    },
    /** `undefined` for a token the fake never issued. */
    state(token: string): 'valid' | 'expired' | undefined {
      const expiresAt = tokens.get(token);
      if (expiresAt === undefined) return undefined;
      return now() >= expiresAt ? 'expired' : 'valid';
    },
    expireAll(): void {
      const at = now();
      for (const token of tokens.keys()) tokens.set(token, at);
    },
    clear(): void {
      tokens = new Map();
      counter = 0;
    },
  };
}

export type TokenRegistry = ReturnType<typeof createTokenRegistry>;

/** The token endpoint's answer to one request (after the fault check). */
export async function answerTokenRequest(
  options: FakeTokenEndpointOptions,
  registry: TokenRegistry,
  request: Request,
  rawBody: string,
): Promise<FakeReply> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return errorReply(
      400,
      'The token request must be application/x-www-form-urlencoded.',
      'invalid_request',
    );
  }
  const form = new URLSearchParams(rawBody);
  const basic = basicCredentials(request);
  const clientId = form.get('client_id') ?? basic?.id;
  const clientSecret = form.get('client_secret') ?? basic?.secret;
  const clientValid =
    clientId !== undefined &&
    Object.hasOwn(options.clients, clientId) &&
    options.clients[clientId] === clientSecret;
  const issue = (issueOptions: FakeIssueOptions = {}): FakeReply => {
    const token = registry.issue(issueOptions.ttlSeconds ?? options.ttlSeconds);
    return jsonReply({
      access_token: token.accessToken,
      token_type: 'bearer',
      expires_in: token.expiresIn,
      ...options.extra,
      ...issueOptions.extra,
    });
  };
  const grantType = form.get('grant_type') ?? undefined;
  const custom = await options.grant?.({
    request,
    form,
    grantType,
    clientId,
    clientSecret,
    clientValid,
    issue,
    error: errorReply,
  });
  if (custom) return custom;
  if (!(options.grantTypes ?? ['client_credentials']).includes(grantType ?? '')) {
    return errorReply(
      400,
      `grant_type ${grantType ?? '(none)'} is not supported.`,
      'unsupported_grant_type',
    );
  }
  // One message for an unknown id and a wrong secret: which one is wrong is not said.
  if (!clientValid) return errorReply(401, 'The client id or secret is wrong.', 'invalid_client');
  return issue();
}
