import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the property tests of test/property with FUZZ_RUNS runs each (default 2000; the containment
// property, a whole CLI run per case, at most 300). FUZZ_SEED=<seed> replays a failure fast-check printed.
export default defineConfig({
  test: {
    include: ['test/property/**/*.test.ts'],
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '2000' },
    testTimeout: 30 * 60_000,
    reporters: ['verbose'],
  },
});
