import { registerFixtureShard } from './lib/fixture-shards.js';

// The second half of the fixtures (see fixtures.test.ts); empty when E2E_ONLY narrows the run.
registerFixtureShard(2);
