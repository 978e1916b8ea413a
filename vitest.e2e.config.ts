import { defineConfig } from 'vitest/config';

// The real-engine suite: `npm run test:e2e`. Builds and runs containers, so one file at a time and long timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 10 * 60_000,
    teardownTimeout: 10 * 60_000,
    reporters: ['verbose'],
  },
});
