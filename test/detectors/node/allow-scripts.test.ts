import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';
import { allowKeyName } from '../../../detectors/node/allow-scripts.js';

const pkg = (extra: object = {}) => ({ name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { 'better-sqlite3': '^12.0.0', esbuild: '^0.25.0' }, ...extra });
const npmLock = (packages: Record<string, object>) => ({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, ...packages } });
const reg = (name: string) => `https://registry.example/${name}/-/${name.replace(/^@[^/]+\//, '')}-1.0.0.tgz`;
// better-sqlite3 compiles (known, with an install script); esbuild's postinstall is unknown to us; bindings has none.
const LOCK = npmLock({
  'node_modules/better-sqlite3': { version: '12.0.0', resolved: reg('better-sqlite3'), hasInstallScript: true, dependencies: { bindings: '^1.5.0', 'prebuild-install': '^7' } },
  'node_modules/bindings': { version: '1.5.0', resolved: reg('bindings') },
  'node_modules/esbuild': { version: '0.25.0', resolved: reg('esbuild'), hasInstallScript: true },
  'node_modules/fsevents': { version: '2.3.3', resolved: reg('fsevents'), hasInstallScript: true, os: ['darwin'] },
});
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject({ 'server.js': 'require("http").createServer().listen(3000)\n', 'package-lock.json': LOCK, ...files }), {})).plan;
const edit = (p: Plan) => p.details.allowScripts as string[] | null;
const warningsAbout = (p: Plan) => (p.warnings ?? []).filter((w) => /allowScripts/.test(w));

describe('allowScripts approvals for dependencies that compile at install', () => {
  test.each<[string, Files, string[] | null]>([
    ['unpinned npm: the compiled package is approved (the floating image npm may block)', { 'package.json': pkg() }, ['better-sqlite3']],
    ['npm 12 pinned: approved', { 'package.json': pkg({ packageManager: 'npm@12.2.2' }) }, ['better-sqlite3']],
    ['Node 14 with npm 12 pinned: approved (the pinned npm installs)', { 'package.json': pkg({ engines: { node: '14' }, packageManager: 'npm@12.2.2' }) }, ['better-sqlite3']],
    ['npm 11 pinned: approved ahead of npm 12 (npm 11 ignores approvals)', { 'package.json': pkg({ packageManager: 'npm@11.19.1' }) }, ['better-sqlite3']],
    ['a scoped package through a node-gyp helper', {
      'package.json': pkg({ dependencies: { '@x/hash': '^1.0.0' } }),
      'package-lock.json': npmLock({ 'node_modules/@x/hash': { resolved: reg('@x/hash'), hasInstallScript: true, dependencies: { 'node-gyp-build': '^4' } } }),
    }, ['@x/hash']],
    ['no lockfile: the known native dependency', { 'package.json': pkg(), 'package-lock.json': undefined as unknown as string }, ['better-sqlite3']],
    // Negative rows.
    ['npm 10 pinned: npm runs every dependency script, nothing added', { 'package.json': pkg({ packageManager: 'npm@10.9.2' }) }, null],
    ['Node 14 unpinned: its npm has no npm pkg and runs every script', { 'package.json': pkg({ engines: { node: '14' } }) }, null],
    ['pnpm: not npm, nothing added', { 'package.json': pkg({ packageManager: 'pnpm@10.0.0' }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, null],
    ['already approved by name', { 'package.json': pkg({ allowScripts: { 'better-sqlite3': true } }) }, null],
    ['already approved pinned to a version', { 'package.json': pkg({ allowScripts: { 'better-sqlite3@12.0.0': true } }) }, null],
    ['denied by the project: respected, not re-approved', { 'package.json': pkg({ allowScripts: { 'better-sqlite3': false } }) }, null],
    ['.npmrc allow-scripts: the project\'s own policy', { 'package.json': pkg(), '.npmrc': 'allow-scripts=better-sqlite3\n' }, null],
    ['known native package without an install script in the lockfile (node-gyp itself)', {
      'package.json': pkg({ dependencies: { 'node-gyp': '^11' } }),
      'package-lock.json': npmLock({ 'node_modules/node-gyp': { resolved: reg('node-gyp') } }),
    }, null],
    ['a bundled dependency never runs its scripts', {
      'package.json': pkg({ dependencies: {} }),
      'package-lock.json': npmLock({ 'node_modules/a/node_modules/@x/hash': { inBundle: true, hasInstallScript: true, dependencies: { 'node-gyp-build': '^4' } } }),
    }, null],
    ['no native package', { 'package.json': pkg({ dependencies: { esbuild: '^0.25.0' } }), 'package-lock.json': npmLock({ 'node_modules/esbuild': { resolved: reg('esbuild'), hasInstallScript: true } }) }, null],
  ])('%s', async (_name, files, approved) => {
    const p = await plan(Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)) as Files);
    expect(edit(p)).toEqual(approved ? ['npm', 'pkg', 'set', ...approved.map((n) => `allowScripts[${n}]=true`), '--json'] : null);
    if (approved) expect(p.notes.some((n) => n.includes(`npm install-scripts approve ${approved.join(' ')}`))).toBe(true);
  });

  test('the edit runs in the base stage after the manifests are copied, before any install', async () => {
    const dockerfile = render(await plan({ 'package.json': pkg() })).find((f) => f.path === 'Dockerfile')!.text;
    const at = dockerfile.indexOf('RUN ["npm", "pkg", "set", "allowScripts[better-sqlite3]=true", "--json"]');
    expect(at).toBeGreaterThan(dockerfile.indexOf('COPY ["package.json", "package-lock.json", "./"]'));
    expect(at).toBeLessThan(dockerfile.indexOf('npm", "ci"'));
  });

  test('npm 12 pinned: one warning names the other unapproved install scripts and the fix; Linux-only, not fsevents', async () => {
    const w = warningsAbout(await plan({ 'package.json': pkg({ packageManager: 'npm@12.2.2' }) }));
    expect(w).toEqual(['package.json: npm 12.2.2 skips the install scripts of esbuild (not in allowScripts); if the app needs them, run npm install-scripts approve esbuild (or deny them) and commit package.json']);
  });

  test.each<[string, object]>([
    ['unpinned (the image\'s npm runs them today)', {}],
    ['npm 11 pinned', { packageManager: 'npm@11.19.1' }],
    ['npm 12 with esbuild reviewed (denied)', { packageManager: 'npm@12.2.2', allowScripts: { esbuild: false } }],
    ['npm 12 with esbuild approved pinned', { packageManager: 'npm@12.2.2', allowScripts: { 'esbuild@0.25.0': true } }],
  ])('no warning about other scripts: %s', async (_name, extra) => {
    expect(warningsAbout(await plan({ 'package.json': pkg(extra) })).filter((w) => w.includes('esbuild'))).toEqual([]);
  });

  test('a denied package that compiles gets a warning and stays denied', async () => {
    const p = await plan({ 'package.json': pkg({ allowScripts: { 'better-sqlite3': false } }) });
    expect(edit(p)).toBeNull();
    expect(warningsAbout(p)).toEqual([expect.stringMatching(/^package\.json: allowScripts denies better-sqlite3 \(false\), which compiles at install, .*delete the false entry and run npm install-scripts approve better-sqlite3$/)]);
  });

  test.each<[string, string | null]>([
    ['canvas', 'canvas'], ['canvas@3.1.0', 'canvas'], ['@serialport/bindings-cpp@^12', '@serialport/bindings-cpp'], ['@x/y', '@x/y'],
    ['file:../vendor/a.tgz', null], ['git+ssh://git@host/a.git', null], ['https://host/a.tgz', null],
  ])('allowScripts key %s names %s', (key, name) => expect(allowKeyName(key)).toBe(name));
});
