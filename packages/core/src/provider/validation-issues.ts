import { ValidationError, type ValidationIssue } from '../errors.js';
import { pathSegmentIssue } from '../path-segment.js';

type IssuePath = ReadonlyArray<string | number>;

/**
 * Collects every problem of one call's input, then throws them together as one
 * `ValidationError` before anything is sent: a caller fixes all of them at once.
 */
export class ValidationIssues {
  readonly list: ValidationIssue[] = [];

  constructor(
    readonly provider: string,
    readonly operation: string | undefined,
  ) {}

  add(path: IssuePath, message: string): void {
    this.list.push({ path, message });
  }

  /** An id placed in a URL path: core's rules (`.`, `..`, empty and lone surrogates refused). */
  id(path: IssuePath, value: unknown): void {
    const issue = pathSegmentIssue(value);
    if (issue) this.add(path, issue);
  }

  required(path: IssuePath, value: unknown): void {
    if (value === undefined || value === null) this.add(path, 'is required');
  }

  nonEmptyString(path: IssuePath, value: unknown): void {
    if (typeof value !== 'string' || value.length === 0)
      this.add(path, 'must be a non-empty string');
  }

  optionalString(path: IssuePath, value: unknown): void {
    if (value !== undefined) this.nonEmptyString(path, value);
  }

  /** `undefined` passes; anything else must be an integer within the bounds. */
  integer(path: IssuePath, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(path, `must be an integer from ${min} to ${max}`);
    }
  }

  oneOf(path: IssuePath, value: unknown, allowed: ReadonlyArray<string>): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.add(path, `must be one of ${allowed.join(', ')}`);
    }
  }

  object(path: IssuePath, value: unknown): value is Record<string, unknown> {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    this.add(path, 'must be an object');
    return false;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length > 0) {
      throw new ValidationError(this.list, { provider: this.provider, operation: this.operation });
    }
  }
}
