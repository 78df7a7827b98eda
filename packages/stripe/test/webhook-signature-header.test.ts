import { createHmac } from 'node:crypto';
import { WebhookVerificationError } from '@int/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constructEvent } from '../src/index.js';

const SECRET = 'whsec_header_parsing';
const PAYLOAD = '{"id":"evt_1","type":"charge.succeeded"}';
const T = 1_767_225_600;
const NOW = () => T * 1000;
const sign = (payload: string, timestamp = T) =>
  createHmac('sha256', SECRET).update(`${timestamp}.${payload}`).digest('hex');

async function outcome(header: string, payload: string | Uint8Array = PAYLOAD): Promise<string> {
  try {
    await constructEvent(payload, header, SECRET, { now: NOW });
    return 'accepted';
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
}

/** What the header means, written the plain way (split on commas, then on the first `=`). */
function reference(header: string): string {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value.length > 0) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return 'malformed_header';
  // The signature is checked before the timestamp's age.
  if (signatures.includes(sign(PAYLOAD, timestamp))) return 'accepted';
  return signatures.some((signature) => /^(?:[0-9a-f]{2})*$/.test(signature))
    ? 'no_matching_signature'
    : 'malformed_header';
}

describe('Stripe-Signature header parsing (scanned in place)', () => {
  it('reads spaces, empty parts, unknown schemes, upper-case hex and several v1 like Stripe does', async () => {
    const valid = sign(PAYLOAD);
    expect(await outcome(`t=${T},v1=${valid}`)).toBe('accepted');
    expect(await outcome(` t = ${T} , v0=abc,, v1=${valid.toUpperCase()} ,`)).toBe('accepted');
    expect(await outcome(`t=${T},v1=${'0'.repeat(64)},v1=${valid}`)).toBe('accepted');
    expect(await outcome(`v1=${valid},t=${T}`)).toBe('accepted');
    expect(await outcome(`t=${T},v1=`)).toBe('malformed_header');
    expect(await outcome(`t=12a,v1=${valid}`)).toBe('malformed_header');
    expect(await outcome(`=${T},v1=${valid}`)).toBe('malformed_header');
    expect(await outcome(`t=${T},v1=zz`)).toBe('malformed_header');
    expect(await outcome(`t=${T},v1=${sign(`${PAYLOAD} `)}`)).toBe('no_matching_signature');
  });

  it('agrees with the plain split-based reading on generated headers (property)', async () => {
    const valid = sign(PAYLOAD);
    const part = fc.oneof(
      fc.constant(`t=${T}`),
      fc.constant(`t=${T + 1}`),
      fc.constant(`v1=${valid}`),
      fc.constant(`v1=${valid.toUpperCase()}`),
      fc.constant(`v1=${'ab'.repeat(32)}`),
      fc.constant('v1=not-hex'),
      fc.constant('v0=abc'),
      fc.constant(''),
      fc.constant('='),
      fc.constant('t='),
      fc.constant('x=y=z'),
    );
    const spaced = fc
      .tuple(part, fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' '))
      .map(([text, before, after]) => `${before}${text}${after}`);
    await fc.assert(
      fc.asyncProperty(fc.array(spaced, { minLength: 1, maxLength: 6 }), async (parts) => {
        const header = parts.join(',');
        if (header.trim() === '') return;
        expect(await outcome(header)).toBe(reference(header));
      }),
      { numRuns: 300 },
    );
  });

  it('verifies a byte body like the same text', async () => {
    const header = `t=${T},v1=${sign(PAYLOAD)}`;
    expect(await outcome(header, new TextEncoder().encode(PAYLOAD))).toBe('accepted');
    expect(await outcome(header, new TextEncoder().encode(`${PAYLOAD} `))).toBe(
      'no_matching_signature',
    );
  });
});
