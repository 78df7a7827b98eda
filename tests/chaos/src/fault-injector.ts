import { setTimeout as sleep } from 'node:timers/promises';
import type { InterceptOutcome, Interceptor } from '@int/core/testing';
import { FAULT_KINDS, type FaultKind, type FaultPlanOptions, planAttempt } from './fault-plan.js';

/** Which logical call a request belongs to; undefined lets it through untouched (e.g. a token request). */
export interface CallIdentity {
  callId: string;
  /** The call's idempotency key, when it carries one: every attempt must repeat it. */
  idempotencyKey?: string | undefined;
}

/** Provider-shaped answers the injector sends on its own, before the fake acts. */
export interface ProviderErrors {
  /** A 429; the injector adds `Retry-After`. */
  rateLimited(): Response;
  unavailable(): Response;
  /** A 400/422 for invalid input: never worth repeating. */
  invalid(): Response;
}

export interface FaultInjectorOptions extends FaultPlanOptions {
  identify(request: Request): Promise<CallIdentity | undefined>;
  errors: ProviderErrors;
  /** `Retry-After` of the injected 429s, in seconds. */
  retryAfterSeconds: number;
  /** How long a slow answer is held after the fake acted: longer than the client's timeout. */
  slowMs: number;
}

export interface AttemptRecord {
  outcome: FaultKind | 'reject' | 'pass';
  /** The fake ran for this attempt (its effect, if any, happened). */
  fakeActed: boolean;
  idempotencyKey: string | undefined;
  /** `performance.now()` when the attempt reached the injector. */
  arrivedAt: number;
}

export interface CallLedger {
  attempts: AttemptRecord[];
}

export interface FaultInjector {
  intercept: Interceptor;
  /** Per logical call, in arrival order. */
  readonly calls: ReadonlyMap<string, CallLedger>;
  readonly faults: Readonly<Record<FaultKind | 'reject', number>>;
  /** Requests let through without a call id (token requests). */
  readonly passedThrough: number;
  /** Resolves once every held (slow) answer has been released. */
  drain(): Promise<void>;
}

/** A seeded fault injector for `serveHandlers(handlers, { intercept })`. */
export function createFaultInjector(options: FaultInjectorOptions): FaultInjector {
  const calls = new Map<string, CallLedger>();
  const faults = Object.fromEntries([...FAULT_KINDS, 'reject'].map((kind) => [kind, 0])) as Record<
    FaultKind | 'reject',
    number
  >;
  const held = new Set<Promise<unknown>>();
  let passedThrough = 0;

  const intercept: Interceptor = async ({ request, respond }) => {
    const identity = await options.identify(request);
    if (!identity) {
      passedThrough += 1;
      return respond();
    }
    let ledger = calls.get(identity.callId);
    if (!ledger) {
      ledger = { attempts: [] };
      calls.set(identity.callId, ledger);
    }
    const outcome = planAttempt(options, identity.callId, ledger.attempts.length + 1);
    const record: AttemptRecord = {
      outcome,
      fakeActed: false,
      idempotencyKey: identity.idempotencyKey,
      arrivedAt: performance.now(),
    };
    ledger.attempts.push(record);
    if (outcome !== 'pass') faults[outcome] += 1;
    const acted = async (): Promise<Response> => {
      const response = await respond();
      record.fakeActed = true;
      return response;
    };

    switch (outcome) {
      case 'pass':
        return acted();
      case 'reject':
        return options.errors.invalid();
      case 'reset-before':
        return 'reset';
      case 'rate-limit': {
        const answer = options.errors.rateLimited();
        answer.headers.set('retry-after', String(options.retryAfterSeconds));
        return answer;
      }
      case 'unavailable':
        return options.errors.unavailable();
      case 'reset-after':
        await acted();
        return 'reset';
      case 'slow': {
        const response = await acted();
        const wait = sleep(options.slowMs);
        held.add(wait);
        await wait;
        held.delete(wait);
        return response;
      }
      case 'truncated':
        return { truncate: await acted() } satisfies InterceptOutcome;
      case 'invalid-json': {
        const response = await acted();
        const headers = new Headers(response.headers);
        headers.set('content-type', 'application/json');
        return new Response('{"id": <html>upstream proxy error</html>', {
          status: response.status,
          headers,
        });
      }
    }
  };

  return {
    intercept,
    calls,
    faults,
    get passedThrough() {
      return passedThrough;
    },
    async drain() {
      await Promise.all(held);
    },
  };
}
