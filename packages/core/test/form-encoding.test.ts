import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpClient, encodeForm, ValidationError } from '../src/index.js';

/** A parser of the bracket syntax, written independently of the encoder. */
function parseBracketForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  if (text === '') return root;
  for (const pair of text.split('&')) {
    const [rawName, rawValue = ''] = pair.split('=') as [string, string?];
    const segments: string[] = [];
    const head = /^[^[]*/.exec(rawName)![0];
    segments.push(decodeURIComponent(head));
    for (const match of rawName.slice(head.length).matchAll(/\[([^\]]*)\]/g)) {
      segments.push(decodeURIComponent(match[1]!));
    }
    let node: Record<string, unknown> | unknown[] = root;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[segment] = decodeURIComponent(rawValue);
        return;
      }
      const nextIsIndex = /^\d+$/.test(segments[index + 1]!);
      container[segment] ??= nextIsIndex ? [] : {};
      node = container[segment] as Record<string, unknown>;
    });
  }
  return root;
}

/** What the receiver should see: strings everywhere, nulls as '', dates as seconds. */
function expected(value: unknown): unknown {
  if (value === null) return '';
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  if (Array.isArray(value)) return value.map(expected);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, expected(item)]),
    );
  }
  return String(value);
}

describe('encodeForm', () => {
  it('encodes the Stripe bracket syntax', () => {
    expect(
      encodeForm({
        amount: 1999,
        currency: 'usd',
        metadata: { order_id: 'A 1', note: 'x&y=z' },
        items: [{ price: 'p_1', quantity: 2 }, { price: 'p_2' }],
        description: null,
        skipped: undefined,
        empty_list: [],
        empty_map: {},
        capture: true,
        at: new Date('2026-01-01T00:00:00Z'),
      }),
    ).toBe(
      'amount=1999&currency=usd&metadata[order_id]=A%201&metadata[note]=x%26y%3Dz' +
        '&items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2&description=&capture=true&at=1767225600',
    );
  });

  it('escapes brackets and reserved characters inside keys and values', () => {
    expect(encodeForm({ metadata: { 'a[b]': "it's (ok)*!" } })).toBe(
      'metadata[a%5Bb%5D]=it%27s%20%28ok%29%2A%21',
    );
  });

  it('round-trips through an independent bracket parser (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_ [\]&=%.-]{0,8}$/);
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ min: new Date(0), max: new Date(4_000_000_000_000), noInvalidDate: true }),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node'), tie('list')), {
        minKeys: 1,
        maxKeys: 4,
      }),
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), {
        minKeys: 1,
        maxKeys: 3,
      }),
      list: fc.array(fc.oneof(leaf, tie('node')), { minLength: 1, maxLength: 3 }),
    }));
    fc.assert(
      fc.property(tree, (input) => {
        const encoded = encodeForm(input as Record<string, unknown>);
        expect(encoded).not.toMatch(/[ +]/);
        expect(parseBracketForm(encoded)).toEqual(expected(input));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a form body that cannot be encoded', () => {
  it('is a ValidationError naming where, under body, before anything is sent', async () => {
    const sent: string[] = [];
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.example.com',
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('{}');
      },
    });
    const looped: Record<string, unknown> = { name: 'x' };
    looped.self = looped;
    const cycle = await client
      .request({ method: 'POST', path: '/v1/things', body: { meta: looped }, bodyEncoding: 'form' })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(cycle)).toBe(true);
    expect((cycle as ValidationError).issues).toEqual([
      { path: ['body', 'meta[self]'], message: 'refers to itself (a cycle)' },
    ]);
    const bigint = await client
      .request({ method: 'POST', path: '/v1/things', body: { n: 1n } })
      .catch((caught: unknown) => caught);
    expect((bigint as ValidationError).issues[0]?.path).toEqual(['body']);
    expect((bigint as ValidationError).issues[0]?.message).toMatch(/^cannot be encoded: /);
    expect(sent).toEqual([]);
  });
});
