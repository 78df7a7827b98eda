import type { AsyncContextStorage } from './platform-adapter.js';

type AsyncContextConstructor = new <T>() => AsyncContextStorage<T>;

/**
 * A global `AsyncLocalStorage` where the runtime defines one; null otherwise
 * (browsers, Deno and Workers without it), so nothing is carried there.
 */
export function webAsyncContext<T>(): AsyncContextStorage<T> | null {
  const Storage = (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage;
  return typeof Storage === 'function' ? new (Storage as AsyncContextConstructor)<T>() : null;
}
