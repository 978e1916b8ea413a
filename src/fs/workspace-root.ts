import { existsSync } from 'node:fs';
import path from 'node:path';
import { createProjectFs, type ProjectFs } from './project-fs.js';
import { nodeWorkspaces } from '../../detectors/node/image.js';
import { detectInstallTree } from '../../detectors/node/install-tree.js';
import { isUvMember } from '../../detectors/python/uv-workspace.js';

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
 * The workspace root whose members include `cwd`: a Node workspace (package.json `workspaces` or
 * pnpm-workspace.yaml) when `cwd` has a package.json, a uv workspace (`[tool.uv.workspace] members`) when it has a
 * pyproject.toml; looking upward no further than the git root; undefined when `cwd` is no member, or outside a
 * repository (then nothing above `cwd` is read). Each folder is read through its own {@link createProjectFs},
 * bounded by the git root.
 */
export async function findWorkspaceRoot(cwd: string): Promise<WorkspaceRoot | undefined> {
  const start = path.resolve(cwd);
  const top = gitRoot(start);
  const node = existsSync(path.join(start, 'package.json'));
  const python = existsSync(path.join(start, 'pyproject.toml'));
  if (top === undefined || top === start || (!node && !python)) return undefined;
  for (let at = path.dirname(start); ; at = path.dirname(at)) {
    const fs = createProjectFs(at, undefined, { boundary: top });
    const member = path.relative(at, start).split(path.sep).join('/');
    if (node && (await isNodeMember(fs, member))) return { root: at, member };
    if (python && (await isUvMember(fs, member))) return { root: at, member };
    if (at === top) return undefined;
  }
}

async function isNodeMember(fs: ProjectFs, member: string): Promise<boolean> {
  const pkg = await fs.readJson<{ workspaces?: unknown }>('package.json').catch(() => undefined);
  const globs = await nodeWorkspaces(fs, pkg && typeof pkg === 'object' ? pkg.workspaces : undefined).catch(() => []);
  return globs.length > 0 && (await detectInstallTree(fs, globs)).members.includes(`${member}/package.json`);
}
