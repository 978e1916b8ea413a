import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

// The bin answers a lone `--version` (or `-v`) itself, without loading the CLI; any other argument list goes through
// the CLI. A preload swaps the loader for one that records that it was loaded and prints a marker for every run.
const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'create-dockerfile.cjs');
const LOADER = path.join(ROOT, 'dist', 'create-dockerfile.cjs');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const scratch = mkdtempSync(path.join(tmpdir(), 'cdf-bin-version-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const preload = path.join(scratch, 'fake-loader.cjs');
writeFileSync(preload, `require.cache[${JSON.stringify(LOADER)}] = { id: 'fake', loaded: true, exports: {
  main: async (argv) => (require('node:fs').writeSync(2, 'cli ' + argv.join(' ') + '\\n'), 0),
  guardStdio: () => ({ finish: async (code) => code }),
  runKind: () => undefined,
  saveCodeCache: () => [],
} };\n`);

function bin(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test.each([['--version'], ['-v']])('%s alone prints the package version without loading the CLI', (flag) => {
  expect(bin(flag)).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
});

test('--version beside other arguments, and other runs, go through the CLI', () => {
  expect(bin('--version', '--yes').stderr).toBe('cli --version --yes\n');
  expect(bin('--help').stderr).toBe('cli --help\n');
  expect(bin().stderr).toBe('cli \n');
});

test('a lone --version that cannot be written (a full device) is left to the CLI, which reports it', () => {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, ['-r', preload, BIN, '--version'], { encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
    expect(r.stderr).toBe('cli --version\n');
  } finally {
    closeSync(full);
  }
});
