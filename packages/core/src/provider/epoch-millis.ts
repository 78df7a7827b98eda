/**
 * A moment as epoch milliseconds, from what APIs and callers hand over for one:
 * a `Date`, epoch milliseconds (a number or a string of digits, as HubSpot
 * sends them) or an ISO date; `undefined` for anything else.
 */
export function toEpochMillis(value: unknown): number | undefined {
  const millis =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : typeof value !== 'string' || value.length === 0
          ? Number.NaN
          : /^\d+$/.test(value)
            ? Number(value)
            : Date.parse(value);
  // Only a moment a Date can hold: an invalid Date or a number past its range is no moment.
  return Number.isFinite(millis) && Math.abs(millis) <= MAX_DATE_MS ? millis : undefined;
}

/** The largest distance from the epoch a `Date` holds (ECMAScript's time range). */
const MAX_DATE_MS = 8.64e15;
