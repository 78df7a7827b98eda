import type { ValidationIssues } from '@int/core';

type IssuePath = ReadonlyArray<string | number>;

// HubSpot-specific input rules, on top of the kit's ValidationIssues.

/** An object type (`contacts`, `2-123`) placed in a URL path. */
export function checkObjectType(issues: ValidationIssues, path: IssuePath, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) issues.nonEmptyString(path, value);
  else issues.id(path, value);
}

export function checkStringList(issues: ValidationIssues, path: IssuePath, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    issues.add(path, 'must be a list of non-empty strings');
  }
}

/** A query value made by `commaList`: a raw value there is a list that was not one. */
export function checkCommaList(issues: ValidationIssues, path: IssuePath, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || value.split(',').includes(''))) {
    issues.add(path, 'must be a list of non-empty strings');
  }
}

export function checkProperties(issues: ValidationIssues, path: IssuePath, value: unknown): void {
  if (!issues.object(path, value)) return;
  for (const [name, item] of Object.entries(value)) {
    // Numbers and booleans were made strings by `toPropertyStrings`.
    if (item !== null && typeof item !== 'string') {
      issues.add([...path, name], 'must be a string, number, boolean or null');
    }
  }
}

/** An id as sent; anything but a string or a number is reported by `issues.id` and never sent. */
export function idText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * Property values as HubSpot expects them: strings, `null` kept to clear a
 * value. Anything else stays as it is, for `checkProperties` to report.
 */
export function toPropertyStrings(properties: unknown): Record<string, unknown> {
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    return properties as Record<string, unknown>;
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    result[name] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
  return result;
}

/** `properties` and friends go in the query as one comma-separated value. */
export function commaList(values: unknown): string | undefined {
  if (!Array.isArray(values)) return values as string | undefined;
  if (values.length === 0) return undefined;
  return values.every((item) => typeof item === 'string') ? values.join(',') : (values as never);
}

/** The wire form of a record write: property values as strings, associations when given. */
export const writeBody = (input: { properties?: unknown; associations?: unknown } | undefined) => ({
  properties: toPropertyStrings(input?.properties),
  ...(input?.associations ? { associations: input.associations } : {}),
});
