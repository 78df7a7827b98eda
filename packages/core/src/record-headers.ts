/**
 * The `Headers` ofetch builds for the Node transport: a plain record with the
 * few methods ofetch calls (`get`, `has`, `set`) and iteration. The global
 * `Headers` (undici's) costs two copies per request on the way to
 * `node:http`, which takes a record anyway; the transport reads `record`
 * as is. `node:http` still checks every name and value before sending.
 */
export class RecordHeaders {
  /** Lower-cased names; no prototype, so no name is special. */
  readonly record: Record<string, string> = Object.create(null);

  constructor(init?: Record<string, string> | Iterable<[string, string]> | undefined) {
    if (!init) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of pairs) this.record[name.toLowerCase()] = String(value);
  }

  get(name: string): string | null {
    return this.record[name.toLowerCase()] ?? null;
  }

  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }

  set(name: string, value: string): void {
    this.record[name.toLowerCase()] = String(value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const current = this.record[key];
    this.record[key] = current === undefined ? String(value) : `${current}, ${value}`;
  }

  delete(name: string): void {
    delete this.record[name.toLowerCase()];
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.record)) callback(value, name);
  }

  entries(): IterableIterator<[string, string]> {
    return Object.entries(this.record)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
