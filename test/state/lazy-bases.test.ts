import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { readState } from '../../src/state/state-file.js';
import { contentHash } from '../../src/fs/content-hash.js';

// Whether node:zlib was loaded tells whether a carried merge base was decoded: decoding is its only use on a run that
// writes nothing. Each case runs in a process of its own (the built code, as users run it), since the unit suite
// shares one module graph per worker and must not mock modules.
const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'create-dockerfile.cjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `cdf-lazy-${label}-`));
  dirs.push(dir);
  return dir;
};

/** Runs node with `args` and returns its standard output and whether it loaded node:zlib. */
function run(args: string[], cwd: string): { stdout: string; status: number | null; zlib: boolean } {
  const probe = path.join(cwd, '..', `${path.basename(cwd)}-probe.cjs`);
  writeFileSync(probe, `process.on('exit', () => require('node:fs').writeSync(2, '\\nZLIB ' + process.moduleLoadList.includes('NativeModule zlib') + '\\n'));\n`);
  dirs.push(probe);
  const env = { ...process.env, CI: 'true', XDG_CACHE_HOME: path.join(cwd, '..', `${path.basename(cwd)}-cache`) };
  const r = spawnSync(process.execPath, ['-r', probe, ...args], { cwd, encoding: 'utf8', env });
  return { stdout: r.stdout, status: r.status, zlib: /^ZLIB true$/m.test(r.stderr) };
}

test('the carried bases are decoded when first read, and not by reading the rest of the state', () => {
  const dir = temp('state');
  const text = 'FROM scratch\n';
  const base = gzipSync(Buffer.from(text)).toString('base64');
  writeFileSync(path.join(dir, '.create-dockerfile.yml'), `version: 1\nanswers:\n  port: 3000\nfiles:\n  Dockerfile: ${contentHash(text)}\nbases:\n  Dockerfile: ${base}\n`);
  const module = JSON.stringify(path.join(ROOT, 'dist', 'src', 'state', 'state-file.js'));
  const loaded = "process.moduleLoadList.includes('NativeModule zlib')";
  const script = `const { readState } = await import(${module});
const state = await readState(process.cwd());
const out = { port: state.answers.port, files: state.files, before: ${loaded} };
out.bases = state.bases;
out.encoded = state.encodedBases;
out.after = ${loaded};
console.log(JSON.stringify(out));`;
  const r = run(['--input-type=module', '-e', script], dir);
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ port: 3000, files: { Dockerfile: contentHash(text) }, encoded: { Dockerfile: base }, before: false, bases: { Dockerfile: text }, after: true });
});

test('--check of files left as generated decodes no base; a re-run that rewrites the state file carries them over', async () => {
  const dir = temp('check');
  cpSync(path.resolve(import.meta.dirname, '../fixtures/express-pg-redis/project'), dir, { recursive: true });
  expect(run([BIN, '--yes'], dir).status).toBe(0);
  const check = run([BIN, '--check'], dir);
  expect(check.stdout).toMatch(/up to date/);
  expect(check.status).toBe(0);
  expect(check.zlib).toBe(false);
  // A new answer changes the files: the state is rewritten with every base (kept as read where unchanged).
  const rerun = run([BIN, '--yes', '--port', '3001'], dir);
  expect(rerun.status).toBe(0);
  expect(rerun.zlib).toBe(true);
  const after = (await readState(dir))!;
  for (const [file, hash] of Object.entries(after.files)) expect(contentHash(after.bases[file]!), file).toBe(hash);
});

test('--workspace all --check of files left as generated decodes no base either', () => {
  const dir = temp('all');
  cpSync(path.resolve(import.meta.dirname, '../fixtures/pnpm-turbo-all/project'), dir, { recursive: true });
  expect(run([BIN, '--yes', '--workspace', 'all'], dir).status).toBe(0);
  const check = run([BIN, '--check', '--workspace', 'all'], dir);
  expect(check.stdout).toMatch(/up to date/);
  expect(check.status).toBe(0);
  expect(check.zlib).toBe(false);
});
