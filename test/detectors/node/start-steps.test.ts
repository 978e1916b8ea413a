import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { preStartBuild, stripBuildSteps } from '../../../detectors/node/start-steps.js';

const plan = async (files: Files) => (await buildPlan(memProject(files), {})).plan;

describe('build steps at the head of a start script', () => {
  const scripts = { build: 'tsc && prisma generate', 'build:css': 'x', start: '' };
  test.each<[string, string, string[]]>([
    ['npm run build && node dist/server.js', 'node dist/server.js', ['npm run build']],
    ['pnpm build && node dist/server.js', 'node dist/server.js', ['pnpm build']],
    ['yarn run build:css && npm run build && node dist/a.js', 'node dist/a.js', ['yarn run build:css', 'npm run build']],
    ['tsc -p tsconfig.build.json && node dist/main.js', 'node dist/main.js', ['tsc -p tsconfig.build.json']],
    ['npx prisma generate && node server.js', 'node server.js', ['npx prisma generate']],
    ['npx nest build && node dist/main', 'node dist/main', ['npx nest build']],
    // Not build steps, or not only `&&`: left alone.
    ['npm run migrate && node dist/a.js', 'npm run migrate && node dist/a.js', []],
    ['npm run build; node dist/a.js', 'npm run build; node dist/a.js', []],
    ['npm run build', 'npm run build', []],
    ['node dist/a.js', 'node dist/a.js', []],
  ])('%s', (line, want, dropped) => {
    expect(stripBuildSteps(line, scripts)).toEqual({ line: want, dropped });
  });

  test('prisma generate stays when the build does not run it', () => {
    expect(stripBuildSteps('prisma generate && node a.js', { build: 'tsc' }).dropped).toEqual([]);
  });

  test.each<[string, Record<string, string>, string | undefined, string | undefined]>([
    ['Nest prestart:prod tsc', { 'prestart:prod': 'rimraf dist && tsc', 'start:prod': 'node dist/main.js' }, 'start:prod', 'prestart:prod'],
    ['a build script exists', { build: 'tsc', 'prestart:prod': 'tsc' }, 'start:prod', undefined],
    ['pre-script that does not compile', { prestart: 'node check.js' }, 'start', undefined],
  ])('%s', (_, s, start, want) => {
    expect(preStartBuild(s, start)).toBe(want);
  });

  test('the plan builds in the image and starts without the build', async () => {
    const p = await plan({
      'package.json': { name: 'a', scripts: { build: 'tsc', start: 'npm run build && node dist/server.js' }, devDependencies: { typescript: '5' } },
      'src/server.ts': 'x',
    });
    expect(p.build).toEqual(['npm', 'run', 'build']);
    expect(p.start.slice(1)).toEqual(['dist/server.js']);
    expect(p.base).toBe('distroless');
    expect(p.notes.join('\n')).toMatch(/dropped "npm run build"/);
  });

  test('Nest prestart:prod is the build', async () => {
    const p = await plan({
      'package.json': { name: 'a', scripts: { 'prestart:prod': 'tsc', 'start:prod': 'node dist/main.js' }, dependencies: { express: '5' } },
      'src/main.ts': 'x',
    });
    expect(p.build).toEqual(['npm', 'run', 'prestart:prod']);
    expect(p.start.slice(1)).toEqual(['dist/main.js']);
  });

  // Nest's own start (dist/main.js) stands in for the start script; the script's pre-hook still builds.
  test.each<[string, Record<string, string>, string[] | null]>([
    ['prestart:prod compiles', { 'prestart:prod': 'tsc', 'start:prod': 'node dist/main.js', start: 'node index.js' }, ['npm', 'run', 'prestart:prod']],
    ['prestart compiles', { prestart: 'rimraf dist && tsc', start: 'node dist/main.js' }, ['npm', 'run', 'prestart']],
    ['a build script wins', { build: 'nest build', 'prestart:prod': 'tsc', 'start:prod': 'node dist/main' }, ['npm', 'run', 'build']],
    ['a pre-hook that does not compile', { 'prestart:prod': 'node check.js', 'start:prod': 'node dist/main.js' }, null],
  ])('Nest app: %s', async (_, scripts, want) => {
    const files: Files = {
      'package.json': { name: 'a', scripts, dependencies: { '@nestjs/core': '11', '@nestjs/common': '11', typescript: '5' } },
      'src/main.ts': 'x',
    };
    if (want === null) {
      await expect(plan(files)).rejects.toThrow(/needs a build step/);
      return;
    }
    const p = await plan(files);
    expect(p.build).toEqual(want);
    expect(p.start.slice(1)).toEqual(['dist/main.js']);
  });
});

test('no production dependency: no deps stage and no node_modules copied into the runtime', async () => {
  const p = await plan({ 'package.json': { name: 'a', scripts: { build: 'tsc', start: 'node dist/a.js' }, devDependencies: { typescript: '5' } }, 'src/a.ts': 'x' });
  expect((p.details as { prodDeps: boolean }).prodDeps).toBe(false);
  const withDep = await plan({ 'package.json': { name: 'a', scripts: { build: 'tsc', start: 'node dist/a.js' }, dependencies: { ms: '2' } }, 'src/a.ts': 'x' });
  expect((withDep.details as { prodDeps: boolean }).prodDeps).toBe(true);
});
