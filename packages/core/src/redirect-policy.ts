import { ConfigurationError } from './errors.js';
import { isSensitiveHeader } from './redaction.js';
import { isLoopbackHost } from './url.js';

/**
 * What the pipeline does with a 3xx answer.
 * - `follow-same-origin` (default): follows a redirect only to the same
 *   origin (scheme, host and port), at most {@link MAX_REDIRECTS} hops, and
 *   sends each hop without the body and without any credential header.
 * - `error`: follows nothing (as stripe-node): every 3xx is raised as an
 *   `ApiError` naming its `Location`.
 *
 * A redirect that is not followed is raised like any other non-2xx answer.
 */
export type RedirectPolicy = 'follow-same-origin' | 'error';

export const DEFAULT_REDIRECT_POLICY: RedirectPolicy = 'follow-same-origin';
export const MAX_REDIRECTS = 5;

const POLICIES: ReadonlySet<string> = new Set(['follow-same-origin', 'error']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function checkRedirectPolicy(value: unknown, provider: string): RedirectPolicy | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !POLICIES.has(value)) {
    throw new ConfigurationError(
      `redirect must be 'follow-same-origin' or 'error', got ${typeof value === 'string' ? `'${value}'` : typeof value}.`,
      { option: 'redirect', provider },
    );
  }
  return value as RedirectPolicy;
}

export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

export interface RedirectInput {
  status: number;
  /** The `Location` header as received. */
  location: string | null;
  /** The URL that answered with the 3xx. */
  from: URL;
  /** The URL the call started at; hops must stay on its origin. */
  start: URL;
  method: string;
  /** Whether the request that got the 3xx carried a body. */
  hasBody: boolean;
  policy: RedirectPolicy;
  allowInsecureHttp: boolean;
  /** Hops already followed. */
  hops: number;
}

export type RedirectDecision =
  | { follow: true; url: URL; method: string }
  | { follow: false; reason: string };

/**
 * Whether to follow one 3xx, and where. The http:// policy is checked again
 * on every hop, https never steps down to http, and a hop that would have to
 * send the body again (307/308 of a POST) is not taken: the body is never
 * replayed to a URL the caller did not choose.
 */
export function decideRedirect(input: RedirectInput): RedirectDecision {
  if (input.policy === 'error') return { follow: false, reason: "redirect: 'error' is set" };
  if (!input.location) return { follow: false, reason: 'no Location header' };
  if (input.hops >= MAX_REDIRECTS) {
    return { follow: false, reason: `more than ${MAX_REDIRECTS} redirects` };
  }
  let target: URL;
  try {
    target = new URL(input.location, input.from);
  } catch {
    return { follow: false, reason: 'the Location is not a valid URL' };
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return { follow: false, reason: `the Location uses ${target.protocol}` };
  }
  if (input.from.protocol === 'https:' && target.protocol === 'http:') {
    return { follow: false, reason: 'it would step down from https to http' };
  }
  if (target.protocol === 'http:' && !input.allowInsecureHttp && !isLoopbackHost(target.hostname)) {
    return { follow: false, reason: 'plain http:// to a non-loopback host is refused' };
  }
  if (target.origin !== input.start.origin) {
    return { follow: false, reason: 'the Location is on another origin' };
  }
  const toGet =
    (input.status === 303 && input.method !== 'HEAD') ||
    ((input.status === 301 || input.status === 302) && input.method === 'POST');
  if (!toGet && input.hasBody) {
    return { follow: false, reason: 'following it would send the request body again' };
  }
  return { follow: true, url: target, method: toGet ? 'GET' : input.method };
}

/**
 * The headers of a followed hop: without what the auth strategy set, without
 * any other credential header, and without the body's headers.
 */
export function headersForHop(
  headers: Record<string, string>,
  authSet: ReadonlySet<string>,
): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (authSet.has(name) || isSensitiveHeader(name)) continue;
    if (name === 'content-type' || name === 'content-length') continue;
    next[name] = value;
  }
  return next;
}
