import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A ceiling, not a measure: CI runs every suite at once on two cores.
    testTimeout: 60_000,
  },
});
