import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Resources } from './lib/cleanup.js';
import { cmd, mustCmd } from './lib/exec.js';
import { REPO_ROOT, copyFixture, runGenerator } from './lib/fixtures.js';

// `create-dockerfile verify` on one fixture: alone, and --compare against a bloated single-stage Dockerfile
// committed in git. verify removes its own images and containers; this file removes the work dir.
const BIN = path.join(REPO_ROOT, 'bin', 'create-dockerfile.js');
const FIXTURE = 'npm-express';
const OLD_DOCKERFILE = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD npm start\n';
const verify = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  cmd(process.execPath, [BIN, 'verify', ...args], { cwd, timeoutMs: 15 * 60_000, env });

test('verify without a Docker engine is one line and exit 2', async () => {
  const dir = await copyFixture(FIXTURE);
  const res = new Resources();
  res.dirs.add(dir);
  try {
    await writeFile(path.join(dir, 'Dockerfile'), OLD_DOCKERFILE);
    const r = await verify([], dir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no Docker engine answers/);
  } finally {
    await res.release();
  }
});

describe.skipIf(!inject('dockerAvailable'))(`verify on ${FIXTURE}`, () => {
  const res = new Resources();
  let dir = '';

  beforeAll(async () => {
    dir = await copyFixture(FIXTURE);
    res.dirs.add(dir);
    await runGenerator(dir);
    const generated = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    // The "before" state lives in git, as it would in a project adopting the generated file.
    await writeFile(path.join(dir, 'Dockerfile'), OLD_DOCKERFILE);
    const git = (args: string[]) => mustCmd('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd: dir });
    await git(['init', '-q']);
    await git(['add', 'Dockerfile']);
    await git(['commit', '-q', '-m', 'old Dockerfile']);
    await writeFile(path.join(dir, 'Dockerfile'), generated);
  });

  afterAll(() => res.release());

  test('verify builds, runs healthy as non-root and reports the measurements', async () => {
    const r = await verify([], dir);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/image size\s+\d+(\.\d)? MB/);
    expect(r.stdout).toMatch(/layers\s+\d+/);
    expect(r.stdout).toMatch(/build time\s+\d+\.\d s/);
    expect(r.stdout).toMatch(/warm rebuild\s+\d+\.\d s \(after editing server\.js\)/);
    expect(r.stdout).toMatch(/running user\s+65532:65532/);
    expect(r.stdout).toMatch(/healthy after\s+\d+\.\d s/);
    expect(r.stdout).toMatch(/audit\s+clean/);
  });

  test('verify --compare HEAD prints the before/after table', async () => {
    const r = await verify(['--compare', 'HEAD'], dir);
    expect(r.exitCode, r.all).toBe(0);
    console.log(r.stdout);
    const row = (name: string): string[] => {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`| ${name} `));
      expect(line, `row ${name}`).toBeDefined();
      return line!.split('|').slice(2, 5).map((c) => c.trim());
    };
    expect(r.stdout).toMatch(/verify --compare: HEAD:Dockerfile -> Dockerfile/);
    const size = row('image size').map((c) => Number.parseFloat(c));
    expect(size[1]!, 'the generated image is smaller').toBeLessThan(size[0]!);
    expect(row('build time')[0]).toMatch(/^\d+\.\d s$/);
    expect(row('warm rebuild')[1]).toMatch(/^\d+\.\d s$/);
    expect(row('findings')[0]).toMatch(/error/);
    expect(row('findings')[1]).toBe('clean');
    expect(row('runs as root?').slice(0, 2)).toEqual(['yes', 'no']);
    // verify cleans up after itself: the work dir is unchanged apart from what git tracks.
    expect((await cmd('git', ['status', '--porcelain', 'Dockerfile'], { cwd: dir })).stdout.trim()).toBe('M Dockerfile');
  });
});
