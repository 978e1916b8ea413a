import type { ProjectFs } from '../../src/fs/project-fs.js';
import { scopedFs } from '../../src/fs/scoped-fs.js';
import { UserError, excerpt } from '../../src/errors.js';
import type { UvWorkspaceInstall } from './package-manager.js';
import type { WorkspaceListing } from '../types.js';
import { readToml } from './toml.js';
import { chooseUvMember, readUvWorkspace, uvMemberWhy, type UvMember } from './uv-workspace.js';

/** Where a Python app lives in its project: the root, or one member of a uv workspace. */
export interface PythonWorkspace {
  /** The app's folder (a view of the member's folder in a workspace, else the project). */
  fs: ProjectFs;
  /** The member chosen, with the summary line saying why; undefined when the root is the app. */
  member: { member: UvMember; note: string } | undefined;
  /** The workspace root's install (lockfile, member manifests, `--package`); undefined outside a uv workspace. */
  install: UvWorkspaceInstall | undefined;
  /** Every member folder (reported in the plan). */
  workspaces: string[];
}

/**
 * Reads the root's uv workspace, if any, and picks the app: `--workspace`, else the root project when it serves,
 * else the only deployable member (several: exit 2 listing them). `--workspace` without a workspace is refused.
 */
export async function pythonWorkspace(rootFs: ProjectFs, chosen: string | undefined): Promise<PythonWorkspace> {
  const root = await readToml(rootFs, 'pyproject.toml');
  const ws = await readUvWorkspace(rootFs, root);
  if (!ws) {
    if (chosen !== undefined) throw new UserError(`pyproject.toml: --workspace ${excerpt(chosen)} given, but this project declares no uv workspace ([tool.uv.workspace] members); drop the flag or run at the workspace root`);
    return { fs: rootFs, member: undefined, install: undefined, workspaces: [] };
  }
  const rootIsApp = root?.project !== undefined && (await uvMemberWhy(rootFs, '', root)) !== undefined;
  const member = chooseUvMember(ws, chosen, rootIsApp);
  return {
    fs: member ? scopedFs(rootFs, member.member.dir) : rootFs,
    member,
    install: {
      lock: (await rootFs.exists('uv.lock')) ? 'uv.lock' : null,
      memberManifests: ws.members.map((m) => `${m.dir}/pyproject.toml`),
      package: member?.member.name,
    },
    workspaces: ws.members.map((m) => m.dir),
  };
}

/** The deployable members of the root's uv workspace (none without one); a run must choose when the root serves not. */
export async function uvWorkspaceListing(rootFs: ProjectFs): Promise<WorkspaceListing> {
  const root = await readToml(rootFs, 'pyproject.toml');
  const ws = await readUvWorkspace(rootFs, root);
  if (!ws) return { apps: [], mustChoose: false };
  const apps = ws.members.flatMap((m) => (m.why ? [{ dir: m.dir, name: m.name, why: m.why }] : []));
  const rootIsApp = root?.project !== undefined && (await uvMemberWhy(rootFs, '', root)) !== undefined;
  return { apps, mustChoose: apps.length > 1 && !rootIsApp };
}
