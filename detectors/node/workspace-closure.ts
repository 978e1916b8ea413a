import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { PackageJson } from './start-command.js';

/** A workspace package one app uses: its folder, name and manifest. */
export interface WorkspacePackage {
  /** Folder relative to the workspace root, e.g. `packages/shared`. */
  dir: string;
  name: string;
  pkg: PackageJson;
}

const keys = (o: unknown): string[] => (o && typeof o === 'object' ? Object.keys(o) : []);

/**
 * The workspace packages `app` depends on, transitively, each before the packages that use it (so building them in
 * this order builds a dependency first). `dev` also follows devDependencies (what the build needs); without it, only
 * what runs: `dependencies` and `optionalDependencies`. The app itself is not included.
 */
export async function workspaceClosure(fs: ProjectFs, members: string[], app: PackageJson, dev: boolean): Promise<WorkspacePackage[]> {
  const byName = new Map<string, WorkspacePackage>();
  for (const manifest of members) {
    const pkg = await fs.readJson<PackageJson>(manifest);
    if (pkg && typeof pkg === 'object' && typeof pkg.name === 'string' && pkg.name) {
      byName.set(pkg.name, { dir: manifest.slice(0, -'/package.json'.length), name: pkg.name, pkg });
    }
  }
  const depsOf = (pkg: PackageJson): string[] => [
    ...keys(pkg.dependencies), ...keys((pkg as { optionalDependencies?: unknown }).optionalDependencies), ...(dev ? keys(pkg.devDependencies) : []),
  ];
  const order: WorkspacePackage[] = [];
  const seen = new Set<string>(typeof app.name === 'string' ? [app.name] : []);
  const visit = (pkg: PackageJson): void => {
    for (const name of depsOf(pkg)) {
      const member = byName.get(name);
      if (!member || seen.has(name)) continue;
      seen.add(name);
      visit(member.pkg);
      order.push(member);
    }
  };
  visit(app);
  return order;
}
