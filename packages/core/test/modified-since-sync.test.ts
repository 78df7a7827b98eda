import { describe, expect, it } from 'vitest';
import { type ModifiedSinceQuery, modifiedSinceSync, toEpochMillis } from '../src/index.js';

interface Row {
  id: string;
  modified: number;
}

/** A search over `rows` that answers a query as an API with a depth cap would. */
function searchOver(rows: Row[], pageSize: number) {
  const queries: ModifiedSinceQuery[] = [];
  const fetchPage = async (query: ModifiedSinceQuery): Promise<Row[]> => {
    queries.push({ ...query });
    const sorted = [...rows].sort((a, b) =>
      query.mode === 'sweep' ? Number(a.id) - Number(b.id) : a.modified - b.modified,
    );
    return sorted
      .filter((row) =>
        query.mode === 'sweep'
          ? row.modified === query.at &&
            (query.afterId === undefined || Number(row.id) > Number(query.afterId))
          : query.mode === 'after'
            ? row.modified > query.at
            : row.modified >= query.at,
      )
      .slice(0, pageSize);
  };
  return { fetchPage, queries };
}

const sync = (rows: Row[], pageSize: number, from = { at: 0, mode: 'at' as const }) => {
  const search = searchOver(rows, pageSize);
  const iterable = modifiedSinceSync<Row>({
    from: { ...from, afterId: undefined, seenIds: [] },
    pageSize,
    fetchPage: search.fetchPage,
    idOf: (row) => row.id,
    modifiedOf: (row) => row.modified,
  });
  return { iterable, queries: search.queries };
};

const collect = async (iterable: AsyncIterable<Row>) => {
  const ids: string[] = [];
  for await (const row of iterable) ids.push(row.id);
  return ids;
};

describe('modifiedSinceSync', () => {
  it('yields every record once, oldest first, paging on the modification time', async () => {
    const rows = Array.from({ length: 7 }, (_, index) => ({
      id: String(index + 1),
      modified: index * 10,
    }));
    const { iterable, queries } = sync(rows, 3);
    expect(await collect(iterable)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(queries.map((query) => `${query.mode}@${query.at}`)).toEqual([
      'at@0',
      'at@20',
      'at@40',
      'at@60',
    ]);
    expect(iterable.position).toEqual({ at: 60, mode: 'at', afterId: undefined, seenIds: ['7'] });
  });

  it('walks by id when one instant holds a whole page, then goes on strictly after it', async () => {
    const rows = [
      ...Array.from({ length: 5 }, (_, index) => ({ id: String(index + 1), modified: 100 })),
      { id: '9', modified: 200 },
    ];
    const { iterable, queries } = sync(rows, 2);
    expect(await collect(iterable)).toEqual(['1', '2', '3', '4', '5', '9']);
    expect(queries.map((query) => `${query.mode}@${query.at}:${query.afterId ?? ''}`)).toEqual([
      'at@0:',
      'sweep@100:',
      'sweep@100:2',
      'sweep@100:4',
      'after@100:',
    ]);
  });

  it('resumes from a position without yielding what it covers', async () => {
    const rows = [
      { id: '1', modified: 10 },
      { id: '2', modified: 10 },
      { id: '3', modified: 20 },
    ];
    const iterable = modifiedSinceSync<Row>({
      from: { at: 10, mode: 'at', afterId: undefined, seenIds: ['1'] },
      pageSize: 10,
      fetchPage: searchOver(rows, 10).fetchPage,
      idOf: (row) => row.id,
      modifiedOf: (row) => row.modified,
    });
    expect(await collect(iterable)).toEqual(['2', '3']);
  });
});

describe('toEpochMillis', () => {
  it('reads dates, epoch milliseconds and ISO text; nothing else', () => {
    expect(toEpochMillis(new Date(5))).toBe(5);
    expect(toEpochMillis(7)).toBe(7);
    expect(toEpochMillis('1700000000000')).toBe(1_700_000_000_000);
    expect(toEpochMillis('1970-01-01T00:00:01.000Z')).toBe(1000);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '', 'soon', null, undefined, {}]) {
      expect(toEpochMillis(value)).toBeUndefined();
    }
  });
});
