import { fakeCursorPage } from '@int/core/testing';
import { matchesSearch, parseSearchQuery, SearchSyntaxError } from './fake-search.js';

type Params = Record<string, unknown>;
type Invalid = (message: string, extra?: Record<string, unknown>) => unknown;
type Missing = (kind: string, id: string, param: string) => unknown;

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function limitOf(params: Params, invalid: Invalid): number {
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalid('Invalid limit: must be an integer between 1 and 100.', { param: 'limit' });
  }
  return limit;
}

/** A v1 list page, newest first: `limit`, `starting_after`, `ending_before`. */
export function listPage<T extends { id: string }>(
  items: Iterable<T>,
  params: Params,
  url: string,
  kind: string,
  errors: { invalid: Invalid; missing: Missing },
) {
  const after = text(params.starting_after);
  const limit = limitOf(params, errors.invalid);
  const page = fakeCursorPage([...items].reverse(), {
    limit,
    after,
    before: text(params.ending_before),
  });
  if ('unknownCursor' in page) {
    const param = after ? 'starting_after' : 'ending_before';
    throw errors.missing(kind, page.unknownCursor, param);
  }
  return { object: 'list', data: structuredClone(page.items), has_more: page.hasMore, url };
}

/** A search page: the supported query subset, `limit`, and `page` cursors (`page_<offset>`). */
export function searchPage<T extends { id: string }>(
  items: Iterable<T>,
  params: Params,
  url: string,
  fields: ReadonlySet<string>,
  invalid: Invalid,
) {
  const query = text(params.query);
  if (!query) {
    throw invalid('Missing required param: query.', { code: 'parameter_missing', param: 'query' });
  }
  let clauses: ReturnType<typeof parseSearchQuery>;
  try {
    clauses = parseSearchQuery(query);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw invalid(error.message, { param: 'query' });
    throw error;
  }
  const unsupported = clauses.find((clause) => !fields.has(clause.field));
  if (unsupported) {
    throw invalid(`Field \`${unsupported.field}\` is an unsupported search field for ${url}.`, {
      param: 'query',
    });
  }
  const limit = limitOf(params, invalid);
  const matching = [...items].reverse().filter((item) => matchesSearch(item as Params, clauses));
  const page = text(params.page);
  const decoded = page === undefined ? undefined : /^page_(\d+)$/.exec(page);
  if (decoded === null) throw invalid('Invalid page cursor.', { param: 'page' });
  const offset = decoded ? Number(decoded[1]) : 0;
  const hasMore = offset + limit < matching.length;
  return {
    object: 'search_result',
    data: structuredClone(matching.slice(offset, offset + limit)),
    has_more: hasMore,
    next_page: hasMore ? `page_${offset + limit}` : null,
    url,
  };
}
