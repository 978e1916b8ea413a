import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Plan } from '../../src/plan/types.js';
import type { PackageJson } from './start-command.js';
import { detectInstallTree } from './install-tree.js';
import { nodeWorkspaces } from './image.js';
import { readPackageJson } from './package-json.js';
import { workspaceClosure } from './workspace-closure.js';

const dirOf = (manifest: string): string => manifest.slice(0, -'/package.json'.length);

/** The path-like words of a command (`node packages/api/src/server.js`, `cd packages/api && node server.js`). */
const words = (argv: readonly string[]): string[] => argv.flatMap((a) => a.split(/[\s'"=;&|()]+/)).map((w) => w.replace(/^\.\//, ''));

/**
 * The workspace members whose sources are not the app's, when the workspace root is the app and its start command
 * runs a file inside a member (`node packages/api/src/server.js`): every member but that one, the members its
 * command names, and the packages they and the root depend on (devDependencies too: a build may use them), transitively.
 * A monorepo's other packages then stay out of the scans for the app's variables and data paths.
 * Empty (scan everything) for a member app (its scans already start from the root), a root with no members, or a
 * start command naming no member (the root's own file may load any of them by a relative path).
 */
export async function foreignMembers(fs: ProjectFs, plan: Plan): Promise<string[]> {
  if (plan.appDir || plan.workspaces.length === 0) return [];
  const rootPkg = await readPackageJson(fs);
  const { members } = await detectInstallTree(fs, await nodeWorkspaces(fs, rootPkg.workspaces));
  if (members.length === 0) return [];
  const named = words([...plan.start, ...(plan.build ?? [])]);
  const runs = members.filter((m) => named.some((w) => w === dirOf(m) || w.startsWith(`${dirOf(m)}/`)));
  if (runs.length === 0) return [];
  const used = new Set(runs.map(dirOf));
  const seeds: PackageJson[] = [rootPkg];
  for (const m of runs) {
    const pkg = await fs.readJson<PackageJson>(m);
    if (pkg && typeof pkg === 'object' && !Array.isArray(pkg)) seeds.push(pkg);
  }
  for (const pkg of seeds) for (const dep of await workspaceClosure(fs, members, pkg, true)) used.add(dep.dir);
  // A folder holding a used member (`packages/a` around `packages/a/b`) is walked for it.
  return members.map(dirOf).filter((d) => !used.has(d) && ![...used].some((u) => u.startsWith(`${d}/`)));
}
