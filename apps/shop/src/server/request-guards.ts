import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for the pages' forms: an unsafe request
 * with a form-like (or no) content type must come from this shop's own
 * origin, as the request names it (Host) or as `SHOP_PUBLIC_URL` does. The
 * Stripe webhook is exempt: Stripe is not a browser and signs its requests.
 */
export function formOriginGuard(publicUrl: string): MiddlewareHandler {
  const publicOrigin = new URL(publicUrl).origin;
  const guard = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  });
  return async (c, next) => {
    if (c.req.path === '/webhooks/stripe') return next();
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
