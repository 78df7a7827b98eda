import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Child-process and timing tests measure wall-clock behaviour: one file at a time.
    fileParallelism: false,
  },
});
