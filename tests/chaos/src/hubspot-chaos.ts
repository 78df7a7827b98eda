import { type BatchResult, type BatchUpsertInput, createHubSpot } from '@int/hubspot';
import { createHubSpotFake } from '@int/hubspot/testing';
import type { ChaosReport } from './chaos-report.js';
import { groupByCall, namesHeld, runChaos } from './chaos-run.js';
import type { ChaosSettings } from './chaos-settings.js';

const hubSpotError = (status: number, body: Record<string, string>) =>
  Response.json(
    { status: 'error', correlationId: '00000000-0000-4000-8000-00000000c4a0', ...body },
    { status },
  );

/** 2 000 contact upserts by email (a batch upsert of one each) through the injector. */
export function runHubSpotChaos(settings: ChaosSettings): Promise<ChaosReport> {
  return runChaos({
    provider: 'hubspot',
    settings,
    callId: (index) => `chaos-${index}@example.com`,
    // The fake's own limits would turn the run into a 200-second wait; the injector sends the 429s.
    fake: (baseURL) => createHubSpotFake({ baseURL, limits: { enforce: false } }),
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
    client: (baseURL, run) =>
      createHubSpot({ accessToken: 'pat-na1-chaos', baseURL, ...run, rateLimiter: false }),
    call: (hubspot, email, index) =>
      hubspot.contacts.batch.upsert([
        {
          id: email,
          idProperty: 'email',
          properties: { firstname: 'Chaos', lastname: String(index) },
        },
      ]),
    held: (fake) =>
      groupByCall(
        fake
          .objects('contacts')
          .map((contact) => [contact.properties.email?.toLowerCase(), contact.id] as const),
      ),
    // A batch call resolves with per-input errors: each is the typed error of its request or input.
    failureOf: (result: BatchResult<BatchUpsertInput>) => {
      const failure = result.errors[0];
      if (!failure) return result.results.length === 1 ? undefined : 'no result and no error';
      return failure.error;
    },
    // A success must name the one contact the fake holds for that email.
    confirms: (result, held) => result.errors.length > 0 || namesHeld(result.results[0]?.id, held),
  });
}
