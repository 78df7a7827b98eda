import { rm } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * In the ESM build, `platform/platform.js` becomes the package-private import
 * `#platform`, which package.json's `imports` maps by condition to
 * `dist/platform-node.js` or `dist/platform-web.js`: bundlers and runtimes
 * pick the adapter, and a Workers/browser bundle never sees the Node one.
 * Code splitting keeps one copy of everything the adapters share with the
 * entries. The CommonJS build (Node's `require`) inlines the Node adapter,
 * which falls back to the web one at run time.
 */
const platformByCondition: Plugin = {
  name: 'platform-by-condition',
  setup(build) {
    // tsup runs esbuild in ESM mode for both formats; esbuildOptions below
    // (which is told the format) marks the ESM build by making #platform external.
    if (!build.initialOptions.external?.includes('#platform')) return;
    build.onResolve({ filter: /(^|\/)platform\/platform\.js$/ }, () => ({
      path: '#platform',
      external: true,
    }));
  },
};

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'platform-node': 'src/platform/node-platform.ts',
    'platform-web': 'src/platform/web-platform.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // vitest is only imported (dynamically) by describeProviderConformance.
  external: ['msw', 'msw/node', 'jose', 'vitest'],
  // ofetch is bundled from its runtime-neutral build: its Node build pulls in
  // node-fetch-native (a fallback for Nodes without fetch, ~110 kB) that no
  // supported Node needs, and it would land in every user's bundle.
  noExternal: ['ofetch', 'destr', 'ufo'],
  esbuildPlugins: [platformByCondition],
  // The adapters are entries for the ESM build only; CommonJS inlines its own.
  async onSuccess() {
    for (const name of ['platform-node', 'platform-web']) {
      for (const suffix of ['.cjs', '.cjs.map']) await rm(`dist/${name}${suffix}`, { force: true });
    }
  },
  esbuildOptions(options, { format }) {
    options.conditions = ['worker', 'import', 'default'];
    if (format === 'esm') options.external = [...(options.external ?? []), '#platform'];
  },
});
