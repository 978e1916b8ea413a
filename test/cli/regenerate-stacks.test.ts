import { afterEach, describe, expect, test } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { workspace, type Workspace } from './regen-helpers.js';
import { runInteractive } from '../../src/cli/interactive.js';
import { parseOptions } from '../../src/cli/options.js';
import { scripted } from './scripted-ui.js';

let ws: Workspace;
afterEach(() => ws?.remove());
const services = () => Object.keys((parse(ws.read('docker-compose.yml')) as { services: Record<string, unknown> }).services);
const addMain = (dir: string) => {
  mkdirSync(path.join(ws.dir, dir), { recursive: true });
  writeFileSync(path.join(ws.dir, dir, 'main.go'), 'package main\n\nfunc main() {}\n');
};

describe('re-detection (Python)', () => {
  test('psycopg adds postgres; requires-python changes the base tag; uv.lock switches the installer', async () => {
    ws = workspace('python-fastapi');
    expect((await ws.run('--yes')).code).toBe(0);
    expect(services()).toEqual(['app']);
    ws.edit('pyproject.toml', (t) => t.replace('>=3.10', '>=3.14').replace('"uvicorn==0.32.0",', '"uvicorn==0.32.0",\n    "psycopg[binary]==3.1.7",'));
    ws.write('uv.lock', 'version = 1\n');
    const r = await ws.run('--yes');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/postgres service added: dependency psycopg/);
    expect(r.out).toMatch(/python 3\.13 -> 3\.15: base image tags change/);
    expect(r.out).toMatch(/package manager pip -> uv: install steps change/);
    expect(services()).toEqual(['app', 'postgres']);
    expect(ws.read('Dockerfile')).toMatch(/^ARG PYTHON_VERSION="3\.15"$/m);
    expect(ws.read('Dockerfile')).toMatch(/"uv", "sync", "--frozen"/);
  });
});

describe('re-detection (Go)', () => {
  test('pgx adds postgres; --runtime-version changes the base tag; a new cmd/ binary is reported', async () => {
    ws = workspace('go-root-main');
    await ws.run('--yes', '--runtime-version', '1.26');
    ws.edit('go.mod', (t) => `${t}\nrequire github.com/jackc/pgx/v5 v5.7.1\n`);
    ws.write('go.sum', '');
    addMain('cmd/worker');
    const r = await ws.run('--yes', '--runtime-version', '1.27');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/go 1\.26 -> 1\.27: base image tags change/);
    expect(r.out).toMatch(/postgres service added: dependency github\.com\/jackc\/pgx\/v5/);
    expect(r.out).toMatch(/new entry point cmd\/worker found; building \. \(pass --main cmd\/worker/);
    expect(ws.read('Dockerfile')).toMatch(/^ARG GO_VERSION="1\.27"$/m);
    expect(services()).toContain('postgres');
  });

  test('a new cmd/ binary never silently replaces the one built; interactive asks once and saves the choice', async () => {
    ws = workspace('go-cmd-two-bins');
    process.env.XDG_CACHE_HOME = ws.cache;
    // A module name matching no cmd/ folder: detection falls back to the first by name (cmd/admin).
    ws.edit('go.mod', (t) => t.replace('example.com/acme/api', 'example.com/acme/shop'));
    for (const f of ['cmd/api/main.go', 'cmd/admin/main.go']) ws.edit(f, (t) => t.replaceAll('example.com/acme/api', 'example.com/acme/shop'));
    await ws.run('--yes');
    expect(ws.read('Dockerfile')).toMatch(/"\.\/cmd\/admin"\]$/m);
    addMain('cmd/aaa');
    for (let i = 0; i < 2; i += 1) {
      await ws.run('--yes');
      expect(ws.read('Dockerfile')).toMatch(/"\.\/cmd\/admin"\]$/m);
    }
    addMain('cmd/zzz');
    const ui = scripted({ 'New entry point': 'cmd/api' });
    expect(await runInteractive(parseOptions(['--cwd', ws.dir], {}, true), 'test', ui)).toBe(0);
    expect(ui.asked.filter((q) => q.startsWith('New entry point found (cmd/zzz)'))).toHaveLength(1);
    expect(ui.asked.some((q) => /Port|Runtime image/.test(q))).toBe(false);
    expect(ws.read('Dockerfile')).toMatch(/"\.\/cmd\/api"\]$/m);
    expect((parse(ws.read('.create-dockerfile.yml')) as { answers: unknown }).answers).toEqual({ main: 'cmd/api' });
    const again = scripted({});
    expect(await runInteractive(parseOptions(['--cwd', ws.dir], {}, true), 'test', again)).toBe(0);
    expect(again.asked).toEqual(['Write these files?']);
  });
});
