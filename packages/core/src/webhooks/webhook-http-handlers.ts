import { PayloadTooLargeError, ValidationError, WebhookVerificationError } from '../errors.js';
import { loggedError } from '../logged-error.js';
import { type Logger, silentLogger } from '../logger.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  type NodeRequestLike,
  readNodeRawBody,
  readRawBody,
} from './raw-body.js';
import type { WebhookInbox } from './webhook-inbox.js';

export interface WebhookHttpHandlerOptions {
  /** Largest body accepted; larger gets 413. Default 1 048 576 (1 MiB). */
  maxBodyBytes?: number | undefined;
  /** Where failures are logged (without body or secret). Default `silentLogger`. */
  logger?: Logger | undefined;
}

/** The parts of Node's `ServerResponse` (or Express's `res`) that are used. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

function answerFor(error: unknown, provider: string, logger: Logger): Answer {
  if (PayloadTooLargeError.isInstance(error)) {
    logger.warn(
      { event: 'webhook.too_large', provider, limitBytes: error.limitBytes },
      error.message,
    );
    return { status: 413, body: { error: 'payload_too_large' }, headers: { connection: 'close' } };
  }
  if (WebhookVerificationError.isInstance(error)) {
    // A parsed body or a missing secret is our own setup, not the sender's fault:
    // 5xx makes the provider redeliver once it is fixed.
    if (error.reason === 'payload_not_raw' || error.reason === 'missing_secret') {
      logger.error(
        { event: 'webhook.misconfigured', provider, reason: error.reason },
        error.message,
      );
      return { status: 500, body: { error: 'webhook_misconfigured' } };
    }
    logger.warn({ event: 'webhook.rejected', provider, reason: error.reason }, error.message);
    return { status: 400, body: { error: 'invalid_signature', reason: error.reason } };
  }
  if (ValidationError.isInstance(error)) {
    logger.warn({ event: 'webhook.invalid_payload', provider }, error.message);
    return { status: 400, body: { error: 'invalid_payload' } };
  }
  // Storage or queue failure: never 2xx, so the provider delivers again.
  logger.error(
    { event: 'webhook.failed', provider, error: loggedError(error) },
    'Webhook could not be stored',
  );
  return { status: 500, body: { error: 'internal_error' } };
}

async function handle(
  inbox: WebhookInbox,
  provider: string,
  method: string | undefined,
  readBody: () => Promise<Uint8Array>,
  headers: Parameters<WebhookInbox['receive']>[2],
  logger: Logger,
): Promise<Answer> {
  if (method !== undefined && method.toUpperCase() !== 'POST') {
    return { status: 405, body: { error: 'method_not_allowed' }, headers: { allow: 'POST' } };
  }
  try {
    const result = await inbox.receive(provider, await readBody(), headers);
    return { status: 200, body: { received: true, status: result.status } };
  } catch (error) {
    return answerFor(error, provider, logger);
  }
}

/**
 * A `(request: Request) => Promise<Response>` endpoint for web-standard
 * frameworks (Hono, Next.js route handlers, Deno, Bun, workers). Answers 2xx
 * only once the event is stored; 400 for a bad signature; 413 for an oversize body.
 */
export function createWebhookRequestHandler(
  inbox: WebhookInbox,
  provider: string,
  options: WebhookHttpHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const logger = options.logger ?? silentLogger;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request) => {
    const answer = await handle(
      inbox,
      provider,
      request.method,
      () => readRawBody(request, { maxBytes }),
      request.headers,
      logger,
    );
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
}

/**
 * A Node `(req, res)` endpoint for `node:http`, Express, Koa's `ctx.req/res`.
 * With Express, mount it without `express.json()` (or behind `express.raw()`).
 */
export function createNodeWebhookHandler(
  inbox: WebhookInbox,
  provider: string,
  options: WebhookHttpHandlerOptions = {},
): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  const logger = options.logger ?? silentLogger;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    const answer = await handle(
      inbox,
      provider,
      request.method,
      () => readNodeRawBody(request, { maxBytes }),
      request.headers,
      logger,
    );
    response.statusCode = answer.status;
    response.setHeader('content-type', 'application/json');
    for (const [name, value] of Object.entries(answer.headers ?? {}))
      response.setHeader(name, value);
    response.end(JSON.stringify(answer.body));
  };
}
