import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { insertAfter, workspace, type Workspace } from './regen-helpers.js';

const FILES = ['Dockerfile', '.dockerignore', 'docker-compose.yml', '.create-dockerfile.yml'];
let ws: Workspace;
afterEach(() => ws?.remove());

const state = () => parse(ws.read('.create-dockerfile.yml')) as { answers: Record<string, unknown>; detected: Record<string, unknown>; files: Record<string, string> };
const addDependency = (name: string, version: string) => ws.edit('package.json', (t) => {
  const pkg = JSON.parse(t) as { dependencies: Record<string, string> };
  pkg.dependencies[name] = version;
  return JSON.stringify(pkg, null, 2);
});
// The fixture pins Node in .nvmrc, which outranks engines: these tests drive the version through engines alone.
const useEngines = () => rmSync(path.join(ws.dir, '.nvmrc'), { force: true });
const setEngines = (range: string) => ws.edit('package.json', (t) => t.replace(/"node": "[^"]*"/, `"node": "${range}"`));

describe('saved answers', () => {
  test('the first run saves flags, not detected facts, and the hash of each generated file', async () => {
    ws = workspace('npm-express');
    expect((await ws.run('--yes', '--port', '8081')).code).toBe(0);
    const s = state();
    expect(s.answers).toEqual({ port: 8081 });
    expect(s.detected).toMatchObject({ stack: 'node', packageManager: 'npm', runtime: 'node 26', port: 8081 });
    expect(Object.keys(s.files)).toEqual(['Dockerfile', '.dockerignore', 'docker-compose.yml']);
    expect(Object.values(s.files).every((h) => /^sha256:[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(ws.read('.create-dockerfile.yml')).toMatch(/^# create-dockerfile: saved answers/);
  });

  test('a re-run reuses them; flags update them; --reset forgets them', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes', '--port', '8081');
    await ws.run('--yes', '--memory', '1G');
    expect(state().answers).toEqual({ port: 8081, memory: '1G' });
    expect(ws.read('Dockerfile')).toMatch(/^EXPOSE 8081$/m);
    expect(ws.read('docker-compose.yml')).toMatch(/memory: "1G"/);
    expect((await ws.run('--yes', '--reset')).code).toBe(0);
    expect(state().answers).toEqual({});
    expect(ws.read('Dockerfile')).toMatch(/^EXPOSE 3000$/m);
  });

  test('a hand edit of the answers is used; comments in the file survive a re-run', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes');
    ws.edit('.create-dockerfile.yml', (t) => t.replace('answers: {}', '# we need a shell for debugging\nanswers:\n  base: slim'));
    expect((await ws.run('--yes', '--port', '9000')).code).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^USER 1000:1000$/m);
    expect(ws.read('.create-dockerfile.yml')).toMatch(/# we need a shell for debugging\nanswers:\n {2}base: slim\n {2}port: 9000/);
  });

  test('a broken saved file is one line with its position, exit 2, nothing written', async () => {
    ws = workspace('npm-express');
    ws.write('.create-dockerfile.yml', 'answers:\n  port: [\n');
    const r = await ws.run('--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^create-dockerfile: \.create-dockerfile\.yml:\d+:\d+: not valid YAML .*\n$/);
    expect(existsSync(path.join(ws.dir, 'Dockerfile'))).toBe(false);
    ws.write('.create-dockerfile.yml', 'answers:\n  port: 70000\n');
    expect((await ws.run('--yes')).err).toMatch(/answers\.port: "70000" is not a port/);
    ws.write('.create-dockerfile.yml', 'answers:\n  colour: blue\n');
    expect((await ws.run('--yes')).err).toMatch(/answers\.colour: unknown answer/);
    // A broken detected: section only loses the change report.
    ws.write('.create-dockerfile.yml', 'detected:\n  stack: node\n  services: [postgres]\n  entries: 5\n');
    const r2 = await ws.run('--yes', '--force');
    expect([r2.code, r2.out]).toEqual([0, expect.not.stringMatching(/changed since/)]);
  });
});

describe('re-detection (Node)', () => {
  test('adding pg adds the postgres service with its healthcheck and wiring, and says why', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes');
    addDependency('pg', '8.13.1');
    const r = await ws.run('--yes');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/postgres service added: dependency pg/);
    const compose = parse(ws.read('docker-compose.yml')) as { services: Record<string, { depends_on?: unknown; healthcheck?: unknown; environment?: Record<string, string> }> };
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.app?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(compose.services.app?.environment?.DATABASE_URL).toMatch(/postgres/);
    expect(r.out).toMatch(/updated\s+docker-compose\.yml/);
  });

  test('bumping engines.node changes the base tag', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes');
    setEngines('22.x');
    const r = await ws.run('--yes');
    expect(r.out).toMatch(/node 26 -> 22: base image tags change/);
    expect(ws.read('Dockerfile')).toMatch(/^ARG NODE_VERSION="22"$/m);
  });

  test('switching npm to pnpm changes the install steps', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes');
    rmSync(path.join(ws.dir, 'package-lock.json'), { force: true });
    ws.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    ws.edit('package.json', (t) => t.replace('"private": true,', '"private": true,\n  "packageManager": "pnpm@9.15.0",'));
    const r = await ws.run('--yes');
    expect(r.out).toMatch(/package manager npm -> pnpm: install steps change/);
    const dockerfile = ws.read('Dockerfile');
    expect(dockerfile).toMatch(/pnpm-lock\.yaml/);
    expect(dockerfile).toMatch(/"pnpm", "install", "--prod", "--frozen-lockfile"/);
    expect(dockerfile).not.toMatch(/"npm", "ci"/);
  });
});

describe('user edits survive', () => {
  test('an extra RUN line and an extra compose variable survive a regeneration that changes the base tag', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes', '--base', 'slim');
    const extraRun = 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*';
    ws.edit('Dockerfile', (t) => insertAfter(t, /^FROM node:\$\{NODE_VERSION\}-trixie-slim AS runtime$/, extraRun));
    ws.edit('docker-compose.yml', (t) => insertAfter(t, /^ {6}NODE_ENV: "production"$/, '      FEATURE_FLAGS: "beta"'));
    setEngines('22.x');
    addDependency('pg', '8.13.1');
    const r = await ws.run('--yes');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/merged\s+Dockerfile \(your edits kept/);
    const dockerfile = ws.read('Dockerfile');
    expect(dockerfile).toMatch(/^ARG NODE_VERSION="22"$/m);
    expect(dockerfile).toContain(`AS runtime\n${extraRun}\n`);
    const compose = parse(ws.read('docker-compose.yml')) as { services: Record<string, { environment?: Record<string, string> }> };
    expect(compose.services.app?.environment).toMatchObject({ FEATURE_FLAGS: 'beta', NODE_ENV: 'production' });
    expect(compose.services.postgres).toBeDefined();
    // The next run has nothing new: the edited files are kept as they are.
    const again = await ws.run('--yes');
    expect(again.out).toMatch(/kept\s+Dockerfile/);
    expect(ws.read('Dockerfile')).toBe(dockerfile);
  });

  test('an overlapping edit is a conflict naming the line; nothing is written; --force takes the generation', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes');
    ws.edit('Dockerfile', (t) => t.replace(/^ARG NODE_VERSION="\d+"$/m, 'ARG NODE_VERSION="24.11"'));
    const before = Object.fromEntries(FILES.map((f) => [f, ws.read(f)]));
    setEngines('22.x');
    const r = await ws.run('--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Dockerfile: your edits at line 4 overlap the new generation; nothing was written/);
    for (const f of FILES) expect(ws.read(f)).toBe(before[f]);
    const forced = await ws.run('--yes', '--force');
    expect(forced.code).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^ARG NODE_VERSION="22"$/m);
  });

  test('without the merge base, an edited file is a conflict; git history supplies the base when it was committed', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes');
    ws.edit('Dockerfile', (t) => `${t}# note from the team\n`);
    setEngines('22.x');
    rmSync(path.join(ws.cache, 'create-dockerfile'), { recursive: true, force: true });
    const dropBases = (t: string) => t.replace(/^bases:\n(?: {2}.*\n)*/m, '');
    ws.edit('.create-dockerfile.yml', dropBases);
    const r = await ws.run('--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Dockerfile: was edited, and the text it was generated from is not on this machine/);

    // A teammate's clone: the generated files were committed, the bases folder under .git was never filled.
    const team = workspace('npm-express');
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', team.dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { stdio: 'pipe' });
      rmSync(path.join(team.dir, '.nvmrc'));
      git('init', '-q');
      await team.run('--yes');
      git('add', '-A');
      git('commit', '-qm', 'generated');
      rmSync(path.join(team.dir, '.git', 'create-dockerfile'), { recursive: true, force: true });
      team.edit('.create-dockerfile.yml', (t) => t.replace(/^bases:\n(?: {2}.*\n)*/m, ''));
      team.edit('Dockerfile', (t) => `${t}# note from the team\n`);
      team.edit('package.json', (t) => t.replace(/"node": "[^"]*"/, '"node": "22.x"'));
      const merged = await team.run('--yes');
      expect(merged.code).toBe(0);
      expect(team.read('Dockerfile')).toMatch(/^ARG NODE_VERSION="22"$/m);
      expect(team.read('Dockerfile')).toMatch(/# note from the team\n$/);
    } finally {
      team.remove();
    }
  });
});

describe('edge cases of re-running', () => {
  test('a CRLF checkout of an unedited file is updated, kept in CRLF; a CRLF edit is merged', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes');
    ws.edit('docker-compose.yml', (t) => t.replace(/\n/g, '\r\n'));
    ws.edit('Dockerfile', (t) => `${t}# ours\n`.replace(/\n/g, '\r\n'));
    expect((await ws.run('--check')).code).toBe(0);
    setEngines('22.x');
    addDependency('pg', '8.13.1');
    const r = await ws.run('--yes');
    expect(r.code).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^ARG NODE_VERSION="22"\r$/m);
    expect(ws.read('Dockerfile')).toMatch(/# ours\r\n$/);
    expect(ws.read('docker-compose.yml')).toMatch(/^ {2}postgres:\r$/m);
    expect(ws.read('docker-compose.yml').replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  test('a file no longer generated for a while keeps its record (compose off, then on again)', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes');
    await ws.run('--yes', '--no-compose');
    addDependency('pg', '8.13.1');
    await ws.run('--yes');
    const r = await ws.run('--yes', '--compose');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/updated\s+docker-compose\.yml/);
  });

  test('a lone ======= line (a heredoc, a Markdown underline) is an edit, not a conflict marker', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes');
    ws.edit('Dockerfile', (t) => t.replace(/^FROM /m, '# Notes\n# =======\n=======\nFROM '));
    const r = await ws.run('--yes');
    expect(r.err).not.toMatch(/conflict markers/);
    expect(r.code, r.err).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^=======$/m);
  });

  test('conflict markers left in a file are a conflict; after a hand merge --keep records it and later runs merge into it', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes');
    ws.edit('Dockerfile', (t) => t.replace(/^ARG NODE_VERSION="\d+"$/m, 'ARG NODE_VERSION="24.11"'));
    setEngines('22.x');
    expect((await ws.run('--yes')).code).toBe(1);
    ws.edit('Dockerfile', (t) => t.replace('ARG NODE_VERSION="24.11"', '<<<<<<< yours\nARG NODE_VERSION="24.11"\n=======\nARG NODE_VERSION="22"\n>>>>>>> generated'));
    const marked = await ws.run('--yes', '--keep');
    expect(marked.code).toBe(1);
    expect(marked.err).toMatch(/still holds conflict markers/);
    ws.edit('Dockerfile', (t) => t.replace(/<<<<<<< yours\n.*\n=======\n.*\n>>>>>>> generated/, 'ARG NODE_VERSION="22.11"'));
    const kept = await ws.run('--yes', '--keep');
    expect(kept.code).toBe(0);
    expect((await ws.run('--check')).code).toBe(0);
    addDependency('pg', '8.13.1');
    const merged = await ws.run('--yes');
    expect(merged.code).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^ARG NODE_VERSION="22\.11"$/m);
    expect(ws.read('docker-compose.yml')).toMatch(/^ {2}postgres:$/m);
  });

  test('a teammate\'s clone merges with the base carried in .create-dockerfile.yml', async () => {
    ws = workspace('npm-express');
    useEngines();
    await ws.run('--yes');
    ws.edit('Dockerfile', (t) => `${t}# ours\n`);
    setEngines('22.x');
    expect((await ws.run('--yes')).out).toMatch(/merged\s+Dockerfile/);
    expect(state().files.Dockerfile).toMatch(/^sha256:/);
    expect(ws.read('.create-dockerfile.yml')).toMatch(/^bases:\n {2}Dockerfile: H4sI/m);
    // Another platform's gzip bytes (header OS field) for the same text are kept, not rewritten back and forth.
    const macOs = ws.read('.create-dockerfile.yml').replace(/^(bases:\n {2}Dockerfile: )(\S+)$/m, (_, k: string, b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[9] = 0x13;
      return `${k}${bytes.toString('base64')}`;
    });
    ws.write('.create-dockerfile.yml', macOs);
    expect((await ws.run('--yes')).out).toMatch(/identical\s+\.create-dockerfile\.yml/);
    expect(ws.read('.create-dockerfile.yml')).toBe(macOs);
    rmSync(path.join(ws.cache, 'create-dockerfile'), { recursive: true, force: true });
    setEngines('24.x');
    const r = await ws.run('--yes');
    expect(r.code).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^ARG NODE_VERSION="24"$/m);
    expect(ws.read('Dockerfile')).toMatch(/# ours\n$/);
  });

  test('an edit made after generating merges on a clone without any cache or history of the generated text', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes');
    ws.edit('Dockerfile', (t) => `${t}# tweak committed with the generated files\n`);
    rmSync(path.join(ws.cache, 'create-dockerfile'), { recursive: true, force: true });
    const r = await ws.run('--yes', '--port', '9000');
    expect(r.code).toBe(0);
    expect(ws.read('Dockerfile')).toMatch(/^EXPOSE 9000$/m);
    expect(ws.read('Dockerfile')).toMatch(/# tweak committed with the generated files\n$/);
  });

  test('a user compose file that is not valid YAML is reported as a conflict, --force or not; the audit never aborts the run', async () => {
    ws = workspace('npm-express');
    ws.write('docker-compose.yml', 'services:\n  app:\n    image: a\n    image: b\n');
    const r = await ws.run('--yes', '--dry-run');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/conflict\s+docker-compose\.yml/);
    // --force merges into a compose file of the user's and never replaces it: one it cannot read stays a conflict.
    const forced = await ws.run('--yes', '--force');
    expect(forced.code).toBe(1);
    expect(forced.out).toMatch(/conflict\s+docker-compose\.yml: not a YAML mapping .*\(--force merges into a compose file of yours, never replaces it\)/);
    expect(forced.err).toMatch(/nothing was written\. fix it \(or move it aside\) and re-run\n$/);
    expect(ws.read('docker-compose.yml')).toBe('services:\n  app:\n    image: a\n    image: b\n');
  });
});

describe('--check and idempotence', () => {
  test('--check: 0 when up to date (user edits included), 1 with a diff when stale; never writes', async () => {
    ws = workspace('npm-express');
    expect((await ws.run('--check')).code).toBe(1);
    expect(existsSync(path.join(ws.dir, 'Dockerfile'))).toBe(false);
    await ws.run('--yes');
    expect((await ws.run('--check')).code).toBe(0);
    ws.edit('Dockerfile', (t) => `${t}# ours\n`);
    expect((await ws.run('--check')).code).toBe(0);
    addDependency('pg', '8.13.1');
    const mtimes = FILES.map((f) => ws.mtime(f));
    const stale = await ws.run('--check');
    expect(stale.code).toBe(1);
    expect(stale.out).toMatch(/^\+ {2}postgres:$/m);
    expect(stale.err).toMatch(/stale: docker-compose\.yml \(would change\)/);
    expect(FILES.map((f) => ws.mtime(f))).toEqual(mtimes);
    const json = await ws.run('--check', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ upToDate: false, changes: ['postgres service added: dependency pg'], files: expect.arrayContaining([{ path: 'docker-compose.yml', status: 'update' }]) });
  });

  test('two runs in a row: the second reports every file identical and changes no byte or mtime', async () => {
    ws = workspace('npm-express');
    await ws.run('--yes', '--port', '8081');
    const texts = FILES.map((f) => ws.read(f));
    const mtimes = FILES.map((f) => ws.mtime(f));
    const r = await ws.run('--yes');
    for (const f of FILES) expect(r.out).toMatch(new RegExp(`identical\\s+${f.replace('.', '\\.')}$`, 'm'));
    expect(FILES.map((f) => ws.read(f))).toEqual(texts);
    expect(FILES.map((f) => ws.mtime(f))).toEqual(mtimes);
  });
});

