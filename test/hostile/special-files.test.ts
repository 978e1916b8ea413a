import { afterAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { removeDir, snapshotTree, tempDir } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { readContained } from '../../src/fs/safe-read.js';

// A FIFO, device or socket where a file is expected is never opened (opening a FIFO blocks until a writer comes;
// /dev/zero never ends), and no read holds more than its cap, whatever stat() says the size is.
useTempCache();

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";
const NODE = { 'package.json': JSON.stringify({ scripts: { start: 'node s.js' } }), 's.js': SERVER };
const dirs: string[] = [];
const servers: net.Server[] = [];
afterAll(() => {
  servers.forEach((s) => s.close());
  dirs.forEach(removeDir);
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

const fifo = (file: string): void => void execFileSync('mkfifo', [file]);

// Generous: a blocked open never returns, so any hang fails the test instead of passing slowly.
const HANG = 20_000;

describe.concurrent('special files in the project are skipped without being opened', () => {
  test('a FIFO as package.json: absent, with a warning, and no hang', async () => {
    const dir = project('fifo-manifest', { 's.js': SERVER });
    fifo(path.join(dir, 'package.json'));
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^create-dockerfile: warning: package\.json: a FIFO \(named pipe\), not a regular file, not read; ignored\n/);
    expect(r.stderr).toMatch(/no recognisable stack/);
  }, HANG);

  test('a FIFO as .nvmrc: skipped, the run completes', async () => {
    const dir = project('fifo-version', NODE);
    fifo(path.join(dir, '.nvmrc'));
    const r = await runMain(['--yes', '--dry-run', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('create-dockerfile: warning: .nvmrc: a FIFO (named pipe), not a regular file, not read; ignored\n');
  }, HANG);

  test('a socket as requirements.txt: skipped, the run completes', async () => {
    const dir = project('socket', { 'pyproject.toml': '[project]\nname = "a"\nversion = "1"\ndependencies = []\n', 'main.py': '' });
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'requirements.txt'), resolve));
    const r = await runMain(['--yes', '--dry-run', '--cwd', dir]);
    expect(r.stderr).toContain('warning: requirements.txt: a socket, not a regular file, not read; ignored');
  }, HANG);

  test('.nvmrc linked to /dev/zero: not followed, no hang, no memory blow-up', async () => {
    const dir = project('zero', NODE);
    symlinkSync('/dev/zero', path.join(dir, '.nvmrc'));
    const r = await runMain(['--yes', '--dry-run', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: .nvmrc: a symbolic link to a path outside the project');
  }, HANG);

  test('a device inside the boundary is not opened either (/dev/zero read with /dev as the root)', async () => {
    const fs = createProjectFs('/dev');
    expect(await fs.readText('zero')).toBeUndefined();
    expect(await fs.exists('zero')).toBe(false);
    expect(fs.warnings).toEqual(['zero: a device, not a regular file, not read; ignored']);
  }, HANG);
});

describe.concurrent('files create-dockerfile writes: anything but a regular file is refused, nothing written', () => {
  test.each([
    ['a FIFO as Dockerfile', 'Dockerfile', (f: string) => fifo(f), /^Dockerfile: is a FIFO \(named pipe\), not a file to write \(not opened\); remove it and run again$/],
    ['a FIFO as the state file', '.create-dockerfile.yml', (f: string) => fifo(f), /^\.create-dockerfile\.yml: is a FIFO \(named pipe\), not the saved-answers file/],
    ['Dockerfile linked to /dev/zero', 'Dockerfile', (f: string) => symlinkSync('/dev/zero', f), /^Dockerfile: a symbolic link to a path outside the project \(not read, not written through\)/],
    ['the state file linked to /dev/zero', '.create-dockerfile.yml', (f: string) => symlinkSync('/dev/zero', f), /^\.create-dockerfile\.yml: a symbolic link to a path outside the project/],
  ])('%s', async (_name, file, make, want) => {
    const dir = project('own', NODE);
    make(path.join(dir, file));
    const before = snapshotTree(dir);
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(2);
    // Detection may read the same file as evidence (an existing Dockerfile's HEALTHCHECK): its warning names the
    // file too; the refusal itself is one line.
    const all = r.stderr.split('\n').filter(Boolean);
    const warnings = all.filter((l) => l.startsWith('create-dockerfile: warning: '));
    for (const w of warnings) expect(w).toContain(`warning: ${file}: `);
    const lines = all.filter((l) => !warnings.includes(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.slice('create-dockerfile: '.length)).toMatch(want);
    expect(snapshotTree(dir)).toEqual(before);
  }, HANG);
});

describe('byte caps are enforced while reading, not from stat()', () => {
  test('/proc/self/status reports size 0 yet is read only up to the cap', async () => {
    expect(statSync('/proc/self/status').size).toBe(0);
    expect(await readContained(nodeFs, '/proc/self/status', { boundary: '/proc', cap: 16 })).toEqual({ kind: 'too-large', cap: 16 });
    const whole = await readContained(nodeFs, '/proc/self/status', { boundary: '/proc', cap: 1024 * 1024 });
    expect(whole.kind).toBe('file');
  });

  test.each([[99, 'file'], [100, 'file'], [101, 'too-large']])('a %i-byte file with a 100-byte cap: %s', async (size, kind) => {
    const dir = project('cap', { f: 'x'.repeat(size) });
    expect((await readContained(nodeFs, path.join(dir, 'f'), { boundary: dir, cap: 100 })).kind).toBe(kind);
  });

  test('a manifest over the project cap is a one-line error naming it', async () => {
    const dir = project('capfs', { 'package.json': JSON.stringify({ description: 'x'.repeat(2000) }) });
    await expect(createProjectFs(dir, nodeFs, { maxBytes: 1024 }).readText('package.json')).rejects.toThrow(/^package\.json: file is larger than 1 KB; a manifest this size is not supported$/);
  });
});
