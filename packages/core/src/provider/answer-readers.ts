import { asRecord } from './record-guards.js';

// Lenient readers of a provider's answer: a missing or mistyped field reads as
// absent, so a changed answer degrades a result instead of throwing.

/** A non-empty string, or `undefined`. */
export const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** A finite number, or a string that spells one (providers send amounts both ways). */
export function asNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** The value if it is a list, else an empty one. */
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The objects of a list, anything else in it skipped. */
export const asRecords = (value: unknown): Array<Record<string, unknown>> =>
  asArray(value).filter((item): item is Record<string, unknown> => asRecord(item) !== undefined);

/** Walks `path` through nested objects; `undefined` where one is missing. */
export const valueAt = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((current, key) => asRecord(current)?.[key], value);

/** The non-empty string fields of `record` among `keys`, in that order. */
export function pickTexts<Key extends string>(record: object, keys: ReadonlyArray<Key>) {
  const entries = keys.map((key) => [key, asText((record as Record<string, unknown>)[key])]);
  return Object.fromEntries(entries.filter(([, value]) => value)) as Partial<Record<Key, string>>;
}
