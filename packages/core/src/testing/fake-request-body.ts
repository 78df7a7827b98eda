/** A request body as a fake route sees it, or why it cannot be read. */
export type ParsedBody = { body: unknown } | { invalid: string };

/**
 * JSON content types are parsed (a malformed body is `invalid`, answered 400
 * rather than thrown), forms become a record (a repeated field an array),
 * anything else stays text; an empty body is `undefined`.
 */
export function parseRequestBody(contentType: string | null, rawBody: string): ParsedBody {
  if (rawBody.length === 0) return { body: undefined };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return { body: JSON.parse(rawBody) };
    } catch {
      return { invalid: 'The request body is not valid JSON.' };
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(rawBody)) {
      const previous = fields[name];
      fields[name] =
        previous === undefined
          ? value
          : Array.isArray(previous)
            ? [...previous, value]
            : [previous, value];
    }
    return { body: fields };
  }
  return { body: rawBody };
}
