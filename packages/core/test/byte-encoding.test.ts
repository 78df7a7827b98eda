import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  hexToBytes,
  timingSafeEqualText,
} from '../src/webhooks/byte-encoding.js';

/** The rule the decoders implement: canonical padded base64 only (what Buffer would re-encode identically). */
function canonicalBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

describe('byte encodings (table-driven, no Buffer)', () => {
  it('encode like Buffer and decode what they encode (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(new Uint8Array(bytes));
        expect(hexToBytes(bytesToHex(bytes).toUpperCase())).toEqual(new Uint8Array(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('decode canonical text only: no stray characters, padding or non-zero padding bits (property)', () => {
    const characters = fc.constantFrom(...'ABQab01+/=-_ xé\u0100'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 12 }), (text) => {
        expect(base64ToBytes(text)).toEqual(canonicalBase64(text));
        const hex =
          text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text)
            ? new Uint8Array(Buffer.from(text, 'hex'))
            : undefined;
        expect(hexToBytes(text)).toEqual(hex);
      }),
      { numRuns: 5_000 },
    );
    // A tampered last character that Buffer would still decode to the same bytes.
    expect(base64ToBytes('AB==')).toBeUndefined();
    expect(base64ToBytes('AA==')).toEqual(new Uint8Array([0]));
    expect(base64ToBytes('AAE=')).toEqual(new Uint8Array([0, 1]));
    expect(base64ToBytes('AAF=')).toBeUndefined();
  });

  it('compare text by every character, lengths first', () => {
    expect(timingSafeEqualText('abc', 'abc')).toBe(true);
    expect(timingSafeEqualText('abc', 'abd')).toBe(false);
    expect(timingSafeEqualText('abc', 'ab')).toBe(false);
    expect(timingSafeEqualText('', '')).toBe(true);
  });
});
