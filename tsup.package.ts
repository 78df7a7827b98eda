import { defineConfig } from 'tsup';

/**
 * The build every published package but @int/core shares (core adds its
 * platform adapters): ESM and CommonJS with their own type declarations, source
 * maps, Node 20 syntax. `./testing` is an entry when the package has fakes.
 * Dependencies and peers stay external; `external` names the rest (msw's
 * subpaths, optional peers).
 */
export function packageBuild(options: { testing: boolean; external?: string[] }) {
  return defineConfig({
    entry: options.testing
      ? { index: 'src/index.ts', testing: 'src/testing/index.ts' }
      : { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    external: options.external ?? [],
  });
}
