import { version } from '../package.json';

/** This package's version, from its package.json at build time. */
export const VERSION: string = version;

/** `int-ups/0.1.0`, prepended to core's User-Agent. */
export const USER_AGENT = `int-ups/${VERSION}`;
