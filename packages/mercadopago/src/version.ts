import { version } from '../package.json';

/** This package's version, from its package.json at build time. */
export const VERSION: string = version;
