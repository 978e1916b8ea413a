import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

// The built bin loads dist/cli/ through V8's code cache (src/boot/code-cache.ts): the first run writes the cache,
// later runs use it and write nothing, a broken or foreign cache is replaced, an unwritable one is skipped; the
// output is the same in every case.
const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'create-dockerfile.cjs');
const PROJECT = path.join(import.meta.dirname, '..', 'fixtures', 'npm-express', 'project');
const scratch = mkdtempSync(path.join(tmpdir(), 'cdf-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(cacheHome: string): string {
  return execFileSync(process.execPath, [BIN, '--yes', '--dry-run', '--cwd', PROJECT], { env: { ...process.env, XDG_CACHE_HOME: cacheHome, CI: 'true' }, encoding: 'utf8' });
}

/** The cache folder of this Node under `cacheHome`, with each file's modification time. */
function cacheFiles(cacheHome: string): Map<string, number> {
  const dir = path.join(cacheHome, 'create-dockerfile', 'code', `${process.version}-${process.arch}`);
  return new Map(readdirSync(dir).map((f) => [path.join(dir, f), statSync(path.join(dir, f)).mtimeMs]));
}

describe('code cache of the built CLI', () => {
  const home = path.join(scratch, 'home');
  let first = '';

  test('the first run writes one cache file per script it loaded, named by the script and its hash', () => {
    first = run(home);
    const names = [...cacheFiles(home).keys()].map((f) => path.basename(f)).filter((n) => !n.endsWith('.kinds'));
    const scripts = new Set(readdirSync(path.join(import.meta.dirname, '..', '..', 'dist', 'cli')));
    expect(names.length).toBeGreaterThan(1);
    for (const n of names) expect(scripts.has(n.replace(/\.[0-9a-f]{16}$/, ''))).toBe(true);
    expect(first).toContain('audit: clean');
  });

  test('a later run uses the cache: the same output, no file rewritten', () => {
    const before = cacheFiles(home);
    expect(run(home)).toBe(first);
    expect(cacheFiles(home)).toEqual(before);
  });

  test('a broken cache file is refused and replaced; a foreign file is removed', () => {
    const [file] = [...cacheFiles(home).keys()].sort((a, b) => statSync(b).size - statSync(a).size);
    writeFileSync(file!, 'not a code cache');
    const foreign = path.join(path.dirname(file!), 'main-OLDBUILD.js.0123456789abcdef');
    writeFileSync(foreign, 'from an older version');
    expect(run(home)).toBe(first);
    expect(readFileSync(file!).toString('latin1')).not.toBe('not a code cache');
    expect(cacheFiles(home).has(foreign)).toBe(false);
  });

  test('a cache folder that cannot be created changes nothing but speed', () => {
    const blocked = path.join(scratch, 'a-file');
    writeFileSync(blocked, '');
    expect(run(blocked)).toBe(first);
  });
});

describe('code cache across kinds of run', () => {
  const home = path.join(scratch, 'kinds');
  const GO = path.join(import.meta.dirname, '..', 'fixtures', 'go-root-main', 'project');
  const runIn = (project: string, ...args: string[]) =>
    execFileSync(process.execPath, [BIN, ...args, '--cwd', project], { env: { ...process.env, XDG_CACHE_HOME: home, CI: 'true' }, encoding: 'utf8' });

  test('a new kind of run (another stack, --check) rewrites the caches once, then reads them', () => {
    runIn(PROJECT, '--yes', '--dry-run');
    const afterNode = cacheFiles(home);
    const kindsFile = [...afterNode.keys()].find((f) => f.endsWith('.kinds'));
    expect(readFileSync(kindsFile!, 'utf8')).toBe('dry-run:node\n');
    // A Go generation: the scripts both runs load get the Go run's functions added.
    const goOut = runIn(GO, '--yes', '--dry-run');
    const afterGo = cacheFiles(home);
    expect(readFileSync(kindsFile!, 'utf8')).toBe('dry-run:node\ndry-run:go\n');
    const rewritten = [...afterNode.keys()].filter((f) => !f.endsWith('.kinds') && afterGo.get(f) !== afterNode.get(f));
    expect(rewritten.length).toBeGreaterThan(0);
    // The same kinds again: nothing is written, the output is the same.
    expect(runIn(GO, '--yes', '--dry-run')).toBe(goOut);
    runIn(PROJECT, '--yes', '--dry-run');
    expect(cacheFiles(home)).toEqual(afterGo);
  });
});
