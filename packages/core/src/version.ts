import { version } from '../package.json';

/** This package's version, from its package.json at build time. */
export const VERSION: string = version;

/** `int-core/0.1.0 node/20.20.2` (the runtime part is left out outside Node). */
export function runtimeUserAgent(): string {
  const node =
    typeof process !== 'undefined' && process.versions?.node
      ? ` node/${process.versions.node}`
      : '';
  return `int-core/${VERSION}${node}`;
}
