import { describe, expect, test } from 'vitest';
import { createRequire } from 'node:module';
import YAML from 'yaml';
import type { Ignore } from '@balena/dockerignore';
import { memProject, type Files } from '../helpers/memfs.js';
import { detectStack } from '../../src/plan/detect.js';
import type { Answers } from '../../src/plan/answers.js';
import { planEveryApp } from '../../src/pipeline/every-app.js';
import { renderApps } from '../../src/render/render-apps.js';
import { auditFiles } from '../../src/audit/audit.js';
import { composeProblems, dockerfileProblems } from '../helpers/validate.js';

const ignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;

const pnpmRoot: Files = {
  'package.json': { name: 'mono', private: true, packageManager: 'pnpm@10.34.9' },
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n  - "sites/*"\n',
};
const app = (name: string, deps: Record<string, string> = {}) => ({ name, scripts: { start: 'node server.js' }, dependencies: deps });
const server = (port: number) => `require('http').createServer((q, s) => s.end(q.url === '/health' ? 'ok' : 'hi')).listen(process.env.PORT || ${port})`;
const lib = { name: '@m/lib', main: 'index.js' };

/** A workspace of apps: folder -> [package.json, port]. */
const workspace = (apps: Record<string, [object, number]>): Files => ({
  ...pnpmRoot, 'packages/lib/package.json': lib, 'packages/lib/index.js': '',
  ...Object.fromEntries(Object.entries(apps).flatMap(([dir, [pkg, port]]) => [[`${dir}/package.json`, pkg], [`${dir}/server.js`, server(port)]])),
});

async function everyApp(files: Files, answers: Answers = {}) {
  const fs = memProject(files);
  const all = { ...answers, workspace: 'all' };
  const planned = await planEveryApp(fs, null, all, await detectStack(fs, all));
  const rendered = renderApps(planned.apps!);
  const text = (p: string) => rendered.find((f) => f.path === p)?.text;
  return { planned, rendered, text, compose: YAML.parse(text('docker-compose.yml') ?? 'null') as { services: Record<string, Record<string, unknown>>; volumes?: Record<string, unknown> } };
}

describe('--workspace all', () => {
  test('one Dockerfile in each app folder, one compose service per app on its own host port, one root .dockerignore', async () => {
    const { planned, rendered, text, compose } = await everyApp(workspace({ 'apps/api': [app('@m/api'), 4000], 'apps/web': [app('@m/web'), 3000] }));
    expect(planned.apps!.map((a) => [a.service, a.plan.appDir, a.portVar, a.hostPort])).toEqual([['api', 'apps/api', 'API_PORT', 4000], ['web', 'apps/web', 'WEB_PORT', 3000]]);
    expect(rendered.map((f) => f.path)).toEqual(['apps/api/Dockerfile', 'apps/web/Dockerfile', '.dockerignore', 'docker-compose.yml']);
    expect(Object.keys(compose.services)).toEqual(['api', 'web']);
    expect(compose.services.api!.build).toEqual({ context: '.', dockerfile: 'apps/api/Dockerfile' });
    expect(compose.services.web!.ports).toEqual(['${WEB_PORT:-3000}:3000']);
    for (const s of Object.values(compose.services)) {
      expect(s).toMatchObject({ read_only: true, cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
      expect(s.healthcheck).toBeDefined();
    }
    // Each app's runtime is its own pnpm deploy output: /app is the app's folder.
    expect(text('apps/web/Dockerfile')).toMatch(/^RUN .*\["pnpm", "--filter", "@m\/web", "deploy", "--prod", "--legacy", "\/prod\/app"\]$/m);
    expect(text('apps/web/Dockerfile')).not.toMatch(/^WORKDIR \/app\/apps\/web$/m);
    expect(text('apps/api/Dockerfile')).toContain('docker build -f apps/api/Dockerfile -t app .');
    const ig = ignore().add(text('.dockerignore')!.split('\n'));
    expect(['apps/api/Dockerfile', 'apps/web/Dockerfile', 'Dockerfile'].map((f) => ig.ignores(f))).toEqual([true, true, true]);
    expect(ig.ignores('apps/web/server.js')).toBe(false);
    for (const f of rendered) if (f.path.endsWith('Dockerfile')) expect(dockerfileProblems(f.text)).toEqual([]);
    expect(composeProblems(text('docker-compose.yml')!)).toEqual([]);
    expect(auditFiles(rendered.map((f) => ({ path: f.path, text: f.text })))).toEqual([]);
  });

  test('a backing service two apps need runs once; each app waits for it; .env.example lists each secret and host port once', async () => {
    const { compose, text } = await everyApp(workspace({
      'apps/api': [app('@m/api', { pg: '8', ioredis: '5' }), 4000],
      'apps/web': [app('@m/web', { pg: '8' }), 3000],
    }));
    expect(Object.keys(compose.services)).toEqual(['api', 'web', 'postgres', 'redis']);
    expect(Object.keys(compose.services.api!.depends_on as object)).toEqual(['postgres', 'redis']);
    expect(compose.services.web!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(Object.keys(compose.volumes!)).toEqual(['postgres-data', 'redis-data']);
    const env = text('.env.example')!;
    expect(env.match(/^POSTGRES_PASSWORD=$/gm)).toHaveLength(1);
    expect(env).toContain('# API_PORT=4000\n# WEB_PORT=3000\n');
    expect(env).toContain('Host port of each app');
  });

  test('two apps on one port get distinct host ports; same-named folders and backing-service names get distinct services', async () => {
    const { planned, compose } = await everyApp(workspace({
      'apps/web': [app('@m/web'), 3000], 'sites/web': [app('@m/site'), 3000], 'apps/postgres': [app('@m/pg-admin'), 3000],
    }));
    expect(planned.apps!.map((a) => [a.plan.appDir, a.service, a.hostPort])).toEqual([['apps/postgres', 'apps-postgres', 3000], ['apps/web', 'web', 3001], ['sites/web', 'sites-web', 3002]]);
    expect(Object.values(compose.services).map((s) => s.ports)).toEqual([['${APPS_POSTGRES_PORT:-3000}:3000'], ['${WEB_PORT:-3001}:3000'], ['${SITES_WEB_PORT:-3002}:3000']]);
  });

  test('the root .dockerignore keeps every app\'s re-includes last, so no app\'s exclusion follows them', async () => {
    const files: Files = {
      'package.json': { name: 'mono', private: true, packageManager: 'yarn@4.9.2', workspaces: ['apps/*'] },
      'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n',
      'apps/api/package.json': { ...app('@m/api'), scripts: { start: 'node dist/server.js', build: 'node build.js' } }, 'apps/api/server.js': server(4000),
      'apps/web/package.json': { ...app('@m/web'), scripts: { start: 'node dist/server.js', build: 'node build.js' } }, 'apps/web/server.js': server(3000),
    };
    const { text } = await everyApp(files);
    const lines = text('.dockerignore')!.trim().split('\n');
    const first = lines.findIndex((l) => l.startsWith('!'));
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(first).every((l) => l.startsWith('!'))).toBe(true);
    expect(lines).toEqual(expect.arrayContaining(['apps/api/dist', 'apps/web/dist']));
    expect(ignore().add(lines).ignores('.yarnrc.yml')).toBe(false);
  });

  test.each<[string, Answers, string]>([
    ['--port', { port: 8080 }, '--port'],
    ['--start', { start: 'node x.js' }, '--start'],
    ['--build', { build: 'make' }, '--build'],
    ['--main', { main: 'cmd/x' }, '--main'],
  ])('%s with all is refused in one line naming the flag', async (_name, answers, flag) => {
    await expect(everyApp(workspace({ 'apps/api': [app('@m/api'), 4000] }), answers)).rejects.toThrow(new RegExp(`^--workspace all: ${flag} is one app's answer .*; drop it .*run --workspace <name> ${flag} for one app$`));
  });

  test('--no-k8s (false) is no per-app answer and is accepted', async () => {
    const { planned } = await everyApp(workspace({ 'apps/api': [app('@m/api'), 4000] }), { k8s: false });
    expect(planned.apps).toHaveLength(1);
  });

  test('a workspace without a deployable member is refused', async () => {
    await expect(everyApp({ ...pnpmRoot, 'packages/lib/package.json': lib })).rejects.toThrow('package.json: --workspace all found no deployable workspace app');
  });

  test('each app keeping data (SQLite) mounts a data volume of its own, named after its service', async () => {
    const sqlite = (port: number) => `const db = require('better-sqlite3')(process.env.DATABASE_PATH || './data/app.db'); ${server(port)}`;
    const files = workspace({ 'apps/api': [app('@m/api', { 'better-sqlite3': '11' }), 4000], 'apps/web': [app('@m/web', { 'better-sqlite3': '11' }), 3000] });
    files['apps/api/server.js'] = sqlite(4000);
    files['apps/web/server.js'] = sqlite(3000);
    const { compose } = await everyApp(files);
    expect(compose.services.api!.volumes).toEqual(['api-data:/data']);
    expect(compose.services.web!.volumes).toEqual(['web-data:/data']);
    expect(compose.volumes).toEqual({ 'api-data': {}, 'web-data': {} });
  });
});
