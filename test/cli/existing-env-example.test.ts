import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { workspace, type Workspace } from './regen-helpers.js';

let ws: Workspace;
afterEach(() => ws?.remove());

describe("the project's own example env file", () => {
  test('is extended with what compose reads, never replaced; a re-run leaves it identical', async () => {
    ws = workspace('node-own-env-mysql');
    const theirs = ws.read('.env.example');
    const first = await ws.run('--yes');
    expect(first.code, first.err).toBe(0);
    const extended = ws.read('.env.example');
    expect(extended.startsWith(theirs), 'their text kept as it was, first').toBe(true);
    const added = extended.slice(theirs.length);
    expect(added).toMatch(/# Added by create-dockerfile/);
    expect(added).toMatch(/^MYSQL_ROOT_PASSWORD=$/m);
    // Already theirs: not repeated.
    expect(added).not.toMatch(/^(SESSION_SECRET|HMAC_KEY|LOG_LEVEL|MYSQL_PASSWORD)=/m);
    // Their localhost/root lines are right outside compose: kept, with a note that compose sets its own for the container.
    expect(added).toMatch(/^# MYSQL_HOST above is for running outside compose: docker-compose\.yml sets its own value for the container \(app\)/m);
    expect(added).toMatch(/^# MYSQL_USER above is for running outside compose/m);
    // The same value (MYSQL_PORT), one compose reads from .env (MYSQL_DATABASE, LOG_LEVEL), an empty one: no note.
    expect(added).not.toMatch(/^# (MYSQL_PORT|MYSQL_DATABASE|LOG_LEVEL|MYSQL_PASSWORD|HMAC_KEY) above/m);
    expect(first.out).toMatch(/set in \.env\s+MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD, SESSION_SECRET, HMAC_KEY/);
    const again = await ws.run('--yes');
    expect(again.code, again.err).toBe(0);
    expect(ws.read('.env.example')).toBe(extended);
    expect((await ws.run('--check')).code).toBe(0);
  });

  test('no note for a line their own compose file reads from .env (ours merged into it keeps their entry)', async () => {
    ws = workspace('node-own-env-mysql');
    ws.write('compose.yaml', 'services:\n  web:\n    build: .\n    environment:\n      - MYSQL_HOST=${MYSQL_HOST}\n      - MYSQL_USER\n');
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    expect(ws.read('compose.yaml')).toMatch(/- MYSQL_HOST=\$\{MYSQL_HOST\}/);
    const text = ws.read('.env.example');
    expect(text).not.toMatch(/^# MYSQL_(HOST|USER) above/m);
    // Still extended with what compose reads.
    expect(text).toMatch(/^MYSQL_ROOT_PASSWORD=$/m);
  });

  test('a .env.sample is the file extended; no .env.example appears beside it', async () => {
    ws = workspace('node-own-env-mysql');
    const theirs = ws.read('.env.example');
    rmSync(path.join(ws.dir, '.env.example'));
    ws.write('.env.sample', theirs);
    expect((await ws.run('--yes')).code).toBe(0);
    expect(existsSync(path.join(ws.dir, '.env.example'))).toBe(false);
    expect(ws.read('.env.sample')).toMatch(/^MYSQL_ROOT_PASSWORD=$/m);
  });

  test('without one, ours is written whole; a variable added later is appended, user edits kept', async () => {
    ws = workspace('express-pg-redis');
    expect((await ws.run('--yes')).code).toBe(0);
    ws.edit('.env.example', (t) => `${t}# my note\nMY_OWN=1\n`);
    ws.edit('src/index.js', (t) => `const s = process.env.API_TOKEN;\n${t}`);
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    const text = ws.read('.env.example');
    expect(text).toMatch(/# my note\nMY_OWN=1\n/);
    expect(text).toMatch(/^API_TOKEN=$/m);
  });

  test('a variable that turns required is added uncommented beside its commented line', async () => {
    ws = workspace('express-pg-redis');
    // Read only under a condition on the environment: optional, listed commented out.
    ws.edit('src/index.js', (t) => `if (process.env.MODE === 'x') console.log(process.env.FEED_TOKEN);\n${t}`);
    expect((await ws.run('--yes')).code).toBe(0);
    expect(ws.read('.env.example')).toMatch(/^# FEED_TOKEN=$/m);
    expect(ws.read('.env.example')).not.toMatch(/^FEED_TOKEN=/m);
    // Read unconditionally: a secret-like name compose now requires.
    ws.edit('src/index.js', (t) => t.replace("if (process.env.MODE === 'x') console.log(process.env.FEED_TOKEN);", 'console.log(process.env.FEED_TOKEN);'));
    const r = await ws.run('--yes');
    expect(r.code, r.err).toBe(0);
    expect(ws.read('docker-compose.yml')).toMatch(/FEED_TOKEN: "\$\{FEED_TOKEN:\?/);
    const text = ws.read('.env.example');
    expect(text).toMatch(/^# FEED_TOKEN=$/m);
    expect(text).toMatch(/^FEED_TOKEN=$/m);
    // Still optional elsewhere: not repeated uncommented.
    expect(text.match(/^# ?\w+=|^\w+=/gm)!.filter((l) => l.replace(/^# ?/, '') === 'FEED_TOKEN=')).toHaveLength(2);
    const again = await ws.run('--yes');
    expect(again.code, again.err).toBe(0);
    expect(ws.read('.env.example')).toBe(text);
  });
});
