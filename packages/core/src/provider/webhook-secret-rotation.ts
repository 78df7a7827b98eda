import { WebhookVerificationError } from '../errors.js';
import { type SignatureEncoding, verifyHmac } from '../webhooks/hmac.js';
import type { RawPayload } from '../webhooks/raw-payload.js';

/** A verifier's secrets as given: one or a list (rotation); empty and non-string entries dropped. */
export function webhookSecrets(secret: unknown): string[] {
  return [secret].flat().filter((item): item is string => typeof item === 'string' && item !== '');
}

export interface RotatedHmacCheck {
  /** The bytes the provider signed. */
  payload: RawPayload;
  /** Every secret in force: the old and the new one during a rotation. */
  secrets: ReadonlyArray<string>;
  /** Every signature the request carries (a provider rotating sends several). */
  signatures: ReadonlyArray<string>;
  /** Default `hex`. */
  encoding?: SignatureEncoding | undefined;
  provider: string;
}

/**
 * Checks an HMAC signature under secret rotation on both sides, in constant
 * time per comparison: `match` as soon as one secret signs one signature,
 * `malformed` when the signatures are not valid in their encoding (so the
 * provider names its own header), else `no-match`. Other failures are thrown.
 */
export async function checkRotatedHmac(
  check: RotatedHmacCheck,
): Promise<'match' | 'no-match' | 'malformed'> {
  const { payload, signatures: signature, encoding, provider } = check;
  for (const secret of check.secrets) {
    try {
      await verifyHmac({ payload, secret, signature, encoding, provider });
      return 'match';
    } catch (error) {
      if (!WebhookVerificationError.isInstance(error)) throw error;
      if (error.reason === 'malformed_header') return 'malformed';
      if (error.reason !== 'no_matching_signature') throw error;
    }
  }
  return 'no-match';
}
