import type { FakeObject } from './fake-store.js';

interface Filter {
  propertyName?: string;
  operator?: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

const DATE_PROPERTIES = new Set([
  'createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
  'closedate',
  'hs_createdate',
]);

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
  const property = String(filter.propertyName);
  const stored = object.properties[property];
  const present = stored !== null && stored !== undefined && stored !== '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return present;
    case 'NOT_HAS_PROPERTY':
      return !present;
    case 'EQ':
      return present && compareValues(property, stored, filter.value) === 0;
    case 'NEQ':
      return !present || compareValues(property, stored, filter.value) !== 0;
    case 'LT':
      return present && compareValues(property, stored, filter.value) < 0;
    case 'LTE':
      return present && compareValues(property, stored, filter.value) <= 0;
    case 'GT':
      return present && compareValues(property, stored, filter.value) > 0;
    case 'GTE':
      return present && compareValues(property, stored, filter.value) >= 0;
    case 'BETWEEN':
      return (
        present &&
        compareValues(property, stored, filter.value) >= 0 &&
        compareValues(property, stored, filter.highValue) <= 0
      );
    case 'IN':
      return (
        present &&
        (Array.isArray(filter.values) ? filter.values : []).some(
          (value) => compareValues(property, stored, value) === 0,
        )
      );
    case 'NOT_IN':
      return (
        !present ||
        !(Array.isArray(filter.values) ? filter.values : []).some(
          (value) => compareValues(property, stored, value) === 0,
        )
      );
    case 'CONTAINS_TOKEN':
      return present && containsToken(stored, String(filter.value));
    case 'NOT_CONTAINS_TOKEN':
      return !present || !containsToken(stored, String(filter.value));
    default:
      return false;
  }
}

const SEARCHABLE = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'company',
  'name',
  'domain',
  'dealname',
];

export function matchesQuery(object: FakeObject, query: string): boolean {
  const wanted = query.toLowerCase();
  return SEARCHABLE.some((name) => {
    const value = object.properties[name];
    return typeof value === 'string' && tokens(value).some((token) => token.startsWith(wanted));
  });
}
