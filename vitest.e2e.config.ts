import { defineConfig } from 'vitest/config';

// The real-engine suite: `npm run test:e2e`. Builds and runs containers, so long timeouts. Two test files at a time:
// the fixtures are split over fixtures.test.ts and fixtures-shard2.test.ts, and while one file waits for a container to
// turn healthy or a stack to stop, the other builds. Every name a file creates carries the run id and its fixture.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 15 * 60_000,
    hookTimeout: 10 * 60_000,
    teardownTimeout: 10 * 60_000,
    reporters: ['verbose'],
  },
});
