/**
 * The platform adapter this build uses. Source and the CommonJS build import
 * the Node adapter, which checks at run time where it is. The ESM build
 * replaces this module with the package-private import `#platform`, which
 * package.json maps by condition: `node` gets `platform-node.js`; `workerd`,
 * `worker`, `browser`, `deno`, `bun` and everything else `platform-web.js`,
 * so a Workers or browser bundle never contains the Node transport.
 */
export { platform } from './node-platform.js';
