import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { auditFiles } from '../../src/audit/audit.js';
import { buildStep } from '../../src/verify/engine.js';
import { isRootUser, passed, type Measurement } from '../../src/verify/measure.js';
import { formatCompare, formatSingle } from '../../src/verify/report.js';
import { resolveCompare } from '../../src/verify/command.js';

// The engine-free parts of verify (the engine runs are in test/e2e/verify.test.ts).
const bad = auditFiles([{ path: 'Dockerfile', text: 'FROM node:22\nCMD npm start\n' }]);
const before: Measurement = { label: 'HEAD:Dockerfile', built: true, buildSeconds: 40, warmSeconds: 30, sizeBytes: 1_100_000_000, layers: 12, user: '', uids: [0], runsAsRoot: true, health: 'running (no HEALTHCHECK)', findings: bad };
const after: Measurement = { label: 'Dockerfile', built: true, buildSeconds: 20, warmSeconds: 2, edited: 'server.js', sizeBytes: 150_000_000, layers: 8, user: '65532:65532', uids: [65532], runsAsRoot: false, health: 'healthy', healthySeconds: 4.2, findings: [] };

test('before/after table: size, build, warm rebuild, health, findings, root', () => {
  const out = formatCompare(before, after);
  expect(out).toMatch(/^verify --compare: HEAD:Dockerfile -> Dockerfile\n/);
  expect(out).toMatch(/\| image size +\| 1100\.0 MB +\| 150\.0 MB +\| \(-86%\) \|/);
  expect(out).toMatch(/\| warm rebuild +\| 30\.0 s +\| 2\.0 s +\| \(-93%\) \|/);
  expect(out).toMatch(/\| findings +\| 1 error, \d+ warnings? +\| clean +\|/);
  expect(out).toMatch(/\| runs as root\? +\| yes +\| no +\|/);
  expect(formatCompare({ ...before, built: false, buildError: 'RUN failed' }, after)).toMatch(/\| image size +\| build failed .*\n[\s\S]*build error \(HEAD:Dockerfile\):\n {4}RUN failed/);
});

test('single report and pass/fail', () => {
  const out = formatSingle(after);
  expect(out).toMatch(/warm rebuild +2\.0 s \(after editing server\.js\)/);
  expect(out).toMatch(/running user +65532:65532 \(uid 65532\)/);
  expect(out).toMatch(/healthy after +4\.2 s/);
  expect(passed(after)).toBe(true);
  expect(passed({ ...after, health: 'unhealthy', failure: 'boom' })).toBe(false);
  expect(formatSingle({ ...after, health: 'unhealthy', failure: 'boom' })).toMatch(/container output \(Dockerfile, unhealthy\):\n {4}boom/);
});

test('root users, BuildKit step lines', () => {
  expect([isRootUser(''), isRootUser('root'), isRootUser('0:0'), isRootUser('1000'), isRootUser('node')]).toEqual([true, true, true, false, false]);
  expect(buildStep('#7 [deps 2/4] RUN npm ci')).toBe('[deps 2/4] RUN npm ci');
  expect(buildStep('#7 CACHED')).toBeUndefined();
});

test('--compare takes a file path; anything else must be a git ref with a Dockerfile', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdf-compare-'));
  try {
    writeFileSync(path.join(dir, 'old.Dockerfile'), 'FROM node:22\n');
    expect(await resolveCompare('old.Dockerfile', dir, dir)).toEqual({ label: 'old.Dockerfile', text: 'FROM node:22\n' });
    await expect(resolveCompare('no-such-ref', dir, dir)).rejects.toThrow(/--compare no-such-ref: neither a file nor a git ref/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
