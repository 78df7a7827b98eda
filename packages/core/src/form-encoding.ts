/**
 * The bracket form encoding Stripe (and Rails/PHP style APIs) use:
 * `metadata[k]=v`, `items[0][price]=p`. `null` is sent as an empty value
 * (Stripe's way to unset a field); `undefined`, empty arrays and empty objects
 * are omitted; a `Date` becomes unix seconds; spaces are `%20`.
 */
export function encodeForm(value: Record<string, unknown>): string {
  return formPairs(value)
    .map(([name, text]) => `${name}=${escapeComponent(text)}`)
    .join('&');
}

/**
 * The `name=value` pairs `encodeForm` sends: names already escaped per
 * segment (the structural brackets stay readable), values unescaped.
 */
export function formPairs(value: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, item] of Object.entries(value)) collect(pairs, escapeComponent(key), item);
  return pairs;
}

function collect(pairs: Array<[string, string]>, name: string, value: unknown): void {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
  if (value === null) {
    pairs.push([name, '']);
  } else if (value instanceof Date) {
    pairs.push([name, String(Math.floor(value.getTime() / 1000))]);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collect(pairs, `${name}[${index}]`, item);
    });
  } else if (typeof value === 'object') {
    for (const [child, item] of Object.entries(value))
      collect(pairs, `${name}[${escapeComponent(child)}]`, item);
  } else {
    pairs.push([name, String(value)]);
  }
}

// encodeURIComponent leaves !'()* alone; RFC 3986 reserves them.
function escapeComponent(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
