import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // 2 000 calls per provider with injected timeouts and Retry-After waits, on a shared 2-core machine.
    testTimeout: 240_000,
    hookTimeout: 30_000,
  },
});
