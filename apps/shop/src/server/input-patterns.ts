/**
 * Every regular expression the shop runs on request input, in one place so a
 * test can prove each one linear (no ReDoS: a long field must not stall the
 * event loop). Each is anchored and every repetition is bounded or has no
 * neighbour it could trade characters with. Free text is checked by length
 * before any pattern sees it.
 */

/** `/orders/:id`, `/api/orders/:id`. */
export const ORDER_ID = /^ord_[a-f0-9]{1,40}$/;
export const COUNTRY_CODE = /^[A-Z]{2}$/;
export const STATE_CODE = /^[A-Z]{2}$/;
export const PHONE = /^[0-9+()\-. ]{7,20}$/;
/** A Stripe PaymentMethod id; in the sandbox a test card such as `pm_card_visa`. */
export const PAYMENT_METHOD = /^pm_[A-Za-z0-9_]{1,200}$/;
/** A client's `Idempotency-Key` header or the form's nonce: visible ASCII. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;
/** One whitespace character anywhere (an email address has none). */
export const WHITESPACE = /\s/;
/** An IPv4 peer on a dual-stack socket (`::ffff:203.0.113.9`), for the per-client rate limit. */
export const IPV4_MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** The list the linearity test walks; add any new pattern on request input here. */
export const INPUT_PATTERNS: Readonly<Record<string, RegExp>> = {
  ORDER_ID,
  COUNTRY_CODE,
  STATE_CODE,
  PHONE,
  PAYMENT_METHOD,
  IDEMPOTENCY_KEY,
  WHITESPACE,
  IPV4_MAPPED,
};

/** RFC 5321's limits: 254 characters in all, 64 before the `@`. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

/**
 * The shape the shop asks of an email address, checked by hand in one pass:
 * no whitespace, exactly one `@` with something before it, and a domain with
 * a dot that has something on both sides. What
 * `/^[^@\s]+@[^@\s]+\.[^@\s]+$/` accepted, without its quadratic backtracking.
 * Callers check `MAX_EMAIL_LENGTH` first.
 */
export function isEmailAddress(value: string): boolean {
  if (value.length > MAX_EMAIL_LENGTH || WHITESPACE.test(value)) return false;
  const at = value.indexOf('@');
  if (at < 1 || at > MAX_LOCAL_PART_LENGTH || value.indexOf('@', at + 1) !== -1) return false;
  const domain = value.slice(at + 1);
  // A dot with at least one character before and after it.
  return domain.slice(1, -1).includes('.');
}
