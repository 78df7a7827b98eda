import { version } from '../package.json';

/** This package's version, from its package.json at build time. */
export const VERSION: string = version;

/** The Stripe API version sent as `Stripe-Version` unless overridden (the one stripe-node 23.1.0 pins). */
export const DEFAULT_API_VERSION = '2026-10-28.endive';
