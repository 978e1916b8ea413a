import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInteractive } from '../../src/cli/interactive.js';
import { parseOptions } from '../../src/cli/options.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { runMain, useTempCache } from '../helpers/run-main.js';
import { scripted } from './scripted-ui.js';
import { collectAuditFiles } from '../../src/audit/command.js';
import { auditFiles } from '../../src/audit/audit.js';

useTempCache();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdf-wsall-'));
  cpSync(path.join(FIXTURES_DIR, 'pnpm-turbo-workspace', 'project'), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const read = (rel: string) => readFileSync(path.join(dir, rel), 'utf8');

describe('a workspace root with several apps', () => {
  test('non-interactive without --workspace: exit 2, one line listing the apps, the flag and "all"; nothing written', async () => {
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('create-dockerfile: package.json: 2 workspace apps: @shop/api (apps/api), @shop/web (apps/web); pass --workspace <name> (e.g. --workspace @shop/api) to choose one, or --workspace all for every app\n');
    expect(existsSync(path.join(dir, 'docker-compose.yml'))).toBe(false);
  });

  test('--workspace all writes a Dockerfile per app, one compose file and one state file; a re-run and --check find it up to date', async () => {
    const first = await runMain(['--yes', '--cwd', dir, '--workspace', 'all']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^api: apps\/api, published on 4000 \(\$API_PORT\)$/m);
    expect(first.stdout).toMatch(/^web: apps\/web, published on 3000 \(\$WEB_PORT\)$/m);
    expect(first.stdout).toContain('audit: clean');
    for (const f of ['apps/api/Dockerfile', 'apps/web/Dockerfile', '.dockerignore', 'docker-compose.yml', '.create-dockerfile.yml']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
    expect(read('.create-dockerfile.yml')).toMatch(/^ {2}workspace: all$/m);
    expect(read('.create-dockerfile.yml')).toMatch(/^ {4}apps\/web:$/m);
    const again = await runMain(['--yes', '--cwd', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/identical +apps\/web\/Dockerfile/);
    expect(again.stdout).toMatch(/identical +apps\/api\/Dockerfile/);
    const check = await runMain(['--check', '--cwd', dir]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  test('--json: each app\'s plan under its service and host port, then the files; --dry-run writes nothing', async () => {
    const r = await runMain(['--json', '--dry-run', '--cwd', dir, '--workspace', 'all']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { apps: { service: string; hostPort: number; appDir: string; port: number }[]; files: { path: string; status: string }[] };
    expect(out.apps.map((a) => [a.service, a.appDir, a.port, a.hostPort])).toEqual([['api', 'apps/api', 4000, 4000], ['web', 'apps/web', 3000, 3000]]);
    expect(out.files.map((f) => f.path)).toEqual(['apps/api/Dockerfile', 'apps/web/Dockerfile', '.dockerignore', 'docker-compose.yml', '.create-dockerfile.yml']);
    expect(existsSync(path.join(dir, 'docker-compose.yml'))).toBe(false);
  });

  test('an edit to one app\'s Dockerfile survives a re-run that changes another app (three-way merge); --check is then up to date', async () => {
    expect((await runMain(['--yes', '--cwd', dir, '--workspace', 'all'])).code).toBe(0);
    writeFileSync(path.join(dir, 'apps/web/Dockerfile'), read('apps/web/Dockerfile').replace('EXPOSE 3000\n', 'EXPOSE 3000\nLABEL team="web"\n'));
    // The api app moves to another port: its Dockerfile and the compose file change; web's edit is merged.
    writeFileSync(path.join(dir, 'apps/api/server.js'), read('apps/api/server.js').replace('|| 4000', '|| 4100'));
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('apps/api: port 4000 -> 4100');
    expect(read('apps/web/Dockerfile')).toContain('LABEL team="web"');
    expect(read('apps/api/Dockerfile')).toMatch(/^EXPOSE 4100$/m);
    expect(read('docker-compose.yml')).toContain('"${API_PORT:-4100}:4100"');
    expect((await runMain(['--check', '--cwd', dir])).code).toBe(0);
  });

  test('--k8s, --swarm and --ci with all: each app\'s manifests in k8s/<service>/, one stack and one workflow; re-run identical, --check up to date, audit of each app clean', async () => {
    const r = await runMain(['--yes', '--cwd', dir, '--workspace', 'all', '--k8s', '--swarm', '--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['k8s/kustomization.yaml', 'k8s/overlays/production/kustomization.yaml', 'k8s/api/base/deployment.yaml', 'k8s/web/base/deployment.yaml', 'docker-stack.yml', '.github/workflows/container.yml']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(existsSync(path.join(dir, 'k8s/base'))).toBe(false);
    expect(read('.create-dockerfile.yml')).toMatch(/^ {2}k8s: true$/m);
    const again = await runMain(['--yes', '--cwd', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/identical +k8s\/web\/base\/deployment\.yaml/);
    expect(again.stdout).toMatch(/identical +docker-stack\.yml/);
    expect((await runMain(['--check', '--cwd', dir])).code).toBe(0);
    // audit apps/web/Dockerfile at the root: the member's Dockerfile with its build context's files.
    for (const app of ['apps/api', 'apps/web']) {
      const files = collectAuditFiles(`${app}/Dockerfile`, dir);
      expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([`${app}/Dockerfile`, '.dockerignore', 'docker-compose.yml', 'docker-stack.yml', 'k8s/api/base/deployment.yaml', 'k8s/web/base/deployment.yaml']));
      expect(auditFiles(files).map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([]);
    }
  });

  test('one app\'s answers (--port) are still refused with all, naming the flag; nothing written', async () => {
    const r = await runMain(['--yes', '--cwd', dir, '--workspace', 'all', '--port', '8080', '--k8s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workspace all: --port is one app's answer/);
    expect(existsSync(path.join(dir, 'k8s'))).toBe(false);
  });

  test('run inside a member with --workspace all: the root is found and every app is written', async () => {
    // Reads above --cwd stop at the git root.
    mkdirSync(path.join(dir, '.git'));
    const r = await runMain(['--yes', '--cwd', path.join(dir, 'apps', 'web'), '--workspace', 'all']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['apps/api/Dockerfile', 'apps/web/Dockerfile', 'docker-compose.yml', '.create-dockerfile.yml']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(existsSync(path.join(dir, 'apps/web/docker-compose.yml'))).toBe(false);
  });
});

describe('interactive run at a workspace root with several apps', () => {
  const opts = (...args: string[]) => parseOptions(['--cwd', dir, ...args], {}, true);

  test('asks which app, offering every app and "all"; all writes every app', async () => {
    const ui = scripted({});
    expect(await runInteractive(opts(), 'test', ui)).toBe(0);
    expect(ui.asked[0]).toBe('Which app should be containerised?');
    expect(existsSync(path.join(dir, 'apps/api/Dockerfile'))).toBe(true);
    expect(existsSync(path.join(dir, 'apps/web/Dockerfile'))).toBe(true);
    expect(read('.create-dockerfile.yml')).toMatch(/^ {2}workspace: all$/m);
  });

  test('"All of them" asks the questions that hold for every app (compose, Kubernetes, Swarm, CI), not one app\'s, and writes what was chosen', async () => {
    const ui = scripted({ 'Which app': 'all', 'Kubernetes manifests': true, 'Swarm stack': true, 'CI pipeline': 'github' });
    expect(await runInteractive(opts(), 'test', ui)).toBe(0);
    expect(ui.asked).toEqual(['Which app should be containerised?', 'Write docker-compose.yml?', 'Write Kubernetes manifests (k8s/)?', 'Write a Docker Swarm stack file (docker-stack.yml)?', 'CI pipeline building the image', 'Write these files?']);
    // The same files as --workspace all --k8s --swarm --ci github.
    for (const f of ['apps/api/Dockerfile', 'apps/web/Dockerfile', 'docker-compose.yml', 'k8s/kustomization.yaml', 'k8s/api/base/kustomization.yaml', 'k8s/web/base/kustomization.yaml', 'docker-stack.yml', '.github/workflows/container.yml']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const saved = read('.create-dockerfile.yml');
    for (const line of ['workspace: all', 'k8s: true', 'swarm: true', 'ci: github']) expect(saved).toMatch(new RegExp(`^ {2}${line}$`, 'm'));
  });

  test('choosing one app writes that app only and saves the choice', async () => {
    const ui = scripted({ 'Which app': 'apps/web' });
    expect(await runInteractive(opts(), 'test', ui)).toBe(0);
    expect(existsSync(path.join(dir, 'apps/web/Dockerfile'))).toBe(true);
    expect(existsSync(path.join(dir, 'apps/api/Dockerfile'))).toBe(false);
    expect(read('.create-dockerfile.yml')).toMatch(/^ {2}workspace: apps\/web$/m);
    expect(ui.asked).toContain('Port the app listens on');
  });

  test('--workspace given: not asked', async () => {
    const ui = scripted({});
    expect(await runInteractive(opts('--workspace', '@shop/api'), 'test', ui)).toBe(0);
    expect(ui.asked).not.toContain('Which app should be containerised?');
  });
});
