import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';
import { unbuiltEntryWarnings, workspaceClosure } from '../../../detectors/node/workspace-closure.js';

const pnpmWorkspace = 'packages:\n  - "apps/*"\n  - "packages/*"\n';
const lib = { name: '@m/lib', main: 'dist/index.js', scripts: { build: 'node build.js' }, dependencies: { '@m/util': 'workspace:*' } };
const util = { name: '@m/util', main: 'index.js' };
const tooling = { name: '@m/tooling', main: 'index.js', scripts: { build: 'node build.js' } };
const web = (extra: object = {}) => ({
  name: '@m/web', scripts: { build: 'node build.js', start: 'node dist/server.js' },
  dependencies: { '@m/lib': 'workspace:*', ms: '2.1.3' }, devDependencies: { '@m/tooling': 'workspace:*' }, ...extra,
});
const members: Files = {
  'apps/web/package.json': web(), 'apps/web/src/server.js': '', 'apps/admin/package.json': { name: '@m/admin', scripts: { start: 'node s.js' } },
  'packages/lib/package.json': lib, 'packages/util/package.json': util, 'packages/tooling/package.json': tooling,
};
const pnpm = (pin: string | undefined, extra: Files = {}): Files => ({
  'package.json': { name: 'mono', private: true, ...(pin ? { packageManager: pin } : {}) },
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': pnpmWorkspace, ...members, ...extra,
});
const npm = (lock: boolean): Files => ({
  'package.json': { name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'], devDependencies: { typescript: '5.9.3' } },
  ...(lock ? { 'package-lock.json': '{"lockfileVersion":3}' } : {}), ...members,
});
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject(files), { workspace: '@m/web' })).plan;
const dockerfile = (p: Plan) => render(p).find((f) => f.path.endsWith('Dockerfile'))!.text;
const deployRun = (p: Plan) => /^FROM (build AS deploy|base AS deps)\nRUN .*?(\[.*\])$/m.exec(dockerfile(p));

describe('pnpm: the runtime is the output of pnpm deploy --prod', () => {
  test.each<[string, Files, string[]]>([
    ['pnpm 10 without injected workspace packages: --legacy', pnpm('pnpm@10.34.9'), ['--legacy']],
    ['pnpm 10, inject-workspace-packages=true in .npmrc: the shared-lockfile deploy', pnpm('pnpm@10.34.9', { '.npmrc': 'inject-workspace-packages=true\n' }), []],
    ['pnpm 10, injectWorkspacePackages in pnpm-workspace.yaml', pnpm('pnpm@10.34.9', { 'pnpm-workspace.yaml': `${pnpmWorkspace}injectWorkspacePackages: true\n` }), []],
    ['pnpm 10, inject-workspace-packages=false is not injection', pnpm('pnpm@10.34.9', { '.npmrc': 'inject-workspace-packages=false\n' }), ['--legacy']],
    ['pnpm 9 has no --legacy (its deploy is the legacy one)', pnpm('pnpm@9.15.9'), []],
    ['unpinned, lockfile v9 (pnpm 10 installs it)', pnpm(undefined), ['--legacy']],
    ['unpinned, lockfile v6 (pnpm 8)', pnpm(undefined, { 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" }), []],
  ])('%s', async (_name, files, legacy) => {
    const p = await plan(files);
    const run = deployRun(p);
    expect(run?.[1]).toBe('build AS deploy');
    expect(JSON.parse(run![2]!)).toEqual(['pnpm', '--filter', '@m/web', 'deploy', '--prod', ...legacy, '/prod/app']);
    expect(dockerfile(p)).toMatch(/^COPY --from=deploy \["\/prod\/app", "\.\/"\]$/m);
    // The deploy output is the app's folder: the runtime runs at /app, not below it.
    expect(dockerfile(p)).not.toMatch(/^WORKDIR \/app\/apps\/web$/m);
    expect(dockerfile(p)).not.toMatch(/^COPY --from=build \["\/app", "\.\/"\]$/m);
    // pnpm deploy copies what the package would publish, which a member's .gitignore (dist) would cut.
    expect(p.dockerignore).toContain('**/.gitignore');
    expect(p.notes.some((n) => n.startsWith('runtime node_modules: pnpm deploy --prod'))).toBe(true);
  });

  test('writable folders keep their app-relative path in the deployed /app', async () => {
    const p = await plan(pnpm('pnpm@10.34.9', { 'apps/web/package.json': web({ dependencies: { next: '15.0.0' }, scripts: { build: 'next build', start: 'next start' } }) }));
    expect(p.writableDirs.every((d) => !d.startsWith('apps/'))).toBe(true);
  });
});

describe('npm: a production install filtered to the app, plus its built workspace packages', () => {
  test('npm ci --omit=dev --workspace in a deps stage before the source; the app and the packages it runs with from the build', async () => {
    const p = await plan(npm(true));
    const run = deployRun(p);
    expect(run?.[1]).toBe('base AS deps');
    expect(JSON.parse(run![2]!)).toEqual(['npm', 'ci', '--omit=dev', '--workspace=apps/web', '--no-audit', '--no-fund']);
    const text = dockerfile(p);
    expect(text).toMatch(/^COPY --from=deps \["\/app", "\.\/"\]\nCOPY --from=build \["\/app\/apps\/web", "\.\/apps\/web"\]\nCOPY --from=build \["\/app\/packages\/util", "\.\/packages\/util"\]\nCOPY --from=build \["\/app\/packages\/lib", "\.\/packages\/lib"\]$/m);
    // Not the build-only workspace package, nor the other app.
    expect(text).not.toContain('packages/tooling"]');
    expect(text).not.toContain('"/app/apps/admin"');
    expect(text).toMatch(/^WORKDIR \/app\/apps\/web$/m);
    // The deps stage installs from the manifests alone: it comes before any COPY of the source.
    expect(text.indexOf('FROM base AS deps')).toBeGreaterThan(0);
    expect(p.dockerignore).not.toContain('**/.gitignore');
    // npm builds one workspace per name: the packages with a build script first, dependencies before their users.
    expect(p.build).toEqual(['npm', 'run', 'build', '--workspace=packages/lib', '--workspace=packages/tooling', '--workspace=apps/web']);
  });

  test('without a lockfile: no filtered install (it could resolve other versions than the build); today\'s runtime', async () => {
    const p = await plan(npm(false));
    expect(dockerfile(p)).not.toContain('AS deps');
    expect(dockerfile(p)).toMatch(/^COPY --from=build \["\/app", "\.\/"\]$/m);
    expect(p.notes).toContain('runtime node_modules: npm without a lockfile: a filtered install could resolve other versions than the build\'s, so the runtime gets the built workspace with every dependency');
  });
});

describe('yarn berry: workspaces focus --production, where the command exists', () => {
  const berry = (pin: string, extra: Files = {}): Files => ({
    'package.json': { name: 'mono', private: true, packageManager: pin, workspaces: ['apps/*', 'packages/*'] },
    'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n', ...members, ...extra,
  });
  test.each<[string, Files]>([
    ['yarn 4: built in', berry('yarn@4.12.0')],
    ['yarn 3 with the workspace-tools plugin', berry('yarn@3.8.7', { '.yarnrc.yml': 'plugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n    spec: "@yarnpkg/plugin-workspace-tools"\n' })],
  ])('%s', async (_name, files) => {
    const p = await plan(files);
    const run = deployRun(p);
    expect(run?.[1]).toBe('base AS deps');
    expect(JSON.parse(run![2]!)).toEqual(['yarn', 'workspaces', 'focus', '--production', '@m/web']);
    expect(dockerfile(p)).toMatch(/^COPY --from=deps \["\/app", "\.\/"\]\nCOPY --from=build \["\/app\/apps\/web", "\.\/apps\/web"\]$/m);
  });

  test('yarn 3 without the plugin has no focus: today\'s runtime, said in the summary', async () => {
    const p = await plan(berry('yarn@3.8.7'));
    expect(dockerfile(p)).not.toContain('AS deps');
    expect(p.notes).toContain('runtime node_modules: yarn 3.8.7 without the workspace-tools plugin has no workspaces focus, so the runtime gets the built workspace with every dependency');
  });
});

describe('the runtime keeps the whole built workspace where no trimming is safe', () => {
  test.each<[string, Files, string]>([
    ['yarn classic', { 'package.json': { name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }, 'yarn.lock': '# yarn lockfile v1\n', ...members }, 'yarn classic: no production install'],
    ['bun', { 'package.json': { name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }, 'bun.lock': '{}', ...members }, 'bun: no production install'],
    ['npm, a root postinstall patch-package that is a devDependency', { ...npm(true), 'package.json': { name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'], scripts: { postinstall: 'patch-package' }, devDependencies: { 'patch-package': '^8.0.0' } }, 'patches/ms+2.1.3.patch': 'diff' }, 'the install hook runs patch-package, a devDependency'],
    ['a shell start (may call dev tools)', pnpm('pnpm@10.34.9', { 'apps/web/package.json': web({ scripts: { build: 'node build.js', start: 'node dist/migrate.js && node dist/server.js' } }) }), 'the start command runs through a shell'],
  ])('%s', async (_name, files, why) => {
    const p = await plan(files);
    expect(dockerfile(p)).not.toMatch(/AS deploy|AS deps/);
    expect(dockerfile(p)).toMatch(/^COPY --from=build \["\/app", "\.\/"\]$/m);
    expect(p.notes.some((n) => n.startsWith(`runtime node_modules: ${why}`))).toBe(true);
  });

  test('a member\'s migration tool gets a warning, not a migrate service run from the wrong folder', async () => {
    const p = await plan(pnpm('pnpm@10.34.9', {
      'apps/web/package.json': web({ dependencies: { express: '5.1.0', pg: '8.16.0' }, devDependencies: { knex: '3.1.0' } }),
      'apps/web/knexfile.js': 'module.exports = { client: "pg" };\n',
    }));
    expect(p.migrate).toBeNull();
    expect((p.warnings ?? []).some((w) => w.startsWith('apps/web: knex migrations'))).toBe(true);
  });

  test('a static site member gets its built files and the file server, no workspace node_modules', async () => {
    const spa = { name: '@m/web', scripts: { build: 'vite build' }, devDependencies: { vite: '6.0.0' } };
    const p = await plan(pnpm('pnpm@10.34.9', { 'apps/web/package.json': spa }));
    expect(dockerfile(p)).not.toMatch(/AS deploy|AS deps/);
    expect(dockerfile(p)).not.toMatch(/^COPY --from=(build|deps) \["\/app"/m);
    expect(dockerfile(p)).toMatch(/^COPY --from=build \["\/app\/apps\/web\/dist", "\.\/apps\/web\/dist"\]$/m);
  });
});

describe('workspaceClosure', () => {
  const fs = memProject({
    'a/package.json': { name: 'a', dependencies: { b: '*', ms: '1' }, devDependencies: { d: '*' } },
    'b/package.json': { name: 'b', dependencies: { c: '*' }, optionalDependencies: { e: '*' } },
    'c/package.json': { name: 'c', dependencies: { b: '*' } },
    'd/package.json': { name: 'd' },
    'e/package.json': { name: 'e' },
  });
  const ms = ['a/package.json', 'b/package.json', 'c/package.json', 'd/package.json', 'e/package.json'];
  test.each<[string, boolean, string[]]>([
    ['run time: dependencies and optional ones, dependencies first, a cycle visited once', false, ['c', 'e', 'b']],
    ['build time: devDependencies too', true, ['c', 'e', 'b', 'd']],
  ])('%s', async (_name, dev, want) => {
    expect((await workspaceClosure(fs, ms, { name: 'a', dependencies: { b: '*', ms: '1' }, devDependencies: { d: '*' } }, dev)).map((p) => p.dir)).toEqual(want);
  });

  test('a package using no workspace package needs none', async () => {
    expect(await workspaceClosure(fs, ms, { name: 'x', dependencies: { ms: '1' } }, true)).toEqual([]);
  });
});

describe('workspace packages whose entry nothing builds', () => {
  const pkg = (extra: object) => ({ dir: 'packages/x', name: '@m/x', pkg: { name: '@m/x', ...extra } });
  test.each<[string, object, Files, boolean]>([
    ['main under dist/, no build script, not in the project', { main: 'dist/index.js' }, {}, true],
    ['exports "." conditions, none present', { exports: { '.': { require: './dist/index.cjs', import: './dist/index.mjs' } } }, {}, true],
    ['exports as a conditions object for "."', { exports: { default: './dist/index.js' } }, {}, true],
    ['exports as a string', { exports: './dist/index.js' }, {}, true],
    ['main under dist/ with a build script: the build writes it', { main: 'dist/index.js', scripts: { build: 'tsc' } }, {}, false],
    ['main committed to the repository', { main: 'lib/index.js' }, { 'packages/x/lib/index.js': '' }, false],
    ['exports subpaths and a present "."', { exports: { '.': './index.js', './feature': './dist/feature.js' } }, { 'packages/x/index.js': '' }, false],
    ['no main and no exports', {}, {}, false],
  ])('%s', async (_name, manifest, files, warns) => {
    const w = await unbuiltEntryWarnings(memProject({ 'package.json': '{}', ...files }), [pkg(manifest)]);
    expect(w.length).toBe(warns ? 1 : 0);
    if (warns) expect(w[0]).toMatch(/^packages\/x\/package\.json: @m\/x's entry dist\/index\.(js|cjs) is not in the project and the package has no build script/);
  });

  test('the plan of an app using such a package carries the warning', async () => {
    const p = await plan(npm(true));
    expect((p.warnings ?? []).some((w) => w.startsWith("packages/util/package.json: @m/util's entry index.js is not in the project"))).toBe(true);
  });
});
