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

/** The files a package's `main` and `exports` (its "." entry: a path or its conditions) name, without `./`. */
function entryFiles(pkg: PackageJson): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string') out.push(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object' && !Array.isArray(v)) for (const c of Object.values(v)) add(c);
  };
  add(pkg.main);
  const exp = (pkg as { exports?: unknown }).exports;
  if (typeof exp === 'string') add(exp);
  else if (exp && typeof exp === 'object' && !Array.isArray(exp)) {
    const dot = (exp as Record<string, unknown>)['.'];
    // An exports map without "." keys is a conditions object for "." itself.
    add(dot !== undefined ? dot : Object.keys(exp).some((k) => k.startsWith('.')) ? undefined : exp);
  }
  return [...new Set(out)].filter((f) => f && !f.includes('*'));
}

/**
 * One warning per workspace package the app runs with whose `main` / `exports` entry is neither in the project nor
 * made by a build script of its own (a `dist/` that only a developer's local build wrote): the app cannot load it.
 */
export async function unbuiltEntryWarnings(fs: ProjectFs, pkgs: WorkspacePackage[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const p of pkgs) {
    if (typeof p.pkg.scripts?.build === 'string') continue;
    for (const entry of entryFiles(p.pkg)) {
      if (await fs.exists(`${p.dir}/${entry}`)) continue;
      warnings.push(`${p.dir}/package.json: ${p.name}'s entry ${entry} is not in the project and the package has no build script, so the app cannot load it at run time; add a "build" script that writes it, or point "main"/"exports" at a file in the repository`);
      break;
    }
  }
  return warnings;
}
