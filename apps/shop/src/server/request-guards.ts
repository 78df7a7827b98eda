import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { WEBHOOK_PATHS } from './body-limits.js';
import type { ShopOrigins } from './shop-origins.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Answers only to the shop's own names (`ShopOrigins.hosts`): a page on
 * another site that rebinds its DNS name to this machine reaches the shop
 * with its own name in `Host`, and gets a 403 for every route.
 */
export function hostGuard(allowed: ShopOrigins): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!allowed.hosts.has(host)) {
      return c.json(
        { error: 'forbidden_host', message: 'This shop does not answer to that Host.' },
        403,
      );
    }
    return next();
  };
}

/**
 * Cross-site request forgery guard. Any unsafe request that names an
 * `Origin` must name one of the shop's own (never derived from `Host`), and
 * a form-like (or untyped) one must name it, or come with
 * `Sec-Fetch-Site: same-origin`. The webhooks are exempt: Stripe and
 * MercadoPago are not browsers and sign their requests.
 */
export function formOriginGuard(allowed: ShopOrigins): MiddlewareHandler {
  const isOurs = (origin: string) => allowed.origins.has(origin.toLowerCase());
  const guard = csrf({ origin: (origin) => isOurs(origin) });
  return async (c, next) => {
    if (WEBHOOK_PATHS.has(c.req.path) || SAFE.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !isOurs(origin)) {
      return c.json({ error: 'forbidden_origin', message: 'Cross-origin request refused.' }, 403);
    }
    return guard(c, next);
  };
}

/**
 * `/api/*` writes take JSON only: a browser cannot send `application/json`
 * across origins without a CORS preflight, which this shop never grants.
 */
export function jsonOnlyApi(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return c.json(
        {
          error: 'unsupported_media_type',
          message: 'POST /api/* takes content-type application/json',
        },
        415,
      );
    }
    return next();
  };
}
