import { afterAll, beforeEach, expect, test, vi } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as nodeZlib from 'node:zlib';
import { readState } from '../../src/state/state-file.js';
import { contentHash } from '../../src/fs/content-hash.js';
import { runMain, useTempCache } from '../helpers/run-main.js';

// Counts the loads of node:zlib through the lazy loader: decoding a carried merge base is its only use on a run
// that writes nothing.
const calls = vi.hoisted(() => ({ zlib: 0 }));
vi.mock('../../src/fs/lazy-builtins.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/fs/lazy-builtins.js')>();
  return { ...real, zlib: () => (calls.zlib++, real.zlib()) };
});

useTempCache();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `cdf-lazy-${label}-`));
  dirs.push(dir);
  return dir;
};
beforeEach(() => {
  calls.zlib = 0;
});

test('the carried bases are decoded when first read, once, and not by reading the rest of the state', async () => {
  const dir = temp('state');
  const text = 'FROM scratch\n';
  const base = nodeZlib.gzipSync(Buffer.from(text)).toString('base64');
  writeFileSync(path.join(dir, '.create-dockerfile.yml'), `version: 1\nanswers:\n  port: 3000\nfiles:\n  Dockerfile: ${contentHash(text)}\nbases:\n  Dockerfile: ${base}\n`);
  const state = (await readState(dir))!;
  expect(state.answers.port).toBe(3000);
  expect(state.files).toEqual({ Dockerfile: contentHash(text) });
  expect(calls.zlib).toBe(0);
  expect(state.bases).toEqual({ Dockerfile: text });
  expect(state.encodedBases).toEqual({ Dockerfile: base });
  expect(state.bases).toEqual({ Dockerfile: text });
  expect(calls.zlib).toBe(1);
});

test('--check of files left as generated decodes no base; a re-run that rewrites the state file carries them over', async () => {
  const dir = temp('check');
  cpSync(path.resolve(import.meta.dirname, '../fixtures/express-pg-redis/project'), dir, { recursive: true });
  expect((await runMain(['--yes', '--cwd', dir])).code).toBe(0);
  calls.zlib = 0;
  const check = await runMain(['--check', '--cwd', dir]);
  expect(check.stdout).toMatch(/up to date/);
  expect(check.code).toBe(0);
  expect(calls.zlib).toBe(0);
  // A new answer changes the files: the state is rewritten with every base (kept as read where unchanged).
  const rerun = await runMain(['--yes', '--port', '3001', '--cwd', dir]);
  expect(rerun.code).toBe(0);
  expect(calls.zlib).toBeGreaterThan(0);
  const after = (await readState(dir))!;
  for (const [file, hash] of Object.entries(after.files)) expect(contentHash(after.bases[file]!), file).toBe(hash);
});
