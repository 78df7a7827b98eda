import { serveHandlers, unusedPort } from '@int/core/testing';
import { type BatchResult, type BatchUpsertInput, createHubSpot } from '@int/hubspot';
import { createHubSpotFake } from '@int/hubspot/testing';
import { buildReport, type ChaosReport } from './chaos-report.js';
import type { ChaosSettings } from './chaos-settings.js';
import { createClientRetryLog } from './client-retries.js';
import { createFaultInjector } from './fault-injector.js';
import { runPool } from './run-pool.js';

const hubSpotError = (status: number, body: Record<string, string>) =>
  Response.json(
    { status: 'error', correlationId: '00000000-0000-4000-8000-00000000c4a0', ...body },
    { status },
  );

/** 2 000 contact upserts by email (a batch upsert of one each) through the injector. */
export async function runHubSpotChaos(settings: ChaosSettings): Promise<ChaosReport> {
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  // The fake's own limits would turn the run into a 200-second wait; the injector sends the 429s.
  const fake = createHubSpotFake({ baseURL, limits: { enforce: false } });
  const injector = createFaultInjector({
    ...settings,
    identify: async (request) => {
      if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/batch/upsert')) {
        return undefined;
      }
      const body = (await request.clone().json()) as { inputs?: Array<{ id?: unknown }> };
      const email = body.inputs?.[0]?.id;
      return typeof email === 'string' ? { callId: email } : undefined;
    },
    errors: {
      rateLimited: () =>
        hubSpotError(429, {
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          policyName: 'TEN_SECONDLY_ROLLING',
        }),
      unavailable: () =>
        hubSpotError(503, { message: 'Service unavailable.', category: 'SERVICE_UNAVAILABLE' }),
      invalid: () =>
        hubSpotError(400, {
          message: 'Property values were not valid.',
          category: 'VALIDATION_ERROR',
        }),
    },
  });
  const clientRetries = createClientRetryLog();
  const server = await serveHandlers(fake.handlers, { port, intercept: injector.intercept });
  try {
    const hubspot = createHubSpot({
      accessToken: 'pat-na1-chaos',
      baseURL,
      timeoutMs: settings.timeoutMs,
      retry: { ...settings.retry, onRetry: clientRetries.onRetry },
      rateLimiter: false,
    });
    const callIds = Array.from(
      { length: settings.calls },
      (_, index) => `chaos-${index}@example.com`,
    );
    const started = performance.now();
    const outcomes = await runPool<BatchResult<BatchUpsertInput>>(
      settings.calls,
      settings.concurrency,
      (index) =>
        clientRetries.withCall(callIds[index]!, () =>
          hubspot.contacts.batch.upsert([
            {
              id: callIds[index]!,
              idProperty: 'email',
              properties: { firstname: 'Chaos', lastname: String(index) },
            },
          ]),
        ),
      settings.deadlineMs,
    );
    const elapsedMs = performance.now() - started;
    await injector.drain();

    const contacts = new Map<string, string[]>();
    for (const contact of fake.objects('contacts')) {
      const email = contact.properties.email?.toLowerCase();
      if (email) contacts.set(email, [...(contacts.get(email) ?? []), contact.id]);
    }
    const report = buildReport({
      provider: 'hubspot',
      callIds,
      outcomes,
      injector,
      clientRetries,
      plan: settings,
      elapsedMs,
      effectsOf: (callId) => ({ effects: contacts.get(callId)?.length ?? 0 }),
      // A batch call resolves with per-input errors: each is the typed error of its request or input.
      failureOf: (result) => {
        const failure = result.errors[0];
        if (!failure) return result.results.length === 1 ? undefined : 'no result and no error';
        return failure.error;
      },
    });
    // A success must name the one contact the fake holds for that email.
    outcomes.forEach((outcome, index) => {
      if (outcome.kind !== 'ok' || outcome.value.errors.length > 0) return;
      const held = contacts.get(callIds[index]!);
      if (held?.length === 1 && held[0] !== outcome.value.results[0]?.id) report.lost += 1;
    });
    return report;
  } finally {
    await server.close();
  }
}
