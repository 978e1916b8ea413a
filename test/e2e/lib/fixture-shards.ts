import { describe, inject, test } from 'vitest';
import { discoverFixtures, fixtureSkipReason, isEveryAppFixture } from './fixtures.js';
import { fixtureSuite } from './suite.js';

/** How many test files share the fixtures (vitest.e2e.config.ts runs that many files at once). */
export const FIXTURE_SHARDS = 2;

/**
 * The fixtures of one shard (1-based): every FIXTURE_SHARDS-th of the sorted list, so fixtures of one stack, which
 * sort together and cost alike, are spread over the shards. With E2E_ONLY the first shard takes them all (a narrowed
 * run is one or two fixtures, and `test/e2e/fixtures.test.ts` alone then runs them).
 */
export function fixturesOfShard(shard: number, all = discoverFixtures().filter((name) => !isEveryAppFixture(name))): string[] {
  if (process.env.E2E_ONLY) return shard === 1 ? all : [];
  return all.filter((_, i) => i % FIXTURE_SHARDS === shard - 1);
}

/**
 * Registers one describe per fixture of the shard (see lib/suite.ts). A `--workspace all` fixture (several apps) has its
 * own suite: workspace-all.test.ts.
 */
export function registerFixtureShard(shard: number): void {
  const fixtures = fixturesOfShard(shard);
  if (!inject('dockerAvailable')) {
    // global-setup.ts already printed the one-line reason.
    describe.skip('e2e', () => test('needs a Docker engine', () => {}));
    return;
  }
  if (fixtures.length === 0) {
    if (shard === 1) {
      console.warn(`e2e: no fixture to run (test/fixtures/*/project${process.env.E2E_ONLY ? `, E2E_ONLY=${process.env.E2E_ONLY}` : ''}); skipping`);
    }
    describe.skip(`e2e shard ${shard}`, () => test('needs a fixture', () => {}));
    return;
  }
  const options = { runId: inject('runId'), composeV2: inject('composeV2') };
  for (const name of fixtures) {
    // fixture.json `"e2e": false` (with `why`): the fixture is checked statically only and listed as skipped.
    const reason = fixtureSkipReason(name);
    if (reason === undefined) fixtureSuite(name, options);
    else describe.skip(name, () => test(`static only: ${reason}`, () => {}));
  }
}
