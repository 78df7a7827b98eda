import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI runs every package's suite at once on two cores; the 250-customer listing takes ~2 s alone, 20 s+ there.
    testTimeout: 60_000,
  },
});
