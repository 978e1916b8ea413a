import { describe, expect, test } from 'vitest';
import { Volume, createFsFromVolume } from 'memfs';
import { createProjectFs, type FsLike } from '../../../src/fs/project-fs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Files } from '../../helpers/memfs.js';

/** A memfs project whose files have the given last-commit times (seconds). */
function project(files: Files, times: Record<string, number> = {}) {
  const vol = new Volume();
  for (const [p, c] of Object.entries(files)) vol.fromJSON({ [`/project/${p}`]: typeof c === 'string' ? c : JSON.stringify(c, null, 2) });
  return createProjectFs('/project', createFsFromVolume(vol) as unknown as FsLike, { lastChanged: async (rel) => times[rel] });
}

const PKG = { name: 'a', scripts: { start: 'node s.js' }, dependencies: { express: '^5.1.0' } };
const NPM_AGREES = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'a', dependencies: { express: '^5.1.0' } } } });
const NPM_STALE = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'a', dependencies: { express: '^4.18.0' } } } });
const YARN_AGREES = '# yarn lockfile v1\n\nexpress@^5.1.0:\n  version "5.1.0"\n';
const YARN_STALE = '# yarn lockfile v1\n\n"express@^4.18.0", express@^4.17.1:\n  version "4.18.2"\n';
const PNPM_AGREES = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^5.1.0\n        version: 5.1.0\n";

const plan = async (files: Files, times?: Record<string, number>) => (await buildPlan(project({ 'package.json': PKG, 's.js': '', ...files }, times), {})).plan;

describe('two lockfiles without packageManager', () => {
  test.each<[string, Files, Record<string, number>, string, string]>([
    ['package-lock.json agrees, yarn.lock is stale', { 'package-lock.json': NPM_AGREES, 'yarn.lock': YARN_STALE }, {}, 'npm', 'yarn.lock'],
    ['yarn.lock agrees, package-lock.json is stale', { 'package-lock.json': NPM_STALE, 'yarn.lock': YARN_AGREES }, {}, 'yarn', 'package-lock.json'],
    ['pnpm agrees, package-lock.json is stale', { 'package-lock.json': NPM_STALE, 'pnpm-lock.yaml': PNPM_AGREES }, {}, 'pnpm', 'package-lock.json'],
    ['both agree: the one committed last', { 'package-lock.json': NPM_AGREES, 'yarn.lock': YARN_AGREES }, { 'package-lock.json': 200, 'yarn.lock': 100 }, 'npm', 'yarn.lock'],
    ['neither agrees: the one committed last', { 'package-lock.json': NPM_STALE, 'yarn.lock': YARN_STALE }, { 'package-lock.json': 100, 'yarn.lock': 300 }, 'yarn', 'package-lock.json'],
    // Negative rows: nothing decides, so the fixed order (pnpm, bun, yarn, npm) applies, and still warns.
    ['both agree, no git history: the fixed order', { 'package-lock.json': NPM_AGREES, 'yarn.lock': YARN_AGREES }, {}, 'yarn', 'package-lock.json'],
    ['both agree, committed together: the fixed order', { 'package-lock.json': NPM_AGREES, 'yarn.lock': YARN_AGREES }, { 'package-lock.json': 100, 'yarn.lock': 100 }, 'yarn', 'package-lock.json'],
  ])('%s', async (_, files, times, pm, stale) => {
    const p = await plan(files, times);
    expect(p.packageManager).toBe(pm);
    expect(p.warnings?.join('\n')).toContain(`${stale} ignored: the image installs from`);
  });

  test('one lockfile: no choice, no warning', async () => {
    const p = await plan({ 'yarn.lock': YARN_STALE });
    expect(p.packageManager).toBe('yarn');
    expect(p.warnings ?? []).toEqual([]);
  });

  test('packageManager decides before any lockfile agreement', async () => {
    const p = (await buildPlan(project({ 'package.json': { ...PKG, packageManager: 'yarn@1.22.22' }, 's.js': '', 'package-lock.json': NPM_AGREES, 'yarn.lock': YARN_STALE }), {})).plan;
    expect(p.packageManager).toBe('yarn');
    expect(p.warnings?.join('\n')).toContain('package-lock.json ignored');
  });
});
