/** `IncomingMessage.headers`: lower-cased names; `set-cookie` is a list. */
export type NodeHeaderObject = Record<string, string | string[] | undefined>;

/**
 * A Node answer's headers as a real `Headers`, filled at first use. Building
 * undici's `Headers` costs several microseconds per answer, and a successful
 * call reads one header (the request id): `get` and `has` answer from Node's
 * object until something else needs the full list.
 */
export class NodeResponseHeaders extends Headers {
  #raw: NodeHeaderObject | undefined;
  #skip: ReadonlySet<string> | undefined;

  /** `skip`: names left out (a decoded body's `content-encoding` and `content-length`). */
  constructor(raw: NodeHeaderObject, skip?: ReadonlySet<string> | undefined) {
    super();
    this.#raw = raw;
    this.#skip = skip;
  }

  #fill(): void {
    const raw = this.#raw;
    if (!raw) return;
    this.#raw = undefined;
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined || this.#skip?.has(name)) continue;
      if (Array.isArray(value)) for (const item of value) super.append(name, item);
      else super.append(name, value);
    }
  }

  override get(name: string): string | null {
    const raw = this.#raw;
    if (!raw) return super.get(name);
    const key = String(name).toLowerCase();
    if (this.#skip?.has(key) || !Object.hasOwn(raw, key)) return null;
    const value = raw[key];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  override has(name: string): boolean {
    return this.get(name) !== null;
  }

  override append(name: string, value: string): void {
    this.#fill();
    super.append(name, value);
  }

  override set(name: string, value: string): void {
    this.#fill();
    super.set(name, value);
  }

  override delete(name: string): void {
    this.#fill();
    super.delete(name);
  }

  override getSetCookie(): string[] {
    this.#fill();
    return super.getSetCookie();
  }

  override forEach(
    callback: (value: string, name: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    this.#fill();
    super.forEach(callback, thisArg);
  }

  override entries(): HeadersIterator<[string, string]> {
    this.#fill();
    return super.entries();
  }

  override keys(): HeadersIterator<string> {
    this.#fill();
    return super.keys();
  }

  override values(): HeadersIterator<string> {
    this.#fill();
    return super.values();
  }

  override [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }
}
