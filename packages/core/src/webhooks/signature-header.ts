/**
 * The fields of a `name=value,name=value` signature header (Stripe's
 * `t=…,v1=…`, MercadoPago's `ts=…,v1=…`): split on `,`, then on the first `=`,
 * both sides trimmed; a name may repeat (several `v1` during a secret rotation),
 * so each name maps to every non-empty value in order.
 */
export function signatureHeaderFields(header: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    const value = part.slice(equals + 1).trim();
    if (value === '') continue;
    const name = part.slice(0, equals).trim();
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}
