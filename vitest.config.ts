import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    // Worker threads sharing one module graph per worker: re-importing src/, vitest and the parsers for each of
    // ~40 files took more time than the tests themselves. Files keep to themselves: none mocks modules or
    // changes the working folder, and test/helpers/restore-env.ts undoes each file's process.env changes.
    pool: 'threads',
    isolate: false,
    setupFiles: ['test/helpers/restore-env.ts'],
    // GitHub's workflow parser imports its schema JSON without an import attribute, which Node refuses: let Vite load it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
