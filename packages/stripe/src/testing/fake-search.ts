/** One condition of Stripe's search query language, as far as the fake supports it. */
export interface SearchClause {
  field: string;
  /** For `metadata['key']`. */
  metadataKey?: string;
  operator: ':' | '>' | '<' | '>=' | '<=';
  value: string | number;
  negated: boolean;
}

export class SearchSyntaxError extends Error {}

const CLAUSE =
  /^(-?)(metadata\[(['"])(.+?)\3\]|[a-z_.]+)(:|>=|<=|>|<)(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))$/;

/**
 * Parses the subset: `field:'value'`, `metadata['k']:'v'`, numeric
 * `field:123` / `field>123` / `field<=123`, negation with `-`, clauses
 * joined by `AND`. `OR` and substring `~` queries are refused.
 */
export function parseSearchQuery(query: string): SearchClause[] {
  const trimmed = query.trim();
  if (!trimmed) throw new SearchSyntaxError('The search query is empty.');
  if (/\sOR\s/.test(trimmed)) {
    throw new SearchSyntaxError('The int Stripe fake supports AND queries only, not OR.');
  }
  return trimmed.split(/\s+AND\s+/).map((part) => {
    const match = CLAUSE.exec(part.trim());
    if (!match) throw new SearchSyntaxError(`Invalid search query clause: ${part.trim()}`);
    const [, negated, field = '', , metadataKey, operator, single, double, number] = match;
    const value = single ?? double;
    return {
      field: metadataKey !== undefined ? 'metadata' : field,
      ...(metadataKey !== undefined ? { metadataKey } : {}),
      operator: operator as SearchClause['operator'],
      value: value !== undefined ? value.replace(/\\(.)/g, '$1') : Number(number),
      negated: negated === '-',
    };
  });
}

/** Whether `object` satisfies every clause. */
export function matchesSearch(object: Record<string, unknown>, clauses: SearchClause[]): boolean {
  return clauses.every((clause) => {
    let actual: unknown;
    if (clause.field === 'metadata') {
      actual = (object.metadata as Record<string, unknown> | undefined)?.[clause.metadataKey ?? ''];
    } else {
      actual = object[clause.field];
      if (actual && typeof actual === 'object' && 'id' in actual)
        actual = (actual as { id: unknown }).id;
    }
    let result: boolean;
    if (clause.operator === ':') {
      result =
        typeof clause.value === 'number'
          ? Number(actual) === clause.value
          : typeof actual === 'string' &&
            (clause.field === 'email' || clause.field === 'name'
              ? actual.toLowerCase() === clause.value.toLowerCase()
              : actual === clause.value);
    } else {
      const left = Number(actual);
      const right = Number(clause.value);
      result =
        clause.operator === '>'
          ? left > right
          : clause.operator === '<'
            ? left < right
            : clause.operator === '>='
              ? left >= right
              : left <= right;
    }
    return clause.negated ? !result : result;
  });
}
