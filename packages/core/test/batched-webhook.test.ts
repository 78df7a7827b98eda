import { describe, expect, it } from 'vitest';
import { batchedEventHandlers, batchedWebhookEvent, sha256Hex } from '../src/index.js';

interface Item {
  id: number;
  kind: string;
}

const idOf = (item: Item) => item.id;
const kindOf = (item: Item) => item.kind;
const context = { signal: new AbortController().signal, attempt: 1, replayed: false };

describe('batchedWebhookEvent', () => {
  it('one event keeps its own id and type', async () => {
    const events = [{ id: 42, kind: 'contact.creation' }];
    expect(await batchedWebhookEvent(events, idOf, kindOf)).toEqual({
      id: '42',
      type: 'contact.creation',
      payload: events,
    });
  });

  it('several get one id from their sorted ids, the same in any order, and a common type or batch', async () => {
    const first = await batchedWebhookEvent(
      [
        { id: 10, kind: 'a' },
        { id: 9, kind: 'a' },
      ],
      idOf,
      kindOf,
    );
    const again = await batchedWebhookEvent(
      [
        { id: 9, kind: 'b' },
        { id: 10, kind: 'a' },
      ],
      idOf,
      kindOf,
    );
    // Numeric order: 9 before 10.
    expect(first.id).toBe(`batch:${(await sha256Hex('9,10')).slice(0, 32)}`);
    expect(again.id).toBe(first.id);
    expect([first.type, again.type]).toEqual(['a', 'batch']);
  });
});

describe('batchedEventHandlers', () => {
  it('runs each event in order through its type, else `*`, never an inherited key', async () => {
    const ran: string[] = [];
    const handlers = batchedEventHandlers<Item>(
      {
        a: (item) => {
          ran.push(`a:${item.id}`);
        },
        '*': (item) => {
          ran.push(`*:${item.id}`);
        },
      },
      kindOf,
    );
    const payload = [
      { id: 1, kind: 'a' },
      { id: 2, kind: 'toString' },
      { id: 3, kind: 'a' },
    ];
    await handlers['*']!({ id: 'x', type: 'batch', payload } as never, context);
    expect(ran).toEqual(['a:1', '*:2', 'a:3']);
  });
});

describe('sha256Hex', () => {
  it('is the SHA-256 of the UTF-8 bytes in lowercase hex', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // UTF-8, not Latin-1: two bytes.
    expect(await sha256Hex('é')).toBe(
      '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c',
    );
  });
});
