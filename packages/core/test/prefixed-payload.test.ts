import { describe, expect, it } from 'vitest';
import { prefixedPayload, toText } from '../src/index.js';

describe('prefixedPayload', () => {
  it('keeps text as text, with the prefix before it', () => {
    expect(prefixedPayload('1700000000.', '{"id":"evt_1"}')).toBe('1700000000.{"id":"evt_1"}');
  });

  it('joins bytes (a view or an ArrayBuffer) after the UTF-8 prefix, leaving the input as it was', () => {
    const body = new TextEncoder().encode('{"ünï":1}');
    for (const payload of [body, body.buffer as ArrayBuffer]) {
      const joined = prefixedPayload('id.7.', payload);
      expect(joined).toBeInstanceOf(Uint8Array);
      expect(toText(joined as Uint8Array)).toBe('id.7.{"ünï":1}');
    }
    expect(toText(body)).toBe('{"ünï":1}');
  });
});
