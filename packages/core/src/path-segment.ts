import { describeValue } from './describe-value.js';
import { ValidationError } from './errors.js';

// Half of a UTF-16 pair cannot be percent-encoded (encodeURIComponent throws URIError).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// In a path as sent, `.` and `..` also percent-encoded: the URL parser resolves all of them away.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
// A value about to be encoded: `%2e` becomes `%252e`, harmless.
const DOT_VALUE = /^\.{1,2}$/;

/**
 * Why `value` cannot be one segment of a URL path (an id, an object type), or
 * `undefined` when it can. `.` and `..` would be resolved by the URL parser
 * and climb the path (`customers.del('..')` deleting `/v1/`); an empty one
 * would address the collection instead of an item.
 */
export function pathSegmentIssue(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    return `must be a string id, got ${describeValue(value)}`;
  }
  const text = String(value);
  if (text.length === 0) return 'must not be empty';
  if (DOT_VALUE.test(text)) return `must not be "${text}": it would climb the URL path`;
  if (LONE_SURROGATE.test(text)) return 'contains half of a UTF-16 surrogate pair';
  return undefined;
}

/**
 * `value` percent-encoded as one path segment; a `ValidationError` naming
 * `name` (nothing is sent) when it cannot be one.
 */
export function pathSegment(
  value: unknown,
  name: string,
  context: { provider?: string; operation?: string } = {},
): string {
  const issue = pathSegmentIssue(value);
  if (issue) throw new ValidationError([{ path: [name], message: issue }], context);
  return encodeURIComponent(String(value));
}

/** True when a path (query and fragment aside) has a `.` or `..` segment, raw or encoded. */
export function hasDotSegment(path: string): boolean {
  const pathname = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/, 1)[0] ?? '';
  // The URL parser also takes a backslash as a separator in http(s) URLs.
  return pathname.split(/[\\/]/).some((segment) => DOT_SEGMENT.test(segment));
}
