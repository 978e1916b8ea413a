import { afterEach, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { workspace, type Workspace } from './regen-helpers.js';

let ws: Workspace;
afterEach(() => ws?.remove());

describe("the project's own compose file", () => {
  test.each(['compose.yaml', 'compose.yml', 'docker-compose.yaml'])('%s is the file generated into: merged structurally, never a second compose file', async (name) => {
    ws = workspace('express-pg-redis');
    const theirs = '# our local stack\nservices:\n  db:\n    image: postgres:17 # pinned by ops\n';
    ws.write(name, theirs);
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`merged\\s+${name.replace('.', '\\.')}`));
    expect(existsSync(path.join(ws.dir, 'docker-compose.yml'))).toBe(false);
    const merged = ws.read(name);
    // Theirs first and untouched (comments included), ours added after.
    expect(merged.startsWith('# our local stack\nservices:\n  db:\n    image: postgres:17 # pinned by ops\n')).toBe(true);
    const doc = parse(merged) as { services: Record<string, unknown>; volumes: Record<string, unknown> };
    // Their db runs postgres: it is our database under their name (no second postgres), and the app points at it.
    expect(Object.keys(doc.services)).toEqual(['db', 'app', 'redis']);
    expect(r.out).toContain(`ours merged into your db (our postgres)`);
    expect((doc.services.app as { environment: Record<string, string> }).environment.DATABASE_URL).toMatch(/@db:5432\//);
    expect(Object.keys(doc.volumes)).toEqual(['postgres-data', 'redis-data']);
    // The state file records the match, so the three-way merge of every later run keeps it.
    expect(parse(ws.read('.create-dockerfile.yml')).merged).toEqual({ [name]: { postgres: 'db' } });
    const again = await ws.run('--yes');
    expect(again.code, again.err).toBe(0);
    expect(ws.read(name)).toBe(merged);
    expect(parse(ws.read('.create-dockerfile.yml')).merged).toEqual({ [name]: { postgres: 'db' } });
  });

  test('a key they set differently is reported and kept, not overwritten', async () => {
    ws = workspace('express-pg-redis');
    ws.write('compose.yaml', 'services:\n  app:\n    build: .\n    ports:\n      - "8080:3000"\n    environment:\n      LOG_LEVEL: debug\n');
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/merged\s+compose\.yaml .*your values kept where ours differ: services\.app\.ports/);
    const app = (parse(ws.read('compose.yaml')) as { services: { app: Record<string, any> } }).services.app;
    expect(app.ports).toEqual(['8080:3000']);
    expect(app.build).toBe('.');
    // Their environment is a mapping like ours: their variable stays, ours are added beside it.
    expect(app.environment.LOG_LEVEL).toBe('debug');
    expect(app.environment.DATABASE_URL).toMatch(/^postgres/);
    expect(app.read_only).toBe(true);
  });

  test('what cannot be matched is added beside theirs with a one-line warning; a host port they publish is left to them', async () => {
    ws = workspace('express-pg-redis');
    ws.write('compose.yaml', 'services:\n  test-db:\n    image: postgres:17\n  frontend:\n    image: nginx\n    ports: ["8080:80"]\n');
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('! warning: compose.yaml: postgres added beside your test-db (same postgres image, but for another purpose or service)\n');
    expect(r.out).toContain('! warning: compose.yaml: services.app.ports: host port 8080 not published (your frontend publishes it; set one yourself)\n');
    const doc = parse(ws.read('compose.yaml')) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.services)).toEqual(['test-db', 'frontend', 'app', 'postgres', 'redis']);
    expect(doc.services.app!.ports).toBeUndefined();
    expect(parse(ws.read('.create-dockerfile.yml')).merged).toEqual({ 'compose.yaml': {} });
  });

  test('a malformed merged: record in the state file is a one-line error naming the fix', async () => {
    ws = workspace('express-pg-redis');
    ws.write('compose.yaml', 'services:\n  db:\n    image: postgres:17\n');
    expect((await ws.run('--yes')).code).toBe(0);
    ws.write('.create-dockerfile.yml', ws.read('.create-dockerfile.yml').replace(/merged:\n {2}compose\.yaml:\n {4}postgres: db/, 'merged:\n  compose.yaml: [db]'));
    const r = await ws.run('--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^create-dockerfile: \.create-dockerfile\.yml: merged\.compose\.yaml must map our service names to yours \(postgres: db\); fix it or delete that section\n$/);
  });

  test('--keep keeps their file as it is; --force still merges (never replaces); a file that is not a mapping is a conflict, --force or not', async () => {
    ws = workspace('express-pg-redis');
    const theirs = '# ops stack\nservices:\n  db:\n    image: postgres:17\n  mailhog:\n    image: mailhog/mailhog\n';
    ws.write('compose.yaml', theirs);
    expect((await ws.run('--yes', '--keep')).code).toBe(0);
    expect(ws.read('compose.yaml')).toBe(theirs);
    ws.remove();
    ws = workspace('express-pg-redis');
    ws.write('compose.yaml', theirs);
    const forced = await ws.run('--yes', '--force');
    expect(forced.code, forced.err).toBe(0);
    const merged = ws.read('compose.yaml');
    // Their comment, their db (our postgres under their name, on their image) and their own service stay; ours are added.
    expect(merged.startsWith('# ops stack\nservices:\n  db:\n    image: postgres:17\n')).toBe(true);
    expect(forced.out).toMatch(/your values kept where ours differ: services\.db\.image/);
    expect(Object.keys((parse(merged) as { services: object }).services)).toEqual(['db', 'mailhog', 'app', 'redis']);
    expect(parse(ws.read('.create-dockerfile.yml')).merged).toEqual({ 'compose.yaml': { postgres: 'db' } });
    for (const force of [[], ['--force']]) {
      ws.remove();
      ws = workspace('express-pg-redis');
      ws.write('compose.yaml', '- just\n- a list\n');
      const r = await ws.run('--yes', ...force);
      expect(r.code).toBe(1);
      expect(r.err).toContain('compose.yaml: not a YAML mapping');
      if (force.length) expect(r.err).toContain('--force merges into a compose file of yours, never replaces it');
      expect(ws.read('compose.yaml')).toBe('- just\n- a list\n');
    }
  });

  test('--force takes our value where a key of theirs differs, and keeps the rest of their file', async () => {
    ws = workspace('express-pg-redis');
    ws.write('compose.yaml', 'services:\n  app:\n    build: .\n    read_only: false # debugging\n    environment:\n      - LOG_LEVEL=debug\n      - NODE_ENV=development\n    labels:\n      team: core\n');
    const r = await ws.run('--yes', '--force');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/merged\s+compose\.yaml .*ours taken where yours differed \(--force\): services\.app\.environment\.NODE_ENV, services\.app\.read_only/);
    const app = (parse(ws.read('compose.yaml')) as { services: { app: Record<string, any> } }).services.app;
    expect(app.read_only).toBe(true);
    expect(app.environment).toContain('NODE_ENV=production');
    expect(app.environment).toContain('LOG_LEVEL=debug');
    expect(app.labels).toEqual({ team: 'core' });
    // Without --force the same file keeps their values, reported.
    ws.remove();
    ws = workspace('express-pg-redis');
    ws.write('compose.yaml', 'services:\n  app:\n    build: .\n    read_only: false\n');
    const plain = await ws.run('--yes');
    expect(plain.out).toMatch(/your values kept where ours differ: services\.app\.read_only/);
    expect((parse(ws.read('compose.yaml')) as { services: { app: Record<string, any> } }).services.app.read_only).toBe(false);
  });

  test('with a docker-compose.yml there, that one stays the file generated into', async () => {
    ws = workspace('express-pg-redis');
    expect((await ws.run('--yes')).code).toBe(0);
    ws.write('compose.yaml', 'services: {}\n');
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    expect(ws.read('compose.yaml')).toBe('services: {}\n');
    expect(ws.read('docker-compose.yml')).toMatch(/^services:$/m);
  });
});
