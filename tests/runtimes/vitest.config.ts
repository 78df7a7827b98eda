import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each setup starts a runtime (workerd through miniflare takes seconds on a
    // shared 2-core machine) and waits out one Retry-After of 1 s.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // One runtime at a time: they share the machine with everything else.
    fileParallelism: false,
  },
});
