import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  external: ['msw', 'msw/node', 'jose'],
  // ofetch is bundled from its runtime-neutral build: its Node build pulls in
  // node-fetch-native (a fallback for Nodes without fetch, ~110 kB) that no
  // supported Node needs, and it would land in every user's bundle.
  noExternal: ['ofetch', 'destr', 'ufo'],
  esbuildOptions(options) {
    options.conditions = ['worker', 'import', 'default'];
  },
});
