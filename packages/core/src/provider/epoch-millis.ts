/**
 * A moment as epoch milliseconds, from what APIs and callers hand over for one:
 * a `Date`, epoch milliseconds (a number or a string of digits, as HubSpot
 * sends them) or an ISO date; `undefined` for anything else.
 */
export function toEpochMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
