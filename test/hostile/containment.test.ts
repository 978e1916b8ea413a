import { afterAll, describe, expect, test } from 'vitest';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeDir, snapshotTree, tempDir } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';
import { recordReads } from '../helpers/fs-reads.js';

// Nothing outside the project is read: a committed file that is a link to a secret elsewhere (CI's environment, a
// credentials file) counts as absent with one warning line, and its content never reaches stdout, stderr or a file.
useTempCache();

const SECRET = 'CI_TOKEN=ghp_fakeSECRETvalue0123456789';
const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A project folder next to an `outside/secret.env` holding {@link SECRET}; returns both paths. */
function layout(label: string, files: Record<string, string>): { dir: string; secret: string } {
  const parent = tempDir(label);
  dirs.push(parent);
  const dir = path.join(parent, 'project');
  mkdirSync(path.join(parent, 'outside'), { recursive: true });
  const secret = path.join(parent, 'outside', 'secret.env');
  writeFileSync(secret, `${SECRET}\n`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, secret };
}

const STACKS: Record<string, Record<string, string>> = {
  node: { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER },
  python: { 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' },
  rust: { 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n', 'src/main.rs': 'fn main() {}\n' },
  go: { 'go.mod': 'module example.com/a\n\ngo 1.22\n', 'main.go': 'package main\nfunc main() {}\n' },
  java: { 'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version></project>', 'src/main/java/a/App.java': 'package a;\npublic class App { public static void main(String[] a) {} }\n' },
};

const VERSION_FILES: [stack: string, file: string][] = [
  ['node', '.nvmrc'], ['node', '.node-version'], ['python', '.python-version'], ['python', 'runtime.txt'],
  ['rust', 'rust-toolchain'], ['rust', 'rust-toolchain.toml'], ['java', '.java-version'], ['java', '.sdkmanrc'],
];

describe.concurrent('links out of the project are not followed', () => {
  test.each(VERSION_FILES)('%s: %s linked to a secret outside: a warning, and the secret is never printed', async (stack, file) => {
    const { dir, secret } = layout('out', STACKS[stack]!);
    symlinkSync(secret, path.join(dir, file));
    for (const args of [['--dry-run', '--diff'], ['--check'], ['--dry-run', '--json']]) {
      const r = await runMain(['--yes', '--cwd', dir, ...args]);
      expect(`${r.stdout}${r.stderr}`, args.join(' ')).not.toContain('fakeSECRET');
      expect(r.stderr).toContain(`create-dockerfile: warning: ${file}: a symbolic link to a path outside the project, not followed; ignored\n`);
    }
  });

  // Not concurrent: the read recorder sees every read of this thread (only this test's outside/ folder counts).
  test.sequential.each(['.env.example', '.env.sample'])('%s (the example env file create-dockerfile extends) linked outside: refused with one line, never read', async (file) => {
    const { dir, secret } = layout('envlink', { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' }, dependencies: { pg: '8.0.0' } }), 's.js': SERVER });
    symlinkSync(secret, path.join(dir, file));
    const before = snapshotTree(dir);
    for (const args of [[], ['--dry-run', '--diff'], ['--check']]) {
      const reads = recordReads();
      const r = await runMain(['--yes', '--cwd', dir, ...args]).finally(() => reads.stop());
      expect(reads.paths.filter((p) => p.startsWith(path.dirname(realpathSync(secret)))), 'nothing outside is opened').toEqual([]);
      expect(r.code, r.stderr).toBe(2);
      expect(`${r.stdout}${r.stderr}`).not.toContain('fakeSECRET');
      expect(r.stderr).toMatch(new RegExp(`^(create-dockerfile: warning: .*\n)*create-dockerfile: ${file.replace('.', '\\.')}: a symbolic link to a path outside the project \\(not read, not written through\\)`));
    }
    expect(snapshotTree(dir)).toEqual(before);
  });

  test('a manifest linked outside counts as absent: the warning says why no stack was found', async () => {
    const { dir, secret } = layout('manifest', { 'README.md': 'x\n' });
    symlinkSync(secret, path.join(dir, 'package.json'));
    const before = snapshotTree(dir);
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'create-dockerfile: warning: package.json: a symbolic link to a path outside the project, not followed; ignored',
      expect.stringMatching(/^create-dockerfile: .*: no recognisable stack/),
    ]);
    expect(r.stderr).not.toContain('fakeSECRET');
    expect(snapshotTree(dir)).toEqual(before);
  });

  test('a folder linked outside is not walked: its files are neither found nor read', async () => {
    const { dir } = layout('dirlink', { 'package.json': JSON.stringify({ main: 'src/index.js' }) });
    const outside = path.join(path.dirname(dir), 'outside', 'src');
    mkdirSync(outside);
    // Read, this file would set the port (as it does from a real src/ folder).
    writeFileSync(path.join(outside, 'index.js'), `// ${SECRET}\n${SERVER.replace('process.env.PORT || 3000', '4567')}`);
    symlinkSync(outside, path.join(dir, 'src'));
    const r = await runMain(['--yes', '--dry-run', '--diff', '--cwd', dir]);
    expect(`${r.stdout}${r.stderr}`).not.toContain('fakeSECRET');
    expect(r.stdout).toMatch(/^port\s+3000,/m);
  });

  test('links inside the project are followed as before', async () => {
    const { dir } = layout('inside', { ...STACKS.node!, 'config/node-version': '20\n' });
    symlinkSync('config/node-version', path.join(dir, '.nvmrc'));
    const r = await runMain(['--yes', '--dry-run', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/node 20/);
  });
});

describe.concurrent('paths with ".." that leave the project are refused before anything is read', () => {
  test.each([
    ['a Cargo workspace member glob walking up to /', { 'Cargo.toml': '[workspace]\nmembers = ["../../../../../../**"]\n' }, /^Cargo\.toml: workspace member "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\*\*" is outside the project/],
    ['a Cargo workspace member in a sibling folder', { 'Cargo.toml': '[workspace]\nmembers = ["../outside"]\n' }, /^Cargo\.toml: workspace member "\.\.\/outside" is outside the project/],
    ['an absolute Cargo workspace member', { 'Cargo.toml': '[workspace]\nmembers = ["/etc/*"]\n' }, /^Cargo\.toml: workspace member "\/etc\/\*" is outside the project/],
    ['a Gradle include with ".."', { 'settings.gradle': "include '..:outside'\n", 'build.gradle': "plugins { id 'java' }\n" }, /^settings\.gradle: included project "\.\.\/outside" is outside the project/],
    ['a Gradle includeBuild with ".."', { 'settings.gradle': "includeBuild '../outside'\n", 'build.gradle': "plugins { id 'java' }\n" }, /^settings\.gradle: included project "\.\.\/outside" is outside the project/],
    ['a requirements include with ".."', { 'requirements.txt': '-r ../outside/secret.env\n', 'app.py': '' }, /^requirements\.txt:1: includes "\.\.\/outside\/secret\.env", outside the project/],
  ])('%s', async (_name, files, want) => {
    const { dir } = layout('dotdot', files);
    const before = snapshotTree(dir);
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]!.slice('create-dockerfile: '.length)).toMatch(want);
    expect(r.stderr).not.toContain('fakeSECRET');
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe.concurrent('errors name the file and the problem, never its content', () => {
  // Inside the project, a version file may still be a link to a secret (.nvmrc -> .env): the parser refuses it
  // without quoting what it read, since CI logs are public.
  test.each([
    ['node', '.nvmrc'], ['node', '.node-version'], ['python', '.python-version'], ['python', 'runtime.txt'], ['rust', 'rust-toolchain'],
  ])('%s: %s linked to .env', async (stack, file) => {
    const { dir } = layout('quote', { ...STACKS[stack]!, '.env': `${SECRET}\n` });
    symlinkSync('.env', path.join(dir, file));
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^create-dockerfile: ${file.replace(/\./g, '\\.')}: `));
    expect(`${r.stdout}${r.stderr}`).not.toContain('fakeSECRET');
    expect(r.stderr).not.toContain('CI_TOKEN');
  });

  test('a bad requirement line is quoted only as a short prefix, with URL credentials masked', async () => {
    const { dir } = layout('req', { 'requirements.txt': `git+https://deploy:fakeSECRETpass@example.invalid/a.git ${'x'.repeat(200)}\n`, 'app.py': '' });
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toContain('fakeSECRET');
    expect(r.stderr.length).toBeLessThan(300);
  });
});
