import { computeWebhookSignature } from '../hubspot-webhooks.js';
import type { SignWebhookInput } from '../webhook-types.js';

/** Headers HubSpot would send with this request, for tests. */
export async function signWebhookHeaders(input: SignWebhookInput): Promise<Record<string, string>> {
  if (input.version === 'v3') {
    const timestamp = input.timestamp ?? Date.now();
    return {
      'x-hubspot-signature-v3': await computeWebhookSignature({ ...input, timestamp }),
      'x-hubspot-request-timestamp': String(timestamp),
    };
  }
  return {
    'x-hubspot-signature': await computeWebhookSignature(input),
    'x-hubspot-signature-version': input.version,
  };
}
