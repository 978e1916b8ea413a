import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findWorkspaceRoot } from '../../src/fs/workspace-root.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cdf-wsroot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes files under a fresh folder of tmp; `.git/` entries make it a repository root. */
function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const app = '{"name":"web","scripts":{"start":"node s.js"}}';

describe('the workspace root above --cwd', () => {
  test.each<[string, Record<string, string>, string, string | undefined]>([
    ['pnpm member two levels down', { '.git/HEAD': '', 'package.json': '{}', 'pnpm-workspace.yaml': 'packages: ["apps/*"]\n', 'apps/web/package.json': app }, 'apps/web', 'apps/web'],
    ['npm workspaces in a repository subfolder', { '.git/HEAD': '', 'shop/package.json': '{"workspaces":["apps/*"]}', 'shop/apps/web/package.json': app }, 'shop/apps/web', 'apps/web'],
    ['a folder the globs do not name is no member', { '.git/HEAD': '', 'package.json': '{"workspaces":["packages/*"]}', 'apps/web/package.json': app }, 'apps/web', undefined],
    ['no package.json in --cwd', { '.git/HEAD': '', 'package.json': '{"workspaces":["apps/*"]}', 'apps/web/readme.md': '' }, 'apps/web', undefined],
    ['outside a repository nothing above --cwd is read', { 'package.json': '{"workspaces":["apps/*"]}', 'apps/web/package.json': app }, 'apps/web', undefined],
    ['a workspace above the git root is out of bounds', { 'package.json': '{"workspaces":["repo/apps/*"]}', 'repo/.git/HEAD': '', 'repo/apps/web/package.json': app }, 'repo/apps/web', undefined],
    ['--cwd at the git root looks no further', { '.git/HEAD': '', 'package.json': app }, '.', undefined],
  ])('%s', async (name, files, cwd, member) => {
    const dir = tree(name.replace(/\W+/g, '-'), files);
    const found = await findWorkspaceRoot(path.join(dir, cwd));
    expect(found?.member).toBe(member);
    if (member) expect(found!.root).toBe(path.join(dir, cwd.slice(0, -member.length - 1)));
  });
});
