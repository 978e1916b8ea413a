import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';

const pkg = (extra: object = {}) => ({ name: 'root', version: '1.0.0', private: true, scripts: { start: 'node server.js' }, ...extra });
const member = (name: string) => ({ name, version: '1.0.0' });
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject(files), {})).plan;
const baseStage = (p: Plan) => render(p).find((f) => f.path === 'Dockerfile')!.text.split(/^FROM /m).find((s) => / AS base\n/.test(s))!;
const copies = (p: Plan) => (p.details.installCopies as { src: string; dest: string }[]).map((c) => `${c.src} -> ${c.dest}`);

describe('install tree: what the frozen install reads besides the root manifests', () => {
  test.each<[string, Files, string[]]>([
    ['npm workspaces: each member manifest keeps its folder', {
      'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), 'package-lock.json': '{}', 'server.js': '',
      'apps/web/package.json': member('web'), 'apps/web/index.js': '', 'packages/ui/package.json': member('ui'), 'packages/notes.md': '',
    }, ['apps/web/package.json -> ./apps/web/', 'packages/ui/package.json -> ./packages/ui/']],
    ['yarn workspaces object form with an exclusion', {
      'package.json': pkg({ workspaces: { packages: ['packages/*', '!packages/legacy'] } }), 'yarn.lock': '# yarn lockfile v1\n', 'server.js': '',
      'packages/a/package.json': member('a'), 'packages/legacy/package.json': member('legacy'),
    }, ['packages/a/package.json -> ./packages/a/']],
    ['pnpm-workspace.yaml, plus patches/', {
      'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': "packages:\n  - 'libs/**'\n", 'server.js': '',
      'libs/core/package.json': member('core'), 'libs/deep/x/package.json': member('x'), 'patches/foo@1.0.0.patch': 'diff',
    }, ['libs/core/package.json -> ./libs/core/', 'libs/deep/x/package.json -> ./libs/deep/x/', 'patches -> ./patches']],
    ['yarn berry: plugins and releases folders; yarnPath is not copied twice', {
      'package.json': pkg({ packageManager: 'yarn@4.5.0' }), 'yarn.lock': '__metadata:\n  version: 8\n', 'server.js': '',
      '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.5.0.cjs\nnodeLinker: node-modules\n',
      '.yarn/releases/yarn-4.5.0.cjs': '', '.yarn/plugins/@yarnpkg/plugin-x.cjs': '', '.yarn/patches/p.patch': '',
    }, ['.yarn/patches -> ./.yarn/patches', '.yarn/plugins -> ./.yarn/plugins', '.yarn/releases -> ./.yarn/releases']],
    ['yarnPath outside .yarn/releases keeps its path', {
      'package.json': pkg(), 'yarn.lock': '__metadata:\n  version: 8\n', 'server.js': '',
      '.yarnrc.yml': 'yarnPath: tools/yarn.cjs\n', 'tools/yarn.cjs': '',
    }, ['tools/yarn.cjs -> ./tools/']],
    // Negative rows.
    ['no workspaces, no install folders', { 'package.json': pkg(), 'package-lock.json': '{}', 'server.js': '', 'lib/package.json': member('lib') }, []],
    ['a members glob matching nothing', { 'package.json': pkg({ workspaces: ['apps/*'] }), 'server.js': '' }, []],
    ['node_modules is never a member', { 'package.json': pkg({ workspaces: ['**'] }), 'server.js': '', 'node_modules/x/package.json': member('x') }, []],
  ])('%s', async (_, files, expected) => {
    const p = await plan(files);
    expect(copies(p)).toEqual(expected);
    const base = baseStage(p);
    for (const line of expected) expect(base).toContain(`COPY ["${line.split(' -> ')[0]}", "${line.split(' -> ')[1]}"]`);
    // Every path-keeping copy lands before the install stages start.
    expect(base).not.toMatch(/\.yarn\/releases\/yarn-4\.5\.0\.cjs", "\.\/"\]/);
  });

  test('the summary counts the members', async () => {
    const p = await plan({ 'package.json': pkg({ workspaces: ['apps/*'] }), 'server.js': '', 'apps/a/package.json': member('a'), 'apps/b/package.json': member('b') });
    expect(p.notes).toContain('install layer also copies 2 workspace member manifests before the install');
  });
});

describe('build script: the app\'s own container build is preferred', () => {
  test.each<[string, Record<string, string>, string[] | null]>([
    ['build-docker', { build: 'check-env && next build', 'build-docker': 'next build' }, ['npm', 'run', 'build-docker']],
    ['build:docker', { build: 'x', 'build:docker': 'y' }, ['npm', 'run', 'build:docker']],
    ['docker:build that builds the app', { build: 'x', 'docker:build': 'vite build' }, ['npm', 'run', 'docker:build']],
    ['one build:<x>:docker', { build: 'x', 'build:app:docker': 'vite build' }, ['npm', 'run', 'build:app:docker']],
    ['build-docker beats build:app:docker', { 'build-docker': 'a', 'build:app:docker': 'b' }, ['npm', 'run', 'build-docker']],
    // Negative rows.
    ['a docker script that runs docker itself', { build: 'tsc', 'build:docker': 'docker build -t me .' }, ['npm', 'run', 'build']],
    ['a docker script that runs compose', { build: 'tsc', 'docker:build': 'tsc && docker-compose build' }, ['npm', 'run', 'build']],
    ['two build:<x>:docker scripts: ambiguous, plain build', { build: 'tsc', 'build:a:docker': 'x', 'build:b:docker': 'y' }, ['npm', 'run', 'build']],
    ['dockerize is not a build script', { build: 'tsc', dockerize: 'x' }, ['npm', 'run', 'build']],
    ['neither', { start: 'node server.js' }, null],
  ])('%s', async (_, scripts, build) => {
    const p = await plan({ 'package.json': pkg({ scripts: { start: 'node server.js', ...scripts } }), 'package-lock.json': '{}', 'server.js': '' });
    expect(p.build).toEqual(build);
  });
});
