import { afterAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeDir, tempDir } from './cli-run.js';
import { runMain } from '../helpers/run-main.js';

// `audit` on crafted input: exit 1 means findings, so a file it cannot get through is exit 2 with one line naming
// the file and the limit, in bounded time and memory; a FIFO is never opened.
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function withDockerfile(label: string, text: string | null): string {
  const dir = tempDir(label);
  dirs.push(dir);
  if (text === null) execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);
  else writeFileSync(path.join(dir, 'Dockerfile'), text);
  return dir;
}

const TAIL = 'USER 1000:1000\nCMD ["node", "s.js"]\n';

describe.concurrent('audit refuses what it cannot audit: exit 2, one line', () => {
  test.each<[string, string | null, RegExp]>([
    ['20 000 chained stages', `FROM node:22-slim AS s0\n${Array.from({ length: 20_000 }, (_, i) => `FROM s${i} AS s${i + 1}\n`).join('')}${TAIL}`, /Dockerfile:\d+: more than 200 stages; could not audit/],
    ['1 000 flags on one COPY', `FROM node:22-slim\nCOPY ${Array.from({ length: 1_000 }, (_, i) => `--chown=1:${i}`).join(' ')} a b\n${TAIL}`, /Dockerfile:2: more than 200 flags on one line/],
    ['a 4 MB RUN line', `FROM node:22-slim\nRUN ${Array(350_000).fill('echo hi').join(' && ')}\n${TAIL}`, /Dockerfile:2: line longer than 64 KB/],
    ['a Dockerfile over 4 MB', `FROM node:22-slim\n${'# padding\n'.repeat(500_000)}${TAIL}`, /Dockerfile: larger than 4 MB; could not audit/],
    ['a FIFO as the Dockerfile', null, /Dockerfile: is a FIFO \(named pipe\), not a file to audit \(not opened\)/],
  ])('%s', async (_name, text, want) => {
    const dir = withDockerfile('audit', text);
    const r = await runMain(['audit', dir]);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(want);
  }, 30_000);

  test('a .dockerignore of 20 000 lines is refused too', async () => {
    const dir = withDockerfile('ignore', `FROM node:22-slim\n${TAIL}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.dockerignore'), 'x\n'.repeat(20_000));
    const r = await runMain(['audit', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.dockerignore: more than 10000 lines/);
  }, 30_000);
});
