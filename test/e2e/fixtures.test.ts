import { registerFixtureShard } from './lib/fixture-shards.js';

// Every test/fixtures/<case>/project, in two halves: this file and fixtures-shard2.test.ts run at the same time (see
// vitest.e2e.config.ts). E2E_ONLY=a,b narrows, and then this file runs all of them.
registerFixtureShard(1);
