import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMain, useTempCache } from '../helpers/run-main.js';

useTempCache();
const dir = mkdtempSync(path.join(tmpdir(), 'cdf-stack-flag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'go.mod'), 'module example.com/greeter\n\ngo 1.22\n');
writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
// A tooling package.json with a trailing comma: only the Node detector reads it.
writeFileSync(path.join(dir, 'package.json'), '{\n  "devDependencies": { "prettier": "3" },\n}\n');

test('a broken package.json beside go.mod stops a run that did not name its stack, with the file and the fix', async () => {
  const r = await runMain(['--yes', '--dry-run', '--cwd', dir]);
  expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^create-dockerfile: package.json:3:1: invalid JSON/)]);
});

test('--stack go plans the Go service next to the broken package.json', async () => {
  const r = await runMain(['--json', '--dry-run', '--stack', 'go', '--cwd', dir]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as { stack: string }).stack).toBe('go');
});
