/**
 * Redaction is not optional: every header, query parameter and body key that
 * can carry a credential is replaced before anything reaches a logger, an
 * error message or a span.
 */

export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|apikey|authorization|(^|[-_])auth([-_]|$)|cookie|signature|credential|private[-_]?key|card|cvc|cvv|code[-_]?verifier|^sig$/i;

// Only in what we send (query strings, request bodies): an OAuth `code` is a
// credential there, while `code` in a provider's error body is the error code;
// `?key=` is an API key, while FedEx's `parameterList[].key` names a field.
const SENSITIVE_OUTGOING_KEY = /^(code|key|state_secret|client_assertion|assertion)$/i;

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
 * A secret is also scrubbed in the forms a server may echo it in:
 * percent-encoded, form-encoded and base64.
 */
export class SecretScrubber {
  private readonly values = new Set<string>();
  // Every form of every value, longest first; built on the first scrub after an add.
  private forms: string[] | undefined;

  add(value: unknown): void {
    // Short values would scrub ordinary words; credentials are longer.
    if (typeof value === 'string' && value.length >= 6 && !this.values.has(value)) {
      this.values.add(value);
      this.forms = undefined;
    }
  }

  /** True when `value` is a registered secret or one of its encoded forms. */
  has(value: string): boolean {
    return this.values.size > 0 && this.allForms().includes(value);
  }

  scrub(text: string): string {
    if (this.values.size === 0) return text;
    let result = text;
    for (const form of this.allForms()) {
      if (result.includes(form)) result = result.split(form).join(REDACTED);
    }
    return result;
  }

  get size(): number {
    return this.values.size;
  }

  private allForms(): string[] {
    if (!this.forms) {
      const forms = new Set<string>();
      for (const value of this.values) for (const form of secretForms(value)) forms.add(form);
      // Longest first, so `user:password` goes before `password` inside it.
      this.forms = [...forms].sort((a, b) => b.length - a.length);
    }
    return this.forms;
  }
}

const lowerHex = (text: string): string =>
  text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

/**
 * The forms a secret can be echoed in: as is, percent-encoded
 * (`encodeURIComponent`, RFC 3986 strict), form-encoded (`+` for a space), each
 * with upper or lower hex, and base64 / base64url of its UTF-8 bytes (without
 * the padding, which depends on what follows).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  try {
    const percent = encodeURIComponent(value);
    const strict = percent.replace(
      /[!'()*]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    const form = new URLSearchParams([['v', value]]).toString().slice(2);
    for (const encoded of [percent, strict, form]) {
      forms.add(encoded);
      forms.add(lowerHex(encoded));
    }
  } catch {
    // A lone surrogate cannot be percent-encoded; its raw form is still scrubbed.
  }
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  const base64 = btoa(binary).replace(/=+$/, '');
  forms.add(base64);
  forms.add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  return [...forms];
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
    const values = parsed.searchParams.getAll(name);
    // A parameter holding a known secret is one, whatever its name.
    if (isSensitiveKey(name, true) || values.some((value) => scrubber?.has(value))) {
      for (const value of values) scrubber?.add(value);
      parsed.searchParams.set(name, REDACTED);
    }
  }
  const text = parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  return scrubber ? scrubber.scrub(text) : text;
}

/**
 * Deep copy with sensitive keys replaced at any depth, and known secret
 * values scrubbed from every string (keys included). Cycles are cut. Copies
 * have null prototypes, so a JSON `__proto__` key stays a data key.
 */
export function redactValue(
  value: unknown,
  scrubber?: SecretScrubber,
  options: { outgoing?: boolean } = {},
): unknown {
  return copyRedacted(value, scrubber, options.outgoing ?? false, true);
}

/**
 * Deep copy with known secret values scrubbed from every string, but no key
 * blanked: what a provider's error parser reads (a FedEx `parameterList[].key`
 * is a field name, not a credential).
 */
export function scrubValue(value: unknown, scrubber: SecretScrubber): unknown {
  return copyRedacted(value, scrubber, false, false);
}

function copyRedacted(
  value: unknown,
  scrubber: SecretScrubber | undefined,
  outgoing: boolean,
  byKey: boolean,
): unknown {
  // Secrets under sensitive keys are gathered first, so a message that
  // precedes its `password` field in the body is scrubbed as well.
  if (byKey && scrubber) gatherSensitive(value, scrubber, outgoing, new WeakSet(), 0);
  const seen = new WeakSet<object>();
  const scrub = (text: string) => (scrubber ? scrubber.scrub(text) : text);
  const visit = (current: unknown, depth: number): unknown => {
    if (typeof current === 'string') return scrub(current);
    if (current === null || typeof current !== 'object') return current;
    if (current instanceof Date) return current;
    if (seen.has(current) || depth > 32) return '[Circular]';
    seen.add(current);
    if (Array.isArray(current)) return current.map((item) => visit(item, depth + 1));
    if (current instanceof URLSearchParams) {
      return redactUrl(`http://x/?${current.toString()}`, scrubber).slice('http://x/?'.length);
    }
    const result: Record<string, unknown> = Object.create(null);
    for (const [key, item] of Object.entries(current)) {
      if (byKey && isSensitiveKey(key, outgoing)) {
        collectSecrets(item, scrubber);
        result[scrub(key)] = REDACTED;
      } else {
        result[scrub(key)] = visit(item, depth + 1);
      }
    }
    return result;
  };
  return visit(value, 0);
}

function gatherSensitive(
  value: unknown,
  scrubber: SecretScrubber,
  outgoing: boolean,
  seen: WeakSet<object>,
  depth: number,
): void {
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > 32) return;
  seen.add(value);
  if (value instanceof URLSearchParams || value instanceof Date) return;
  for (const [key, item] of Object.entries(value)) {
    if (!Array.isArray(value) && isSensitiveKey(key, outgoing)) collectSecrets(item, scrubber);
    else gatherSensitive(item, scrubber, outgoing, seen, depth + 1);
  }
}

function collectSecrets(value: unknown, scrubber: SecretScrubber | undefined, depth = 0): void {
  // The depth bound also stops a cycle under a sensitive key.
  if (!scrubber || depth > 32) return;
  if (typeof value === 'string') scrubber.add(value);
  else if (typeof value === 'number') scrubber.add(String(value));
  else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectSecrets(item, scrubber, depth + 1);
  }
}
