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
const py = '[project]\nname = "api"\nversion = "0.1.0"\n';
const uvRoot = (members: string): string => `[tool.uv.workspace]\nmembers = ${members}\n`;

describe('the workspace root above --cwd', () => {
  test.each<[string, Record<string, string>, string, string | undefined]>([
    ['pnpm member two levels down', { '.git/HEAD': '', 'package.json': '{}', 'pnpm-workspace.yaml': 'packages: ["apps/*"]\n', 'apps/web/package.json': app }, 'apps/web', 'apps/web'],
    ['npm workspaces in a repository subfolder', { '.git/HEAD': '', 'shop/package.json': '{"workspaces":["apps/*"]}', 'shop/apps/web/package.json': app }, 'shop/apps/web', 'apps/web'],
    ['a folder the globs do not name is no member', { '.git/HEAD': '', 'package.json': '{"workspaces":["packages/*"]}', 'apps/web/package.json': app }, 'apps/web', undefined],
    ['no package.json in --cwd', { '.git/HEAD': '', 'package.json': '{"workspaces":["apps/*"]}', 'apps/web/readme.md': '' }, 'apps/web', undefined],
    ['outside a repository nothing above --cwd is read', { 'package.json': '{"workspaces":["apps/*"]}', 'apps/web/package.json': app }, 'apps/web', undefined],
    ['a workspace above the git root is out of bounds', { 'package.json': '{"workspaces":["repo/apps/*"]}', 'repo/.git/HEAD': '', 'repo/apps/web/package.json': app }, 'repo/apps/web', undefined],
    ['--cwd at the git root looks no further', { '.git/HEAD': '', 'package.json': app }, '.', undefined],
    ['uv workspace member (pyproject.toml)', { '.git/HEAD': '', 'pyproject.toml': uvRoot('["backend"]'), 'uv.lock': '', 'backend/pyproject.toml': py }, 'backend', 'backend'],
    ['uv member through a glob, in a repository subfolder', { '.git/HEAD': '', 'svc/pyproject.toml': uvRoot('["apps/*"]'), 'svc/apps/api/pyproject.toml': py }, 'svc/apps/api', 'apps/api'],
    ['a folder the uv members do not name is no member', { '.git/HEAD': '', 'pyproject.toml': uvRoot('["libs/*"]'), 'backend/pyproject.toml': py }, 'backend', undefined],
    ['a pyproject.toml above without [tool.uv.workspace] is no workspace', { '.git/HEAD': '', 'pyproject.toml': '[tool.ruff]\nline-length = 100\n', 'backend/pyproject.toml': py }, 'backend', undefined],
    ['uv: outside a repository nothing above --cwd is read', { 'pyproject.toml': uvRoot('["backend"]'), 'backend/pyproject.toml': py }, 'backend', undefined],
    ['a uv member with a package.json too is found by its pyproject.toml', { '.git/HEAD': '', 'pyproject.toml': uvRoot('["backend"]'), 'backend/pyproject.toml': py, 'backend/package.json': '{}' }, 'backend', 'backend'],
  ])('%s', async (name, files, cwd, member) => {
    const dir = tree(name.replace(/\W+/g, '-'), files);
    const found = await findWorkspaceRoot(path.join(dir, cwd));
    expect(found?.member).toBe(member);
    if (member) expect(found!.root).toBe(path.join(dir, cwd.slice(0, -member.length - 1)));
  });
});
