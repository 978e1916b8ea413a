import { describe, inject, test } from 'vitest';
import { discoverFixtures, fixtureSkipReason, isEveryAppFixture } from './lib/fixtures.js';
import { fixtureSuite } from './lib/suite.js';

// Every test/fixtures/<case>/project, one after another (see vitest.e2e.config.ts); E2E_ONLY=a,b narrows. A
// `--workspace all` fixture (several apps) has its own suite: workspace-all.test.ts.
const fixtures = discoverFixtures().filter((name) => !isEveryAppFixture(name));

if (!inject('dockerAvailable')) {
  // global-setup.ts already printed the one-line reason.
  describe.skip('e2e', () => test('needs a Docker engine', () => {}));
} else if (fixtures.length === 0) {
  console.warn(`e2e: no fixture to run (test/fixtures/*/project${process.env.E2E_ONLY ? `, E2E_ONLY=${process.env.E2E_ONLY}` : ''}); skipping`);
  describe.skip('e2e', () => test('needs a fixture', () => {}));
} else {
  const options = { runId: inject('runId'), composeV2: inject('composeV2') };
  for (const name of fixtures) {
    // fixture.json `"e2e": false` (with `why`): the fixture is checked statically only and listed as skipped.
    const reason = fixtureSkipReason(name);
    if (reason === undefined) fixtureSuite(name, options);
    else describe.skip(name, () => test(`static only: ${reason}`, () => {}));
  }
}
