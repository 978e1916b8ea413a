import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { followScriptAlias, scriptRunBy } from '../../../detectors/node/script-alias.js';

const plan = async (files: Files) => (await buildPlan(memProject(files), {})).plan;

describe('a start line that only runs another script', () => {
  const scripts = { serve: 'node dist/server.js', web: 'node web.js', build: 'tsc', start: 'npm run serve', test: 'node --test' };
  test.each<[string, string | undefined]>([
    ['npm run serve', 'serve'],
    ['npm run-script serve', 'serve'],
    ['npm start', 'start'],
    ['yarn serve', 'serve'],
    ['yarn run web', 'web'],
    ['pnpm serve', 'serve'],
    ['pnpm run web', 'web'],
    ['bun run serve', 'serve'],
    ['npm test', 'test'],
    ['pnpm run-script web', 'web'],
    ['bun serve', 'serve'], // bun runs a script by its bare name (was: only with run)
    ['bun start', 'start'],
    // Negative rows: more than a script run, an unknown script, another tool, a built-in of the manager.
    ['npm start -- --port 4000', undefined],
    ['yarn serve --port 4000', undefined],
    ['bun build', undefined], // bun's bundler, not the build script
    ['bun test', undefined], // bun's test runner
    ['yarn run-script web', undefined], // run-script is npm's and pnpm's
    ['npm run serve -- --port 4000', undefined],
    ['npm run missing', undefined],
    ['npm serve', undefined],
    ['yarn --silent serve', undefined],
    ['npm run serve && node other.js', undefined],
    ['node dist/server.js', undefined],
    ['npx serve', undefined],
  ])('%s -> %s', (line, want) => {
    expect(scriptRunBy(line, scripts)).toBe(want);
  });

  test('a chain is followed to its command', () => {
    expect(followScriptAlias('npm start', { start: 'yarn serve', serve: 'npm run prod', prod: 'node dist/a.js' })).toEqual({
      line: 'node dist/a.js',
      hops: [{ from: 'npm start', script: 'start' }, { from: 'yarn serve', script: 'serve' }, { from: 'npm run prod', script: 'prod' }],
    });
  });

  test.each<[string, Record<string, string>]>([
    ['a script with a pre hook stays', { a: 'npm run b', b: 'node b.js', preb: 'node check.js' }],
    ['a script with a post hook stays', { a: 'npm run b', b: 'node b.js', postb: 'node notify.js' }],
  ])('%s', (_, s) => {
    const r = followScriptAlias(s.a!, s);
    expect(r.line).not.toBe('node b.js');
    expect(r.hops.length).toBeLessThan(2);
  });

  test('a cycle stops where it would repeat, still a package-manager line', () => {
    const r = followScriptAlias('npm run b', { a: 'npm run b', b: 'npm run a' });
    expect(r.line).toBe('npm run b');
    expect(r.hops.map((h) => h.script)).toEqual(['b', 'a']);
  });

  test('the image runs the served file without npm or a shell, on distroless', async () => {
    const p = await plan({
      'package.json': { name: 'a', scripts: { build: 'tsc', start: 'npm run serve', serve: 'node dist/server.js' }, dependencies: { koa: '2' }, devDependencies: { typescript: '5' } },
      'package-lock.json': '{}',
      'src/server.ts': 'app.listen(3000)',
    });
    expect(p.start).toEqual(['/nodejs/bin/node', 'dist/server.js']);
    expect(p.base).toBe('distroless');
    expect(p.notes.join('\n')).toMatch(/"npm run serve" only runs the "serve" script/);
  });

  test('build steps before the script run are dropped first', async () => {
    const p = await plan({
      'package.json': { name: 'a', scripts: { build: 'tsc', start: 'npm run build && npm run serve', serve: 'node dist/server.js' }, devDependencies: { typescript: '5' } },
      'package-lock.json': '{}',
    });
    expect(p.start).toEqual(['/nodejs/bin/node', 'dist/server.js']);
  });

  test('a --start answer is taken as written', async () => {
    const p = (await buildPlan(memProject({ 'package.json': { name: 'a', scripts: { serve: 'node s.js' } }, 's.js': '' }), { start: 'npm run serve' })).plan;
    expect(p.start).toEqual(['/bin/sh', '-c', 'npm run serve']);
  });
});
