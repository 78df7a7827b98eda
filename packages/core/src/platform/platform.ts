import type * as NodePlatform from './node-platform.js';
import type { PlatformAdapter } from './platform-adapter.js';
import type * as WebPlatform from './web-platform.js';

/**
 * The platform adapter this build uses; import it as a namespace
 * (`import * as platform`). Source and the CommonJS build get the Node
 * adapter, which checks at run time where it is. The ESM build replaces this
 * module with the package-private import `#platform`, which package.json maps
 * by condition: `node` gets `platform-node.js`; `workerd`, `worker`,
 * `browser`, `deno`, `bun` and everything else `platform-web.js`, so a
 * Workers or browser bundle never contains the Node transport.
 */
export * from './node-platform.js';

// Both adapters must offer the same members (a compile error otherwise).
type Conforms<Module extends PlatformAdapter> = Module;
export type CheckedAdapters = [Conforms<typeof NodePlatform>, Conforms<typeof WebPlatform>];
