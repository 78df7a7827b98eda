import { DEFAULT_MAX_BODY_BYTES } from '@int/core';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** The providers' webhook endpoints, which take the larger limit. */
export const WEBHOOK_PATHS: ReadonlySet<string> = new Set([
  '/webhooks/stripe',
  '/webhooks/mercadopago',
]);

/** Every route but the webhooks: an order or a form is a few hundred bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** Providers' events can be large; core's webhook handler enforces the same 1 MiB. */
export const WEBHOOK_BODY_LIMIT_BYTES = DEFAULT_MAX_BODY_BYTES;

const limited = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        {
          error: 'payload_too_large',
          message: `Request body over ${maxSize} bytes.`,
          limitBytes: maxSize,
        },
        413,
      ),
  });

/**
 * A body limit on every route (413 past it), checked on `Content-Length` and,
 * for chunked bodies, while reading: a 200 MB body never reaches memory whole.
 */
export function bodyLimits(): MiddlewareHandler {
  const pages = limited(BODY_LIMIT_BYTES);
  const webhook = limited(WEBHOOK_BODY_LIMIT_BYTES);
  return (c, next) => (WEBHOOK_PATHS.has(c.req.path) ? webhook(c, next) : pages(c, next));
}
