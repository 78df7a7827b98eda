import type { FakeObject } from './fake-store.js';

interface Filter {
  propertyName?: string;
  operator?: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

const DATE_PROPERTIES = new Set(
  'createdate lastmodifieddate hs_lastmodifieddate closedate hs_createdate'.split(' '),
);

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

const times = new Map<string, number | undefined>();

function asTime(value: unknown): number | undefined {
  const number = asNumber(value);
  if (number !== undefined) return number;
  if (typeof value !== 'string') return undefined;
  let parsed = times.get(value);
  if (parsed === undefined && !times.has(value)) {
    const time = Date.parse(value);
    parsed = Number.isNaN(time) ? undefined : time;
    if (times.size > 100_000) times.clear();
    times.set(value, parsed);
  }
  return parsed;
}

/** Compares a stored value with a filter value the way HubSpot does for its property types. */
export function compareValues(property: string, stored: string, wanted: unknown): number {
  if (DATE_PROPERTIES.has(property)) {
    const left = asTime(stored);
    const right = asTime(wanted);
    if (left !== undefined && right !== undefined) return left - right;
  }
  const left = asNumber(stored);
  const right = asNumber(wanted);
  if (left !== undefined && right !== undefined) return left - right;
  return stored.toLowerCase().localeCompare(String(wanted).toLowerCase());
}

const tokens = (value: string): string[] =>
  value
    .toLowerCase()
    .split(/[^a-z0-9@._*-]+/)
    .filter(Boolean);

function containsToken(stored: string, token: string): boolean {
  const wanted = token.toLowerCase();
  if (wanted.includes('*')) {
    const pattern = new RegExp(
      `^${wanted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
    );
    return pattern.test(stored.toLowerCase()) || tokens(stored).some((item) => pattern.test(item));
  }
  return tokens(stored).includes(wanted);
}

export function matchesFilter(object: FakeObject, filter: Filter): boolean {
  const operator = String(filter.operator);
  // NEQ and each NOT_ operator are the opposite of their positive one, a missing value included.
  const negated = operator === 'NEQ' || operator.startsWith('NOT_');
  const positive = operator === 'NEQ' ? 'EQ' : operator.replace(/^NOT_/, '');
  const property = String(filter.propertyName);
  const stored = object.properties[property];
  if (stored === null || stored === undefined || stored === '') return negated;
  const compare = (value: unknown) => compareValues(property, stored, value);
  const tests: Record<string, () => boolean> = {
    HAS_PROPERTY: () => true,
    EQ: () => compare(filter.value) === 0,
    LT: () => compare(filter.value) < 0,
    LTE: () => compare(filter.value) <= 0,
    GT: () => compare(filter.value) > 0,
    GTE: () => compare(filter.value) >= 0,
    BETWEEN: () => compare(filter.value) >= 0 && compare(filter.highValue) <= 0,
    IN: () =>
      (Array.isArray(filter.values) ? filter.values : []).some((value) => compare(value) === 0),
    CONTAINS_TOKEN: () => containsToken(stored, String(filter.value)),
  };
  return Object.hasOwn(tests, positive) && tests[positive]!() !== negated;
}

const SEARCHABLE = 'firstname lastname email phone company name domain dealname'.split(' ');

export function matchesQuery(object: FakeObject, query: string): boolean {
  const wanted = query.toLowerCase();
  return SEARCHABLE.some((name) => {
    const value = object.properties[name];
    return typeof value === 'string' && tokens(value).some((token) => token.startsWith(wanted));
  });
}
