import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Child processes, a browser and real ports on a shared 2-core machine.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // One file at a time: the restart and browser tests start processes of their own.
    fileParallelism: false,
  },
});
