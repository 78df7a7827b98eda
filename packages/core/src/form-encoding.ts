import { ValidationError } from './errors.js';

/**
 * The bracket form encoding Stripe (and Rails/PHP style APIs) use:
 * `metadata[k]=v`, `items[0][price]=p`. `null` is sent as an empty value
 * (Stripe's way to unset a field); `undefined`, empty arrays and empty objects
 * are omitted; a `Date` becomes unix seconds; spaces are `%20`.
 */
export function encodeForm(value: Record<string, unknown>): string {
  return formPairs(value)
    .map(([name, text]) => `${name}=${escapeComponent(text, name)}`)
    .join('&');
}

/**
 * The `name=value` pairs `encodeForm` sends: names already escaped per
 * segment (the structural brackets stay readable), values unescaped.
 */
export function formPairs(value: Record<string, unknown>): Array<[string, string]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError([{ path: [], message: 'form encoding needs a plain object' }]);
  }
  const pairs: Array<[string, string]> = [];
  const ancestors = new Set<object>([value]);
  for (const [key, item] of Object.entries(value))
    collect(pairs, escapeComponent(key, key), item, ancestors);
  return pairs;
}

function collect(
  pairs: Array<[string, string]>,
  name: string,
  value: unknown,
  ancestors: Set<object>,
): void {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
  if (value === null) {
    pairs.push([name, '']);
  } else if (value instanceof Date) {
    pairs.push([name, String(Math.floor(value.getTime() / 1000))]);
  } else if (typeof value === 'object') {
    // A cycle would recurse until the stack overflows.
    if (ancestors.has(value)) {
      throw new ValidationError([{ path: [name], message: 'refers to itself (a cycle)' }]);
    }
    ancestors.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        collect(pairs, `${name}[${index}]`, item, ancestors);
      });
    } else {
      for (const [child, item] of Object.entries(value))
        collect(pairs, `${name}[${escapeComponent(child, name)}]`, item, ancestors);
    }
    ancestors.delete(value);
  } else {
    pairs.push([name, String(value)]);
  }
}

// encodeURIComponent leaves !'()* alone; RFC 3986 reserves them.
function escapeComponent(text: string, name: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // Half of a UTF-16 surrogate pair has no UTF-8 form.
    throw new ValidationError([{ path: [name], message: 'contains a lone UTF-16 surrogate' }]);
  }
  return encoded.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
