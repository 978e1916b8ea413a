import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProjectFs } from '../../../src/fs/project-fs.js';

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(hasGit)('last change in git history (node fs)', () => {
  test('the commit time of each file; undefined for an uncommitted file and outside a repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdf-git-'));
    const git = (args: string[], date?: string) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'ignore', env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) } });
    try {
      expect(await createProjectFs(dir).lastChanged('yarn.lock')).toBeUndefined();
      git(['init', '-q']);
      fs.writeFileSync(path.join(dir, 'yarn.lock'), '# v1\n');
      git(['add', 'yarn.lock']);
      git(['commit', '-qm', 'a'], '2021-01-01T00:00:00Z');
      fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
      git(['add', 'package-lock.json']);
      git(['commit', '-qm', 'b'], '2024-01-01T00:00:00Z');
      fs.writeFileSync(path.join(dir, 'pnpm-lock.yaml'), 'x');
      const p = createProjectFs(dir);
      expect(await p.lastChanged('yarn.lock')).toBe(1609459200);
      expect(await p.lastChanged('package-lock.json')).toBe(1704067200);
      expect(await p.lastChanged('pnpm-lock.yaml')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
