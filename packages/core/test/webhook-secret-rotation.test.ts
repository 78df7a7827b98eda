import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../src/errors.js';
import { checkRotatedHmac, webhookSecrets } from '../src/provider/index.js';
import { computeHmac } from '../src/webhooks/hmac.js';

const payload = '{"id":"evt_1"}';

describe('webhookSecrets', () => {
  it('takes one secret or a list, dropping empty and non-string entries', () => {
    expect(webhookSecrets('whsec_1')).toEqual(['whsec_1']);
    expect(webhookSecrets(['whsec_1', '', 7, null, 'whsec_2'])).toEqual(['whsec_1', 'whsec_2']);
    for (const none of ['', undefined, null, 42, {}, []]) expect(webhookSecrets(none)).toEqual([]);
  });
});

describe('checkRotatedHmac', () => {
  it('matches with the new or the old secret, and with any of several signatures', async () => {
    const signedByOld = await computeHmac({ payload, secret: 'old' });
    const other = await computeHmac({ payload, secret: 'unrelated' });
    const check = { payload, provider: 'acme' };
    expect(
      await checkRotatedHmac({ ...check, secrets: ['new', 'old'], signatures: [signedByOld] }),
    ).toBe('match');
    expect(
      await checkRotatedHmac({ ...check, secrets: ['old'], signatures: [other, signedByOld] }),
    ).toBe('match');
    expect(
      await checkRotatedHmac({ ...check, secrets: ['new'], signatures: [signedByOld, other] }),
    ).toBe('no-match');
    expect(await checkRotatedHmac({ ...check, secrets: [], signatures: [signedByOld] })).toBe(
      'no-match',
    );
  });

  it('says malformed for signatures not in their encoding, and throws other failures', async () => {
    const check = { payload, provider: 'acme', secrets: ['s'] };
    expect(await checkRotatedHmac({ ...check, signatures: ['not-hex!'] })).toBe('malformed');
    const blank = checkRotatedHmac({ ...check, signatures: ['  '] });
    await expect(blank).rejects.toSatisfy(
      (error) => WebhookVerificationError.isInstance(error) && error.reason === 'missing_header',
    );
  });
});
