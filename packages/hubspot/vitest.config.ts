import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The 25 000-contact sync and the 2 000-call burst run 40-65 s while CI builds and tests every package at once.
    testTimeout: 180_000,
  },
});
