/**
 * Whether a value holds named fields: a non-null object that is not an array.
 * Every provider reads untyped params and answers through it.
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value as a record of fields, or `undefined` when it is none (a lenient answer reader). */
export const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  isRecord(value) ? value : undefined;
