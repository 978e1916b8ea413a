import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { collectAuditFiles, runAuditCommand, sarifUri } from '../../src/audit/command.js';
import { UserError } from '../../src/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdf-audit-cmd-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a folder named Dockerfile is a one-line usage error (exit 2), not an internal EISDIR', () => {
  mkdirSync(path.join(dir, 'odd', 'Dockerfile'), { recursive: true });
  let caught: unknown;
  try {
    collectAuditFiles('odd', dir);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UserError);
  expect((caught as UserError).exitCode).toBe(2);
  expect((caught as UserError).message).toMatch(/^odd\/Dockerfile: is a folder, not a Dockerfile; /);
  expect((caught as UserError).message).not.toMatch(/\n/);
});

test('a .dockerignore or compose name that is a folder is skipped, not read', () => {
  mkdirSync(path.join(dir, 'app', '.dockerignore'), { recursive: true });
  mkdirSync(path.join(dir, 'app', 'compose.yaml'), { recursive: true });
  writeFileSync(path.join(dir, 'app', 'docker-compose.yml'), 'services: {}\n');
  writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'FROM node:22-slim\n');
  expect(collectAuditFiles('app', dir).map((f) => f.path)).toEqual(['app/Dockerfile', 'app/docker-compose.yml']);
});

test('SARIF URIs are relative to the git repository root (.git folder or worktree file), else the path as given', () => {
  mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
  mkdirSync(path.join(dir, 'repo', 'services', 'api'), { recursive: true });
  mkdirSync(path.join(dir, 'worktree', 'app'), { recursive: true });
  writeFileSync(path.join(dir, 'worktree', '.git'), 'gitdir: /elsewhere/.git/worktrees/w\n');
  expect(sarifUri('Dockerfile', path.join(dir, 'repo', 'services', 'api'))).toBe('services/api/Dockerfile');
  expect(sarifUri(path.join(dir, 'repo', 'services', 'api', 'compose.yaml'))).toBe('services/api/compose.yaml');
  expect(sarifUri('app/Dockerfile', path.join(dir, 'worktree'))).toBe('app/Dockerfile');
  expect(sarifUri('plain/Dockerfile', dir)).toBe('plain/Dockerfile');
});

test('audit --sarif writes repository-relative URIs', async () => {
  const api = path.join(dir, 'repo', 'services', 'api');
  mkdirSync(api, { recursive: true });
  mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
  writeFileSync(path.join(api, 'Dockerfile'), 'FROM node:latest\n');
  let out = '';
  await runAuditCommand([api, '--sarif'], { out: (t) => void (out += t), err: () => undefined, env: {} });
  const uris = (JSON.parse(out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] })
    .runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
  expect(uris.length).toBeGreaterThan(0);
  expect(new Set(uris)).toEqual(new Set(['services/api/Dockerfile']));
});
