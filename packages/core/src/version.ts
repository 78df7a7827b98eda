import { version } from '../package.json';
import * as platform from './platform/platform.js';
import { runtimeToken } from './platform/runtime-info.js';

/** This package's version, from its package.json at build time. */
export const VERSION: string = version;

/**
 * `int-core/0.1.0 node/20.20.2`; `bun/1.4.5`, `deno/2.9.6`, `workerd`,
 * `edge-light` or `browser` in place of the Node part elsewhere (left out on a
 * runtime it does not recognise).
 */
export function runtimeUserAgent(): string {
  const runtime = runtimeToken(platform.runtime());
  return runtime ? `int-core/${VERSION} ${runtime}` : `int-core/${VERSION}`;
}
