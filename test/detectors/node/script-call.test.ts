import { describe, expect, test } from 'vitest';
import { scriptCall } from '../../../detectors/node/script-call.js';
import { splitScript } from '../../../detectors/node/lifecycle-step.js';

// One rule set for "which package.json script does this command run": the start alias and the install-lifecycle
// classification both read it (they used to disagree on `npm start`, bun's bare names and extra arguments).
describe('the script a package-manager command runs', () => {
  const scripts = { build: 'tsc', start: 'node a.js', test: 'node --test', dev: 'node dev.js', 'db:gen': 'prisma generate' };
  test.each<[string, { script: string; args: string[] } | undefined]>([
    ['npm run build', { script: 'build', args: [] }],
    ['npm run-script build', { script: 'build', args: [] }],
    ['pnpm run-script build', { script: 'build', args: [] }],
    ['npm run build -- --prod', { script: 'build', args: ['--', '--prod'] }],
    ['npm start', { script: 'start', args: [] }],
    ['npm test', { script: 'test', args: [] }],
    ['yarn dev', { script: 'dev', args: [] }],
    ['yarn dev --port 3', { script: 'dev', args: ['--port', '3'] }],
    ['pnpm db:gen', { script: 'db:gen', args: [] }],
    ['bun run build', { script: 'build', args: [] }],
    ['bun dev', { script: 'dev', args: [] }],
    ['bun start', { script: 'start', args: [] }],
    // Negative rows.
    ['npm build', undefined], // npm runs only start/test by a bare name
    ['npm dev', undefined],
    ['bun build', undefined], // built-in bundler
    ['bun test', undefined], // built-in test runner
    ['bun install', undefined],
    ['yarn run-script build', undefined],
    ['yarn --silent dev', undefined],
    ['npm run missing', undefined],
    ['npm run', undefined],
    ['npx build', undefined],
    ['node build', undefined],
  ])('%s -> %j', (line, want) => {
    expect(scriptCall(line.split(' '), scripts)).toEqual(want);
  });

  test.each<[string, string]>([
    ['npm run build -- --prod', 'build'], // extra arguments do not change what the step is
    ['yarn build', 'build'],
    ['pnpm run-script build', 'build'],
    ['bun build ./src/index.ts', 'unknown'], // bun's bundler runs: kept (was taken for the build script)
    ['npm start', 'unknown'], // follows start, whose command is unknown: kept (was unknown without following)
    ['npm run db:gen', 'prisma'],
    ['npm build', 'unknown'],
  ])('lifecycle step %s is %s', (line, kind) => {
    const split = splitScript(line, { scripts, prismaGenerates: true, builds: true });
    expect(split?.steps[0]?.kind).toBe(kind);
  });
});
