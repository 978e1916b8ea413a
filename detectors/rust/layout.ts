import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { CargoPackage, CargoProject } from './cargo.js';
import { byCodeUnits } from '../shared/text-order.js';

/** Distinct folders without the ones another folder in the list contains (`mkdir -p` creates parents). */
export function leafDirs(dirs: string[]): string[] {
  const unique = [...new Set(dirs)];
  return unique.filter((d) => !unique.some((o) => o !== d && o.startsWith(`${d}/`)));
}

/** The package and the local packages it depends on, transitively (their dependencies decide services). */
export function localClosure(project: CargoProject, pkg: CargoPackage): CargoPackage[] {
  const seen = new Map<string, CargoPackage>([[pkg.dir, pkg]]);
  const byName = new Map(project.packages.map((p) => [p.name, p]));
  const queue = [pkg];
  for (let p = queue.shift(); p; p = queue.shift()) {
    const local = [...p.pathDeps.map((d) => project.packages.find((q) => q.dir === d)), ...p.deps.map((d) => byName.get(d))];
    for (const q of local) if (q && !seen.has(q.dir)) { seen.set(q.dir, q); queue.push(q); }
  }
  return [...seen.values()];
}

/** The manifests copied before the sources, grouped by destination folder (root files first, members by folder). */
export async function manifests(fs: ProjectFs, project: CargoProject, lockfile: boolean): Promise<{ files: string[]; dest: string }[]> {
  const root = ['Cargo.toml', ...(lockfile ? ['Cargo.lock'] : [])];
  const out = [{ files: root, dest: './' }];
  if (await fs.exists('.cargo/config.toml')) out.push({ files: ['.cargo/config.toml'], dest: './.cargo/' });
  for (const p of [...project.packages].sort((a, b) => byCodeUnits(a.dir, b.dir))) {
    if (p.dir) out.push({ files: [`${p.dir}/Cargo.toml`], dest: `${p.dir}/` });
  }
  return out;
}
