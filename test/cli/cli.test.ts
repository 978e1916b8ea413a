import { describe, expect, test, beforeEach, afterEach } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, statSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { runMain, useTempCache } from '../helpers/run-main.js';

// Most cases run `main()` in-process (same exit code and streams as the bin, without a process start each); the
// built-bin block keeps what only a real process shows: its exit status, --help/--version and a clean stderr.
const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'create-dockerfile.cjs');
// Merge bases go to the user's cache folder outside git: keep them in a per-run temp folder.
const cache = useTempCache();
const bin = (args: string[]) => execa('node', [BIN, ...args], { reject: false, env: { CI: 'true', XDG_CACHE_HOME: cache }, stdin: 'ignore' });
const run = async (args: string[]) => {
  const r = await runMain(args, { XDG_CACHE_HOME: cache });
  return { exitCode: r.code, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdf-cli-'));
  cpSync(path.join(FIXTURES_DIR, 'npm-express', 'project'), dir, { recursive: true });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('create-dockerfile (built bin)', () => {
  test('--help lists flags and the stacks from the registry; --version prints the version', async () => {
    const help = await bin(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/--dry-run/);
    expect(help.stdout).toMatch(/node\s+Node\.js \(package\.json\)/);
    const version = await bin(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(BIN, '..', '..', 'package.json'), 'utf8')).version);
  });

  test('a usage error ends the process with exit 2 and one stderr line, no stack trace', async () => {
    const r = await bin(['--yes', '--cwd', dir, '--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).not.toContain('Dockerfile');
  });

  test('--force never replaces a compose file of the user\'s: ours is merged in, their services and comments stay', async () => {
    const theirs = '# local tools\nservices:\n  mailhog:\n    image: mailhog/mailhog:v1.0.1\n  app:\n    build: .\n    read_only: false\n';
    writeFileSync(path.join(dir, 'compose.yaml'), theirs);
    const r = await bin(['--yes', '--force', '--cwd', dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/merged\s+compose\.yaml .*ours taken where yours differed \(--force\): services\.app\.read_only/);
    const merged = readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    expect(merged.startsWith('# local tools\nservices:\n  mailhog:\n    image: mailhog/mailhog:v1.0.1\n  app:\n    build: .\n    read_only: true\n')).toBe(true);
    expect(merged).toMatch(/^ {4}healthcheck:$/m);
    expect(existsSync(path.join(dir, 'docker-compose.yml'))).toBe(false);
  });
});

describe('create-dockerfile (main in-process)', () => {
  test('non-interactive run writes the files; a second run reports identical and changes no byte or mtime', async () => {
    const first = await run(['--yes', '--cwd', dir]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/created\s+Dockerfile/);
    expect(first.stdout).toMatch(/^audit: clean \(0 findings\)$/m);
    const mtime = statSync(path.join(dir, 'Dockerfile')).mtimeMs;
    const second = await run(['--yes', '--cwd', dir]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/identical\s+Dockerfile/);
    expect(statSync(path.join(dir, 'Dockerfile')).mtimeMs).toBe(mtime);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(statSync(path.join(dir, 'Dockerfile')).mode & 0o111).toBe(0);
  });

  test('--check exits 0 when up to date, 1 with a diff when stale, and never writes', async () => {
    expect((await run(['--yes', '--cwd', dir])).exitCode).toBe(0);
    const fresh = await run(['--check', '--cwd', dir]);
    expect([fresh.exitCode, fresh.stdout]).toEqual([0, expect.stringMatching(/^create-dockerfile: up to date/)]);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    pkg.dependencies.redis = '4.7.0';
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    const before = readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8');
    const stale = await run(['--check', '--cwd', dir]);
    expect(stale.exitCode).toBe(1);
    expect(stale.stdout).toMatch(/^\+ {2}redis:$/m);
    expect(stale.stderr).toMatch(/stale: docker-compose\.yml \(would change\).*run npx create-dockerfile/);
    expect(readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')).toBe(before);
  });

  test('--json --dry-run prints the plan with stable keys and writes nothing', async () => {
    const r = await run(['--json', '--dry-run', '--cwd', dir]);
    expect(r.exitCode).toBe(0);
    const plan = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(plan).slice(0, 8)).toEqual(['stack', 'packageManager', 'framework', 'runtime', 'start', 'build', 'port', 'services']);
    expect(plan).toMatchObject({ stack: 'node', packageManager: 'npm', framework: 'express', runtime: { name: 'node', version: '26' }, port: 3000, build: null });
    expect(plan.files).toEqual([
      { path: 'Dockerfile', status: 'create' }, { path: '.dockerignore', status: 'create' }, { path: 'docker-compose.yml', status: 'create' },
      { path: '.create-dockerfile.yml', status: 'create' },
    ]);
    expect(plan.audit).toEqual([]);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });

  test('a differing file is a conflict: exit 1, nothing written; --force overwrites', async () => {
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const r = await run(['--yes', '--cwd', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Dockerfile: exists and was not generated by create-dockerfile .* --force/);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(existsSync(path.join(dir, '.dockerignore'))).toBe(false);
    const forced = await run(['--yes', '--force', '--diff', '--cwd', dir]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toMatch(/^-FROM scratch$/m);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/AS runtime/);
  });

  test.each<[string, string[], RegExp]>([
    ['unknown flag', ['--frobnicate'], /Unknown option '--frobnicate'/],
    ['port out of range', ['--port', '70000'], /--port: "70000" is not a port/],
    ['unknown base', ['--base', 'windows'], /--base: unknown flavour/],
    ['--check with --keep', ['--check', '--keep'], /--check and --keep contradict each other/],
    ['--keep with --force', ['--keep', '--force'], /--keep and --force contradict each other/],
    ['unknown stack', ['--stack', 'cobol'], /--stack: unknown stack "cobol"/],
    ['missing folder', ['--cwd', '/nonexistent/x'], /no such folder/],
  ])('usage error (%s): exit 2, one line, no stack trace', async (_, args, message) => {
    const r = await run(['--yes', '--cwd', dir, ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a folder with no recognisable stack: exit 2 with the fix', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cdf-empty-'));
    const r = await run(['--yes', '--cwd', empty]);
    rmSync(empty, { recursive: true, force: true });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no recognisable stack .* pass --cwd DIR or --stack/);
  });

  test('a malformed package.json: exit 2, file:line:col, stack trace only with --verbose', async () => {
    writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "x",\n}\n');
    const r = await run(['--yes', '--cwd', dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^create-dockerfile: package.json:3:1: invalid JSON/);
    const verbose = await run(['--yes', '--verbose', '--cwd', dir]);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  test('flags override detection: --port, --base slim, --no-compose, --services', async () => {
    const r = await run(['--json', '--dry-run', '--port', '8081', '--base', 'slim', '--services', 'postgres', '--cwd', dir]);
    const plan = JSON.parse(r.stdout) as { port: number; base: string; user: { uid: number }; services: string[]; files: { path: string }[] };
    expect([plan.port, plan.base, plan.user.uid, plan.services]).toEqual([8081, 'slim', 1000, ['postgres']]);
    expect(plan.files.map((f) => f.path)).toContain('.env.example');
    const noCompose = JSON.parse((await run(['--json', '--dry-run', '--no-compose', '--cwd', dir])).stdout) as { files: { path: string }[] };
    expect(noCompose.files.map((f) => f.path)).toEqual(['Dockerfile', '.dockerignore', '.create-dockerfile.yml']);
  });
});
