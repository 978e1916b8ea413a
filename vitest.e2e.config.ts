import { defineConfig } from 'vitest/config';

// The real-engine suite: `npm run test:e2e`. Builds and runs containers, so long timeouts. Two test files at a time:
// the fixtures are split over fixtures.test.ts and fixtures-shard2.test.ts, and while one file waits for a container to
// turn healthy or a stack to stop, the other builds. Every name a file creates carries the run id and its fixture.
// The swarm suite runs alone, after everything else: `docker swarm init` and `swarm leave` rewire the engine's
// networking, and a CI run saw a compose container started meanwhile come up healthy with no published port.
const SWARM = 'test/e2e/swarm.test.ts';
const SETUP = 'test/e2e/global-setup.ts';

export default defineConfig({
  test: {
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 15 * 60_000,
    hookTimeout: 10 * 60_000,
    teardownTimeout: 10 * 60_000,
    reporters: ['verbose'],
    projects: [
      // Each project runs the global setup (its own run id, swept at its end); the root config has none, so it runs twice.
      { extends: true, test: { name: 'engine', include: ['test/e2e/**/*.test.ts'], exclude: [SWARM], globalSetup: [SETUP], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'swarm', include: [SWARM], globalSetup: [SETUP], sequence: { groupOrder: 1 } } },
    ],
  },
});
