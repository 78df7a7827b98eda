import { pathSegmentIssue, ValidationError, type ValidationIssue } from '@int/core';

/** Collects input issues and throws them all at once, before anything is sent. */
export class Issues {
  readonly list: ValidationIssue[] = [];
  constructor(private readonly operation: string) {}

  add(path: ReadonlyArray<string | number>, message: string): void {
    this.list.push({ path, message });
  }

  /** An id or object type placed in a URL path: core's rules (`.`, `..` and empty refused). */
  id(path: ReadonlyArray<string | number>, value: unknown): void {
    const issue = pathSegmentIssue(value);
    if (issue) this.add(path, issue);
  }

  /** An object type (`contacts`, `2-123`) placed in a URL path. */
  objectType(path: ReadonlyArray<string | number>, value: unknown): void {
    if (typeof value !== 'string' || value.length === 0) this.nonEmptyString(path, value);
    else this.id(path, value);
  }

  nonEmptyString(path: ReadonlyArray<string | number>, value: unknown): void {
    if (typeof value !== 'string' || value.length === 0)
      this.add(path, 'must be a non-empty string');
  }

  optionalStringList(path: ReadonlyArray<string | number>, value: unknown): void {
    if (value === undefined) return;
    if (
      !Array.isArray(value) ||
      value.some((item) => typeof item !== 'string' || item.length === 0)
    ) {
      this.add(path, 'must be a list of non-empty strings');
    }
  }

  properties(path: ReadonlyArray<string | number>, value: unknown): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, 'must be an object of property values');
      return;
    }
    for (const [name, item] of Object.entries(value)) {
      if (
        item !== null &&
        typeof item !== 'string' &&
        typeof item !== 'number' &&
        typeof item !== 'boolean'
      ) {
        this.add([...path, name], 'must be a string, number, boolean or null');
      }
    }
  }

  integer(path: ReadonlyArray<string | number>, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(path, `must be an integer from ${min} to ${max}`);
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) {
      throw new ValidationError(this.list, { provider: 'hubspot', operation: this.operation });
    }
  }
}

/** An id as sent; anything but a string or a number is reported by `Issues.id` and never sent. */
export function idText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Property values as HubSpot expects them: strings, `null` kept to clear a value. */
export function toPropertyStrings(
  properties: Record<string, string | number | boolean | null>,
): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (value === null) result[name] = null;
    // Objects are reported by Issues.properties; String() would throw on some of them first.
    else if (typeof value !== 'object') result[name] = String(value);
  }
  return result;
}

/** `properties` and friends go in the query as one comma-separated value. */
export function commaList(values: ReadonlyArray<string> | undefined): string | undefined {
  return values && values.length > 0 ? values.join(',') : undefined;
}
