/**
 * Request headers as any framework hands them over: a web `Headers`, or a
 * plain object such as Node's `IncomingHttpHeaders` (any case, repeated
 * headers as arrays).
 */
export type WebhookHeaders =
  | Headers
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;

/** One header by case-insensitive name; repeated values are joined with a space. */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers)
    return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  const record = headers as Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== lower) continue;
    const value = record[key];
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : value.join(' ');
  }
  return undefined;
}

/** Plain lower-case record, for storing alongside an event. */
export function headersToRecord(headers: WebhookHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, name) => {
      result[name.toLowerCase()] = value;
    });
    return result;
  }
  for (const [name, value] of Object.entries(
    headers as Record<string, string | string[] | undefined>,
  )) {
    if (value !== undefined)
      result[name.toLowerCase()] = typeof value === 'string' ? value : value.join(' ');
  }
  return result;
}
