import type * as NodeAsyncHooks from 'node:async_hooks';
import type { AsyncContextStorage } from './platform-adapter.js';
import { webAsyncContext } from './web-async-context.js';

type GetBuiltinModule = (id: string) => unknown;

/**
 * `AsyncLocalStorage` from `node:async_hooks`, looked up at first use through
 * `process.getBuiltinModule` (never a top-level import, so no bundle sees it);
 * where that lookup is missing or fails, the web adapter's answer.
 */
export function nodeAsyncContext<T>(): AsyncContextStorage<T> | null {
  try {
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } })
      .process?.getBuiltinModule;
    const hooks =
      typeof getBuiltinModule === 'function'
        ? (getBuiltinModule('node:async_hooks') as typeof NodeAsyncHooks | undefined)
        : undefined;
    if (typeof hooks?.AsyncLocalStorage === 'function') return new hooks.AsyncLocalStorage<T>();
  } catch {
    // A runtime whose lookup throws carries no context; calls are unaffected.
  }
  return webAsyncContext<T>();
}
