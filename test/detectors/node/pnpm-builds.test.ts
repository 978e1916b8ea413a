import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';
import { buildKeyName } from '../../../detectors/node/pnpm-builds.js';

const pkg = (extra: object = {}) => ({ name: 'app', version: '1.0.0', packageManager: 'pnpm@10.34.8', scripts: { start: 'node server.js' }, dependencies: { 'better-sqlite3': '^12.0.0', esbuild: '^0.25.0' }, ...extra });
// lockfile 9: keys only (pnpm 9+ writes no requiresBuild); better-sqlite3 compiles, esbuild's script is optional.
const LOCK = "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies: {}\n\npackages:\n\n  better-sqlite3@12.0.0:\n    resolution: {integrity: sha512-x}\n\n  esbuild@0.25.0:\n    resolution: {integrity: sha512-y}\n";
const LOCK_BUN_ONLY = "lockfileVersion: '9.0'\n\npackages:\n\n  esbuild@0.25.0:\n    resolution: {integrity: sha512-y}\n\n  bun@1.3.0:\n    resolution: {integrity: sha512-z}\n";
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject({ 'server.js': 'require("http").createServer().listen(3000)\n', 'pnpm-lock.yaml': LOCK, ...files }), {})).plan;
const edit = (p: Plan) => p.details.pnpmBuilds as string[] | null;
const buildWarnings = (p: Plan) => (p.warnings ?? []).filter((w) => /BuiltDependencies|allowBuilds|approve-builds/.test(w));
const approves = (...names: string[]) => ['npm', 'pkg', 'set', ...names.map((n) => `pnpm.onlyBuiltDependencies[]=${n}`)];

describe('pnpm build approvals for dependencies whose install script the app needs', () => {
  test.each<[string, Files, string[] | null, RegExp | null]>([
    ['pnpm 10 pinned, nothing approved: the native module is approved in the image', { 'package.json': pkg() }, approves('better-sqlite3'), null],
    ['unpinned with lockfile 9 (pnpm 10 installs): approved', { 'package.json': pkg({ packageManager: undefined }) }, approves('better-sqlite3'), null],
    ['a binary an install script puts in place (bun) with a native module: both, sorted', { 'package.json': pkg({ dependencies: { 'better-sqlite3': '^12', bun: '1.3.0' } }) }, approves('better-sqlite3', 'bun'), null],
    ['bun only through the lockfile (a transitive dependency)', { 'package.json': pkg({ dependencies: { esbuild: '^0.25.0' } }), 'pnpm-lock.yaml': LOCK_BUN_ONLY }, approves('bun'), null],
    ['esbuild approved by the project, the native module missing: only the missing one', { 'package.json': pkg({ pnpm: { onlyBuiltDependencies: ['esbuild'] } }) }, approves('better-sqlite3'), null],
    ['pnpm-workspace.yaml approves other packages: the missing one is added (pnpm 10 merges both lists)', { 'package.json': pkg(), 'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n' }, approves('better-sqlite3'), null],
    // Negative rows.
    ['already approved in package.json', { 'package.json': pkg({ pnpm: { onlyBuiltDependencies: ['better-sqlite3'] } }) }, null, null],
    ['already approved with a version in pnpm-workspace.yaml', { 'package.json': pkg(), 'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - better-sqlite3@12.0.0\n' }, null, null],
    ['approved through allowBuilds (pnpm 10.26+)', { 'package.json': pkg(), 'pnpm-workspace.yaml': 'allowBuilds:\n  better-sqlite3: true\n  esbuild: false\n' }, null, null],
    ['ignored by the project: kept ignored, with a warning naming the file', { 'package.json': pkg(), 'pnpm-workspace.yaml': 'ignoredBuiltDependencies:\n  - better-sqlite3\n' }, null, /^pnpm-workspace\.yaml: ignoredBuiltDependencies .* lists better-sqlite3, .* pnpm approve-builds$/],
    ['denied with allowBuilds false in package.json: warning', { 'package.json': pkg({ pnpm: { allowBuilds: { 'better-sqlite3': false } } }) }, null, /^package\.json: ignoredBuiltDependencies \(or allowBuilds: false\) lists better-sqlite3/],
    ['neverBuiltDependencies (a deny list): every other script runs, nothing added', { 'package.json': pkg({ pnpm: { neverBuiltDependencies: ['fsevents'] } }) }, null, null],
    ['neverBuiltDependencies naming the native module: warning', { 'package.json': pkg({ pnpm: { neverBuiltDependencies: ['better-sqlite3'] } }) }, null, /^package\.json: neverBuiltDependencies lists better-sqlite3/],
    ['dangerouslyAllowAllBuilds: every script runs', { 'package.json': pkg(), 'pnpm-workspace.yaml': 'dangerouslyAllowAllBuilds: true\n' }, null, null],
    ['onlyBuiltDependenciesFile: the project keeps its own list', { 'package.json': pkg({ pnpm: { onlyBuiltDependenciesFile: 'allow.json' } }) }, null, null],
    ['.npmrc sets the approval: its own policy', { 'package.json': pkg(), '.npmrc': 'only-built-dependencies[]=esbuild\n' }, null, null],
    ['pnpm 9 runs every dependency script', { 'package.json': pkg({ packageManager: 'pnpm@9.15.0' }) }, null, null],
    ['unpinned with lockfile 6 (pnpm 8 installs): nothing', { 'package.json': pkg({ packageManager: undefined }), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n\npackages:\n\n  /better-sqlite3@12.0.0:\n    resolution: {integrity: sha512-x}\n" }, null, null],
    ['pnpm 11 fails on unreviewed scripts and ignores package.json: a warning, no edit', { 'package.json': pkg({ packageManager: 'pnpm@11.1.2', pnpm: { onlyBuiltDependencies: ['better-sqlite3'] } }) }, null, /^pnpm-workspace\.yaml: pnpm 11\.1\.2 fails the install .*allowBuilds: better-sqlite3: true/],
    ['pnpm 11 with allowBuilds in pnpm-workspace.yaml: nothing to say', { 'package.json': pkg({ packageManager: 'pnpm@11.1.2' }), 'pnpm-workspace.yaml': 'allowBuilds:\n  better-sqlite3: true\n' }, null, null],
    ['npm project: not pnpm', { 'package.json': pkg({ packageManager: 'npm@11.19.1' }), 'pnpm-lock.yaml': undefined as unknown as string }, null, null],
    ['no package needs its script (esbuild finds its platform package alone)', { 'package.json': pkg({ dependencies: { esbuild: '^0.25.0' } }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\npackages:\n\n  esbuild@0.25.0:\n    resolution: {integrity: sha512-y}\n" }, null, null],
  ])('%s', async (_name, files, expected, warning) => {
    const p = await plan(Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)) as Files);
    expect(edit(p)).toEqual(expected);
    if (expected) expect(p.notes.some((n) => n.includes('approve it in the project too: pnpm approve-builds') || n.includes('approve them in the project too: pnpm approve-builds'))).toBe(true);
    const warnings = buildWarnings(p);
    if (warning) expect(warnings).toEqual([expect.stringMatching(warning)]);
    else expect(warnings).toEqual([]);
  });

  test('the edit runs in the base stage after the manifests are copied, before both installs', async () => {
    const dockerfile = render(await plan({ 'package.json': pkg() })).find((f) => f.path === 'Dockerfile')!.text;
    const at = dockerfile.indexOf('RUN ["npm", "pkg", "set", "pnpm.onlyBuiltDependencies[]=better-sqlite3"]');
    expect(at).toBeGreaterThan(dockerfile.indexOf('COPY ["package.json", "pnpm-lock.yaml", "./"]'));
    expect(at).toBeLessThan(dockerfile.indexOf('FROM base AS deps'));
  });

  test.each<[string, string | null]>([
    ['esbuild', 'esbuild'], ['esbuild@0.25.0', 'esbuild'], ['@scope/pkg@1 || 2', '@scope/pkg'], ['@scope/pkg', '@scope/pkg'],
    ['nx@21.6.4 || 21.6.5', 'nx'], ['@types/*', null], ['', null],
  ])('build key %s names %s', (key, name) => {
    expect(buildKeyName(key)).toBe(name);
  });
});
