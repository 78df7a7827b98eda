/**
 * Reads a bracket-syntax form body (`a[b][0]=c`) back into nested objects and
 * arrays, as the servers of a bracket-form API (Stripe, Rails, PHP) do: the
 * inverse of core's form encoding, for fakes. Values stay strings; `''` is an unset.
 */
export function decodeBracketForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const separator = pair.indexOf('=');
    const rawName = separator < 0 ? pair : pair.slice(0, separator);
    const rawValue = separator < 0 ? '' : pair.slice(separator + 1);
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    const head = /^[^[]*/.exec(rawName)?.[0] ?? '';
    const segments = [decode(head)];
    for (const match of rawName.slice(head.length).matchAll(/\[([^\]]*)\]/g)) {
      segments.push(decode(match[1] ?? ''));
    }
    let node: Record<string, unknown> = root;
    segments.forEach((segment, index) => {
      if (index === segments.length - 1) {
        node[segment] = decode(rawValue);
        return;
      }
      const nextIsIndex = /^\d+$/.test(segments[index + 1] ?? '');
      if (node[segment] === undefined || typeof node[segment] !== 'object') {
        node[segment] = nextIsIndex ? [] : {};
      }
      node = node[segment] as Record<string, unknown>;
    });
  }
  return root;
}
