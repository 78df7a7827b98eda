import { errorReply, type FakeReply } from './fake-reply.js';

/**
 * Idempotent replay: the same key with the same request answers the saved
 * answer again (with `idempotent-replayed: true`); the same key with another
 * request is a 400; the same key while the first is still running is a 409.
 */
export interface FakeIdempotencyOptions {
  /** The request header holding the key, e.g. `Idempotency-Key`. */
  header: string;
  /** Methods whose key is honoured. Default POST, PUT, PATCH and DELETE. */
  methods?: ReadonlyArray<string> | undefined;
  /** Keys live per scope, e.g. per connected account (`Stripe-Account`). Default: one scope. */
  scope?: ((request: Request) => string) | undefined;
  /**
   * Which answers are saved for replay. Default: 2xx and 5xx (the request
   * started executing); a 4xx is not, so a corrected request may reuse the key.
   */
  saves?: ((status: number) => boolean) | undefined;
  /** Header marking a replayed answer. Default `idempotent-replayed`. */
  replayedHeader?: string | undefined;
}

interface Saved {
  fingerprint: string;
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export type IdempotencyDecision =
  /** No key (or a method without keys): run the request. */
  | { kind: 'none' }
  | { kind: 'reply'; reply: FakeReply | Response }
  /** First use of the key: run the request, then `save` its answer and `release`. */
  | { kind: 'claim'; save(response: Response): Promise<void>; release(): void };

const DEFAULT_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function createIdempotencyStore(
  options: FakeIdempotencyOptions,
  requestIdHeader: string | undefined,
) {
  const methods = new Set((options.methods ?? DEFAULT_METHODS).map((item) => item.toUpperCase()));
  const saves = options.saves ?? ((status: number) => status < 400 || status >= 500);
  const replayedHeader = options.replayedHeader ?? 'idempotent-replayed';
  let saved = new Map<string, Saved>();
  let running = new Set<string>();

  return {
    check(request: Request, url: URL, rawBody: string): IdempotencyDecision {
      const method = request.method.toUpperCase();
      const key = request.headers.get(options.header);
      if (!key || !methods.has(method)) return { kind: 'none' };
      const scoped = `${options.scope?.(request) ?? ''}\u0000${key}`;
      const fingerprint = `${method} ${url.pathname}${url.search}\u0000${rawBody}`;
      const previous = saved.get(scoped);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          return {
            kind: 'reply',
            reply: errorReply(
              400,
              'Keys for idempotent requests can only be used with the same parameters they were first used with. Use another key for a different request.',
              'idempotency_mismatch',
            ),
          };
        }
        const headers = new Headers(previous.headers);
        headers.set(replayedHeader, 'true');
        return {
          kind: 'reply',
          reply: new Response(previous.body === '' ? null : previous.body, {
            status: previous.status,
            headers,
          }),
        };
      }
      if (running.has(scoped)) {
        return {
          kind: 'reply',
          reply: errorReply(
            409,
            'A request with this idempotency key is still being processed.',
            'idempotency_in_progress',
          ),
        };
      }
      running.add(scoped);
      // A reset() while the request runs must not bring its answer back.
      const claimed = running;
      const store = saved;
      return {
        kind: 'claim',
        async save(response) {
          if (!saves(response.status)) return;
          const headers: Array<[string, string]> = [];
          response.headers.forEach((value, name) => {
            // The replay is answered under its own request id.
            if (name !== requestIdHeader?.toLowerCase()) headers.push([name, value]);
          });
          const body = await response.clone().text();
          store.set(scoped, { fingerprint, status: response.status, headers, body });
        },
        release() {
          claimed.delete(scoped);
        },
      };
    },
    clear(): void {
      saved = new Map();
      running = new Set();
    },
  };
}
