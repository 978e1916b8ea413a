import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';

const pkg = (extra: object = {}) => ({ name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, ...extra });
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const npmLock = (packages: Record<string, object>) => ({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, ...packages } });
const nativeOf = (p: Plan) => (p.details.native as { packages: string[] } | null)?.packages ?? null;

describe('native modules', () => {
  test.each<[string, Files, string[] | null]>([
    ['npm lockfile: install script with a node-gyp helper', {
      'package.json': pkg({ dependencies: { 'some-addon': '^1.0.0' } }),
      'package-lock.json': npmLock({ 'node_modules/some-addon': { version: '1.0.0', hasInstallScript: true, dependencies: { 'prebuild-install': '^7', bindings: '^1' } } }),
    }, ['some-addon']],
    ['npm lockfile: a nested scoped package', {
      'package.json': pkg(),
      'package-lock.json': npmLock({ 'node_modules/a/node_modules/@x/hash': { hasInstallScript: true, dependencies: { 'node-addon-api': '^8', 'node-gyp-build': '^4' } } }),
    }, ['@x/hash']],
    ['npm lockfile: a known native package (transitive)', {
      'package.json': pkg(), 'package-lock.json': npmLock({ 'node_modules/orm/node_modules/better-sqlite3': { version: '12.0.0' } }),
    }, ['better-sqlite3']],
    ['tree-sitter grammars by prefix', { 'package.json': pkg({ dependencies: { 'tree-sitter-json': '^0.24.0' } }) }, ['tree-sitter-json']],
    ['yarn: known list against package.json', { 'package.json': pkg({ dependencies: { bcrypt: '^5.1.0' } }), 'yarn.lock': '# yarn lockfile v1\n' }, ['bcrypt']],
    ['pnpm lockfile v6: requiresBuild with a helper', {
      'package.json': pkg(),
      'pnpm-lock.yaml': "lockfileVersion: '6.0'\npackages:\n  /argon-ish@1.0.0:\n    requiresBuild: true\n    dependencies:\n      node-addon-api: 8.0.0\n  /esbuild@0.20.0:\n    requiresBuild: true\n",
    }, ['argon-ish']],
    ['pnpm lockfile v9: a key spelled with an escape', { 'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\npackages:\n  \"\\x62crypt@5.1.1\":\n    resolution: {integrity: sha512-x}\n" }, ['bcrypt']],
    ['pnpm lockfile v9: known package key', { 'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\npackages:\n  canvas@3.1.0:\n    resolution: {integrity: sha512-x}\n" }, ['canvas']],
    ['the project\'s own addon: gypfile', { 'package.json': pkg({ gypfile: true }) }, ['(this project)']],
    ['the project\'s own addon: binding.gyp', { 'package.json': pkg(), 'binding.gyp': '{}' }, ['(this project)']],
    // Negative rows: install scripts that download or print something need no compiler.
    ['npm lockfile: esbuild-style install script without a helper', {
      'package.json': pkg(), 'package-lock.json': npmLock({ 'node_modules/esbuild': { hasInstallScript: true, optionalDependencies: { '@esbuild/linux-x64': '0.25.0' } }, 'node_modules/core-js': { hasInstallScript: true } }),
    }, null],
    ['npm lockfile: a native package for another OS', {
      'package.json': pkg(), 'package-lock.json': npmLock({ 'node_modules/fsevents': { hasInstallScript: true, os: ['darwin'], dependencies: { 'node-gyp': '^9' } } }),
    }, null],
    ['a helper without an install script', {
      'package.json': pkg(), 'package-lock.json': npmLock({ 'node_modules/pure': { dependencies: { bindings: '^1' } } }),
    }, null],
    ['pnpm lockfile v6: requiresBuild with a dependencies string (hand-edited) is no helper', {
      'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\npackages:\n  /odd@1.0.0:\n    requiresBuild: true\n    dependencies: node-gyp\n",
    }, null],
    ['tree-sitter- alone is not a package', { 'package.json': pkg({ dependencies: { 'tree-sitter-': '1.0.0', express: '^4' } }) }, null],
  ])('%s', async (_, files, expected) => {
    expect(nativeOf(await plan(files))).toEqual(expected);
  });

  test('the install stage gets python3, make and g++ and local Node headers; the runtime gets neither', async () => {
    const p = await plan({ 'package.json': pkg({ dependencies: { bcrypt: '^5.1.0' } }) });
    expect(p.notes.join('\n')).toMatch(/native modules bcrypt \(package.json dependencies\): the install stage adds python3, make, g\+\+/);
    const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
    const stages = dockerfile.split(/^FROM /m);
    const base = stages.find((s) => / AS base\n/.test(s))!;
    expect(base).toContain('apt-get install -y --no-install-recommends python3 make g++');
    expect(base).toContain('ENV npm_config_nodedir="/usr/local"');
    expect(base).toMatch(/-slim AS base/);
    for (const s of stages.filter((x) => !/ AS base\n/.test(x))) expect(s).not.toMatch(/python3|g\+\+|nodedir/);
  });

  test('alpine: the tools come from apk', async () => {
    const p = await plan({ 'package.json': pkg({ dependencies: { 'better-sqlite3': '^12.0.0' } }) }, { base: 'alpine' });
    expect(render(p).find((f) => f.path === 'Dockerfile')!.text).toContain('RUN ["apk", "add", "--no-cache", "python3", "make", "g++"]');
  });

  test('no native module: no build tools and no header setting', async () => {
    const p = await plan({ 'package.json': pkg({ dependencies: { express: '^4' } }) });
    expect(p.details.native).toBeNull();
    expect(render(p).find((f) => f.path === 'Dockerfile')!.text).not.toMatch(/g\+\+|nodedir/);
  });
});
