import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';
import { deployableWhy } from '../../../detectors/node/workspace-app.js';
import { UserError } from '../../../src/errors.js';

const root = (extra: object = {}) => ({ name: 'mono', private: true, packageManager: 'pnpm@10.34.9', ...extra });
const pnpmRoot = (extra: object = {}): Files => ({
  'package.json': root(extra), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
});
const api = { name: '@m/api', scripts: { start: 'node server.js' }, dependencies: { '@m/lib': 'workspace:*' } };
const web = { name: '@m/web', scripts: { build: 'node build.js', start: 'node dist/server.js' } };
const lib = { name: '@m/lib', main: 'index.js', scripts: { build: 'tsc' } };
const twoApps: Files = {
  ...pnpmRoot(), 'apps/api/package.json': api, 'apps/api/server.js': 'require("http").createServer().listen(4000)',
  'apps/web/package.json': web, 'apps/web/src/server.js': '', 'packages/lib/package.json': lib, 'packages/lib/index.js': '',
};
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const dockerfile = (p: Plan) => render(p).find((f) => f.path.endsWith('Dockerfile'))!;

describe('which workspace member is an app', () => {
  test.each<[string, object, string | undefined]>([
    ['start script', { scripts: { start: 'node x.js' } }, '"start" script'],
    ['serve script (Nx-style)', { scripts: { serve: 'node x.js' } }, '"serve" script'],
    ['server framework dependency', { dependencies: { fastify: '5' } }, 'fastify dependency'],
    ['vite app with a build script', { devDependencies: { vite: '6' }, scripts: { build: 'vite build' } }, 'vite app with a build script'],
    ['vite without a build script: a library tool, not an app', { devDependencies: { vite: '6' } }, undefined],
    ['library with only a build script', { main: 'index.js', scripts: { build: 'tsc' } }, undefined],
    ['a non-string start script counts for nothing', { scripts: { start: 42 } }, undefined],
  ])('%s', (_name, pkg, why) => {
    expect(deployableWhy(pkg)).toBe(why);
  });
});

describe('workspace app selection at the root', () => {
  test('two apps and no --workspace: exit 2, one line listing the apps and the flag', async () => {
    const err = await plan(twoApps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toBe('package.json: 2 workspace apps: @m/api (apps/api), @m/web (apps/web); pass --workspace <name> (e.g. --workspace @m/api) to choose one, or --workspace all for every app');
  });

  test.each<[string, string]>([['package name', '@m/web'], ['folder', 'apps/web'], ['folder with ./ and a slash', './apps/web/']])('--workspace by %s', async (_how, chosen) => {
    const p = await plan(twoApps, { workspace: chosen });
    expect(p.appDir).toBe('apps/web');
    expect(p.build).toEqual(['pnpm', '--filter', '@m/web...', 'run', 'build']);
    expect(p.start).toEqual(['/nodejs/bin/node', 'dist/server.js']);
    expect(dockerfile(p).path).toBe('apps/web/Dockerfile');
    // pnpm deploy writes the app's own folder: it is the runtime's /app.
    expect(dockerfile(p).text).toMatch(/^COPY --from=deploy \["\/prod\/app", "\.\/"\]$/m);
    expect(dockerfile(p).text).not.toMatch(/^WORKDIR \/app\/apps\/web$/m);
    expect(dockerfile(p).text).toContain('docker build -f apps/web/Dockerfile -t app .');
    expect(render(p).find((f) => f.path === 'docker-compose.yml')!.text).toContain('dockerfile: "apps/web/Dockerfile"');
  });

  test('a library named by --workspace is refused with the apps to choose from', async () => {
    await expect(plan(twoApps, { workspace: '@m/lib' })).rejects.toThrow('packages/lib/package.json: --workspace "@m/lib" is a library (no start or serve script, no server framework); add a start script or choose one of: @m/api (apps/api), @m/web (apps/web)');
    await expect(plan(twoApps, { workspace: 'packages/lib' })).rejects.toThrow(/^packages\/lib\/package\.json: --workspace "packages\/lib" is a library/);
  });

  test('an unknown member and a project without workspaces are refused', async () => {
    await expect(plan(twoApps, { workspace: 'apps/admin' })).rejects.toThrow(/is no workspace member/);
    await expect(plan({ 'package.json': { name: 'x', scripts: { start: 'node s.js' } }, 's.js': '' }, { workspace: 'web' })).rejects.toThrow(/declares no workspaces/);
  });

  test('one app: picked with a note, shared packages are not apps', async () => {
    const { 'apps/web/package.json': _w, 'apps/web/src/server.js': _s, ...one } = twoApps;
    const p = await plan(one);
    expect(p.appDir).toBe('apps/api');
    expect(p.notes).toContain('workspace app @m/api (apps/api): the only deployable member ("start" script); build context is the workspace root');
    // No build of its own, but the library it uses has one (its main may be build output).
    expect(p.build).toEqual(['pnpm', '--filter', '@m/api...', 'run', 'build']);
    expect(dockerfile(p).text).toMatch(/^RUN .*\["pnpm", "--filter", "@m\/api", "deploy", "--prod", "--legacy", "\/prod\/app"\]$/m);
  });

  test('a root that is an app itself stays the app (no member chosen)', async () => {
    const p = await plan({ ...twoApps, 'package.json': root({ scripts: { start: 'node server.js' } }), 'server.js': '' });
    expect(p.appDir).toBeUndefined();
    expect(dockerfile(p).path).toBe('Dockerfile');
  });

  test('Turborepo at the root: turbo builds the app and what it depends on', async () => {
    const p = await plan({ ...twoApps, 'package.json': root({ devDependencies: { turbo: '2.11.11' } }), 'turbo.json': '{"tasks":{}}' }, { workspace: '@m/web' });
    expect(p.build).toEqual(['pnpm', 'exec', 'turbo', 'run', 'build', '--filter=@m/web...']);
  });

  test('turbo.json without the turbo package is not Turborepo', async () => {
    const p = await plan({ ...twoApps, 'turbo.json': '{"tasks":{}}' }, { workspace: '@m/web' });
    expect(p.build).toEqual(['pnpm', '--filter', '@m/web...', 'run', 'build']);
  });

  test.each<[string, Files, string[]]>([
    ['npm', { 'package.json': { name: 'm', workspaces: ['apps/*'] }, 'package-lock.json': '{}' }, ['npm', 'run', 'build', '--workspace=apps/web']],
    ['npm, with a workspace package that builds', { 'package.json': { name: 'm', workspaces: ['apps/*', 'packages/*'] }, 'package-lock.json': '{}', 'packages/lib/package.json': lib, 'apps/web/package.json': { ...web, dependencies: { '@m/lib': '*' } } }, ['npm', 'run', 'build', '--workspace=packages/lib', '--workspace=apps/web']],
    ['yarn classic', { 'package.json': { name: 'm', workspaces: ['apps/*'] }, 'yarn.lock': '# yarn lockfile v1\n' }, ['yarn', 'workspace', '@m/web', 'run', 'build']],
  ])('%s workspace build of the member', async (_pm, files, build) => {
    const p = await plan({ 'apps/web/package.json': web, ...files, 'apps/web/src/server.js': '' }, { workspace: 'apps/web' });
    expect(p.build).toEqual(build);
  });
});

describe('an app without a build script of its own', () => {
  test('builds the workspace packages it uses (pnpm filter), with a note', async () => {
    const p = await plan(twoApps, { workspace: '@m/api' });
    expect(p.build).toEqual(['pnpm', '--filter', '@m/api...', 'run', 'build']);
    expect(p.notes).toContain('build: the workspace packages it uses (@m/lib) are built; the app has no build script');
  });

  test('uses no workspace package with a build: nothing is built', async () => {
    const p = await plan({ ...twoApps, 'apps/api/package.json': { ...api, dependencies: {} } }, { workspace: '@m/api' });
    expect(p.build).toBeNull();
  });
});
