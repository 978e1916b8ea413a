import { afterAll, describe, expect, test } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { canDropRoot, permissionSkipReason, removeDir, runCli, snapshotTree, tempDir, type CliResult } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';

// Hostile projects: a clear one-line error and exit 2 with nothing written, or a correct run. Most run `main()`
// in-process (runMain: same exit code and streams); the built bin (runCli) is kept where only a real process
// proves it: permissions as `nobody` (we are root here) and the process environment not leaking into files.
useTempCache();

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    try {
      chmodSync(d, 0o755);
    } catch {
      // already gone
    }
    removeDir(d);
  }
});

function project(label: string, files: Record<string, string>): string {
  const dir = tempDir(label);
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Exit 2, exactly one stderr line `create-dockerfile: <msg>`, no stack frame, and the tree unchanged. */
function expectRefused(r: CliResult, before: string[], after: string[], want: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^create-dockerfile: /);
  expect(lines[0]!.slice('create-dockerfile: '.length)).toMatch(want);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(after, 'nothing written').toEqual(before);
}

describe.concurrent('broken projects are refused with one line and exit 2, writing nothing', () => {
  test.each([
    ['malformed package.json', { 'package.json': '{\n  "scripts": {"start": "node s.js"},\n}\n' }, /^package\.json:3:1: invalid JSON .*; fix the syntax and run again$/],
    ['Latin-1 package.json', { 'package.json': '{"name":"caf\xe9"}' }, /^package\.json: not valid UTF-8; save it as UTF-8/],
    ['malformed Cargo.toml', { 'Cargo.toml': '[package\n', 'src/main.rs': 'fn main() {}\n' }, /^Cargo\.toml:1:\d+: invalid TOML/],
    ['malformed pom.xml', { 'pom.xml': '<project><a></b></project>' }, /^pom\.xml:1:\d+: invalid XML/],
    ['no recognisable stack', { 'README.md': 'hello\n' }, /: no recognisable stack \(looked for .*\); run in the project root, or pass --cwd DIR or --stack$/],
  ])('%s', async (_name, files, want) => {
    const dir = project('refused', files as Record<string, string>);
    if ((files as Record<string, string>)['package.json']?.includes('\xe9')) writeFileSync(path.join(dir, 'package.json'), Buffer.from('{"name":"caf\xe9"}', 'latin1'));
    const before = snapshotTree(dir);
    expectRefused(await runMain(['--yes', '--cwd', dir]), before, snapshotTree(dir), want);
  });

  test.each([
    [['--port', '0'], /^--port: "0" is not a port; use a whole number from 1 to 65535$/],
    [['--port', '70000'], /^--port: "70000" is not a port/],
    [['--port', '80; rm -rf /'], /^--port: .* is not a port/],
    [['--memory', '512M\nprivileged: true'], /^--memory: .* is not a memory size/],
    [['--cpus', '1\ncap_add: [ALL]'], /^--cpus: .* is not a CPU count/],
    [['--memory', '0'], /^--memory: "0" is below Docker's minimum memory limit of 6M; use e\.g\. 512M$/],
    [['--memory', '1b'], /^--memory: "1b" is below Docker's minimum memory limit/],
    [['--memory', '5.9M'], /^--memory: "5\.9M" is below Docker's minimum memory limit/],
    [['--cpus', '1e-10'], /^--cpus: "1e-10" is not a CPU count/],
    [['--cpus', '0.009'], /^--cpus: "0\.009" is below Docker's minimum of 0\.01 CPUs/],
    [['--base', 'ubuntu'], /^--base: unknown flavour "ubuntu"/],
    [['--stack', 'cobol'], /^--stack: unknown stack "cobol"/],
    [['--start', ' '], /^--start: the command is empty/],
  ])('flags %j', async (args, want) => {
    const dir = project('flags', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER });
    const before = snapshotTree(dir);
    expectRefused(await runMain(['--yes', '--cwd', dir, ...args]), before, snapshotTree(dir), want);
  });

  test('--verbose adds the stack trace, without it there is none', async () => {
    const dir = project('verbose', { 'package.json': '{' });
    expect((await runMain(['--yes', '--cwd', dir])).stderr).not.toMatch(/\n\s+at /);
    expect((await runMain(['--yes', '--verbose', '--cwd', dir])).stderr).toMatch(/\n\s+at /);
  });

  test('a package.json that is a symbolic link to itself', async () => {
    const dir = project('loop', {});
    symlinkSync('package.json', path.join(dir, 'package.json'));
    const before = snapshotTree(dir);
    expectRefused(await runMain(['--yes', '--cwd', dir]), before, snapshotTree(dir), /^package\.json: symbolic link loop; fix or remove the link$/);
  });

  test('a --cwd that is a file, or missing', async () => {
    const dir = project('cwdfile', { 'f.txt': 'x' });
    expect((await runMain(['--yes', '--cwd', path.join(dir, 'f.txt')])).stderr).toMatch(/^create-dockerfile: .*f\.txt: no such folder; pass --cwd/);
    expect((await runMain(['--yes', '--cwd', path.join(dir, 'nope')])).code).toBe(2);
  });
});

// In turn, not concurrently: both runs store the same merge base in this process's cache.
describe('odd but valid projects', () => {
  test('directory symlink loops are not followed, and the run finishes', async () => {
    const dir = project('dirloop', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER, 'src/a.js': '' });
    symlinkSync('..', path.join(dir, 'src', 'up'));
    symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'self'));
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
  });

  test('a project folder whose name has spaces, unicode and a line break', async () => {
    const parent = tempDir('names');
    dirs.push(parent);
    const dir = path.join(parent, 'my app ü 😀\nsecond line');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'my app', scripts: { start: 'node "my server.js"' } }));
    writeFileSync(path.join(dir, 'my server.js'), SERVER);
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('CMD ["/nodejs/bin/node", "my server.js"]');
    expect(dockerfile).not.toContain('second line');
  });
});

describe.skipIf(permissionSkipReason !== undefined)(`permissions (${canDropRoot ? 'CLI run as nobody via setpriv' : 'non-root user'})`, () => {
  test.concurrent('an unreadable package.json', async () => {
    const dir = project('perm', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER });
    chmodSync(path.join(dir, 'package.json'), 0o000);
    const before = snapshotTree(dir);
    expectRefused(await runCli(['--yes', '--cwd', dir], { asNobody: true }), before, snapshotTree(dir), /^package\.json: permission denied; make it readable/);
  });

  test.concurrent('an unreadable source folder is skipped, not fatal', async () => {
    const dir = project('permdir', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER, 'secret/a.js': 'x' });
    chmodSync(dir, 0o777);
    chmodSync(path.join(dir, 'secret'), 0o000);
    const r = await runCli(['--yes', '--cwd', dir], { asNobody: true });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('Dockerfile');
  });

  test.concurrent('a read-only target folder: a clear error and no file, no temporary file left', async () => {
    const dir = project('readonly', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER });
    chmodSync(dir, 0o555);
    const before = snapshotTree(dir);
    const r = await runCli(['--yes', '--cwd', dir], { asNobody: true });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^create-dockerfile: \S+: cannot write \(permission denied\); nothing was written, the previous files are as they were; make the project folder writable or pass --cwd to another folder and run again\n$/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  test.concurrent('a Dockerfile the user cannot overwrite is not replaced', async () => {
    const dir = project('ro-file', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER, Dockerfile: 'FROM scratch\n' });
    chmodSync(path.join(dir, 'Dockerfile'), 0o444);
    const r = await runCli(['--yes', '--force', '--cwd', dir], { asNobody: true });
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });
});

describe.concurrent('written files', () => {
  test('have no executable bit, keep the mode of a file they replace, and .env.example holds no value from the environment', async () => {
    const dir = project('modes', {
      'package.json': JSON.stringify({ scripts: { start: 'node s.js' }, dependencies: { pg: '8.0.0', redis: '4.0.0' } }),
      's.js': SERVER,
      '.dockerignore': 'old\n',
    });
    chmodSync(path.join(dir, '.dockerignore'), 0o600);
    const secret = 'hunter2-do-not-leak';
    const r = await runCli(['--yes', '--force', '--cwd', dir], {
      env: { POSTGRES_PASSWORD: secret, DATABASE_URL: `postgres://u:${secret}@h/db`, REDIS_PASSWORD: secret, SECRET_KEY: secret },
    });
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['Dockerfile', 'docker-compose.yml', '.env.example']) {
      expect(statSync(path.join(dir, f)).mode & 0o111, `${f} is not executable`).toBe(0);
      expect(readFileSync(path.join(dir, f), 'utf8')).not.toContain(secret);
    }
    expect(statSync(path.join(dir, '.dockerignore')).mode & 0o777).toBe(0o600);
    const envExample = readFileSync(path.join(dir, '.env.example'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(envExample.length).toBeGreaterThan(0);
    // The variables this app uses are service secrets: names only, no values.
    for (const line of envExample) expect(line, 'names only, no values').toMatch(/^[A-Z_][A-Z0-9_]*=$/);
  });
});
