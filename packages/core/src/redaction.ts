/**
 * Redaction is not optional: every header, query parameter and body key that
 * can carry a credential is replaced before anything reaches a logger, an
 * error message or a span.
 */

export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|apikey|authorization|(^|[-_])auth([-_]|$)|cookie|signature|credential|private[-_]?key|card|cvc|cvv|code[-_]?verifier|^key$|^sig$/i;

// Only in what we send (query strings, request bodies): an OAuth `code` is a
// credential there, while `code` in a provider's error body is the error code.
const SENSITIVE_OUTGOING_KEY = /^(code|state_secret|client_assertion|assertion)$/i;

const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$|-signature(-v\d+)?$/i;

/** True when a body key or query parameter name may carry a credential. */
export function isSensitiveKey(key: string, outgoing = false): boolean {
  return SENSITIVE_KEY.test(key) || (outgoing && SENSITIVE_OUTGOING_KEY.test(key));
}

/** True when a header may carry a credential. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name) || SENSITIVE_KEY.test(name);
}

/**
 * Collects known secret values so that they can be scrubbed from free text
 * (a provider that echoes the key back in its error message, for instance).
 */
export class SecretScrubber {
  private readonly values = new Set<string>();

  add(value: unknown): void {
    // Short values would scrub ordinary words; credentials are longer.
    if (typeof value === 'string' && value.length >= 6) this.values.add(value);
  }

  scrub(text: string): string {
    let result = text;
    for (const value of this.values) {
      if (result.includes(value)) result = result.split(value).join(REDACTED);
    }
    return result;
  }

  get size(): number {
    return this.values.size;
  }
}

/** Redacts credential headers; names are lower-cased. */
export function redactHeaders(
  headers: Record<string, string> | Headers,
  scrubber?: SecretScrubber,
): Record<string, string> {
  const result: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (isSensitiveHeader(lower)) {
      scrubber?.add(value);
      // "Bearer xyz" leaks the scheme only, which helps debugging.
      const scheme = /^(Bearer|Basic|Token)\s/i.exec(value)?.[1];
      if (scheme) scrubber?.add(value.slice(scheme.length + 1));
      result[lower] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      result[lower] = scrubber ? scrubber.scrub(value) : value;
    }
  }
  return result;
}

/** Redacts credential query parameters (and userinfo) of a URL. */
export function redactUrl(url: string | URL, scrubber?: SecretScrubber): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return scrubber ? scrubber.scrub(String(url)) : String(url);
  }
  if (parsed.password) {
    scrubber?.add(decodeURIComponent(parsed.password));
    parsed.password = 'REDACTED';
  }
  const names = [...new Set(parsed.searchParams.keys())];
  for (const name of names) {
    if (isSensitiveKey(name, true)) {
      for (const value of parsed.searchParams.getAll(name)) scrubber?.add(value);
      parsed.searchParams.set(name, REDACTED);
    }
  }
  const text = parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  return scrubber ? scrubber.scrub(text) : text;
}

/**
 * Deep copy with sensitive keys replaced at any depth, and known secret
 * values scrubbed from every string. Cycles are cut.
 */
export function redactValue(
  value: unknown,
  scrubber?: SecretScrubber,
  options: { outgoing?: boolean } = {},
): unknown {
  const outgoing = options.outgoing ?? false;
  const seen = new WeakSet<object>();
  const visit = (current: unknown, depth: number): unknown => {
    if (typeof current === 'string') return scrubber ? scrubber.scrub(current) : current;
    if (current === null || typeof current !== 'object') return current;
    if (current instanceof Date) return current;
    if (seen.has(current) || depth > 32) return '[Circular]';
    seen.add(current);
    if (Array.isArray(current)) return current.map((item) => visit(item, depth + 1));
    if (current instanceof URLSearchParams) {
      return redactUrl(`http://x/?${current.toString()}`, scrubber).slice('http://x/?'.length);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(current)) {
      if (isSensitiveKey(key, outgoing)) {
        collectSecrets(item, scrubber);
        result[key] = REDACTED;
      } else {
        result[key] = visit(item, depth + 1);
      }
    }
    return result;
  };
  return visit(value, 0);
}

function collectSecrets(value: unknown, scrubber: SecretScrubber | undefined): void {
  if (!scrubber) return;
  if (typeof value === 'string') scrubber.add(value);
  else if (typeof value === 'number') scrubber.add(String(value));
  else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectSecrets(item, scrubber);
  }
}
