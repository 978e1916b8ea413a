import { existsSync } from 'node:fs';
import path from 'node:path';
import { createProjectFs } from './project-fs.js';
import { nodeWorkspaces } from '../../detectors/node/image.js';
import { detectInstallTree } from '../../detectors/node/install-tree.js';

/** A workspace root above the folder a run was started in, and that folder's path inside it. */
export interface WorkspaceRoot {
  /** Absolute workspace root: the folder holding the workspace manifest. */
  root: string;
  /** The starting folder relative to the root, with `/` separators (`apps/web`). */
  member: string;
}

/** The nearest folder at or above `dir` holding `.git`: how far up a run may look. Undefined outside a repository. */
export function gitRoot(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * The Node workspace root whose members include `cwd` (its package.json `workspaces` or pnpm-workspace.yaml),
 * looking upward no further than the git root; undefined when `cwd` is no member, or outside a repository (then
 * nothing above `cwd` is read). Each folder is read through its own {@link createProjectFs}, bounded by the git root.
 */
export async function findWorkspaceRoot(cwd: string): Promise<WorkspaceRoot | undefined> {
  const start = path.resolve(cwd);
  const top = gitRoot(start);
  if (top === undefined || top === start || !existsSync(path.join(start, 'package.json'))) return undefined;
  for (let at = path.dirname(start); ; at = path.dirname(at)) {
    const fs = createProjectFs(at, undefined, { boundary: top });
    const pkg = await fs.readJson<{ workspaces?: unknown }>('package.json').catch(() => undefined);
    const globs = await nodeWorkspaces(fs, pkg && typeof pkg === 'object' ? pkg.workspaces : undefined).catch(() => []);
    if (globs.length) {
      const member = path.relative(at, start).split(path.sep).join('/');
      const tree = await detectInstallTree(fs, globs);
      if (tree.members.includes(`${member}/package.json`)) return { root: at, member };
    }
    if (at === top) return undefined;
  }
}
