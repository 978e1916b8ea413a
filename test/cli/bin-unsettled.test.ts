import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

// The bin's own rule: when main() never settles (input ended at a prompt, so Node runs out of work and exits by
// itself), the run is a cancel, exit 1 with one line, not a silent success. The loader is swapped for one whose main()
// waits forever (or answers at once), by a preload that fills require's cache.
const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'create-dockerfile.cjs');
const LOADER = path.join(import.meta.dirname, '..', '..', 'dist', 'create-dockerfile.cjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'cdf-bin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runWith(mainBody: string): { status: number | null; stderr: string } {
  const preload = path.join(scratch, `fake-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(preload, `require.cache[${JSON.stringify(LOADER)}] = { id: 'fake', loaded: true, exports: {
  main: () => ${mainBody},
  guardStdio: () => ({ finish: async (code) => code }),
  runKind: () => undefined,
  saveCodeCache: () => [],
} };\n`);
  const r = spawnSync(process.execPath, ['-r', preload, BIN], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

test('a main() that never settles ends the process with exit 1 and says nothing was written', () => {
  const r = runWith('new Promise(() => {})');
  expect(r.status).toBe(1);
  expect(r.stderr).toBe('create-dockerfile: input ended before every question was answered; nothing was written\n');
});

test("main()'s own exit code is kept, with nothing added, once it settles", () => {
  expect(runWith('Promise.resolve(0)')).toEqual({ status: 0, stderr: '' });
  expect(runWith('Promise.resolve(2)')).toEqual({ status: 2, stderr: '' });
});
