import type { ProjectFs } from '../../src/fs/project-fs.js';
import { readToml } from './cargo.js';

interface LockPackage {
  name: string;
  version: string;
  source: string | undefined;
  dependencies: string[];
}

/**
 * The names of every crate the package pulls in, as Cargo.lock resolved them (transitive crates such as openssl-sys
 * under reqwest's default native-tls), walked from the package; undefined without a Cargo.lock. The lock file holds
 * every target's and feature's crates, so this can name a crate a Linux build leaves out (a superset, never less).
 */
export async function lockedCrates(fs: ProjectFs, root: string): Promise<Set<string> | undefined> {
  const lock = await readToml(fs, 'Cargo.lock');
  if (!lock) return undefined;
  const packages: LockPackage[] = (Array.isArray(lock.package) ? lock.package : []).flatMap((raw: unknown) => {
    const p = (raw ?? {}) as Record<string, unknown>;
    if (typeof p.name !== 'string') return [];
    const deps = Array.isArray(p.dependencies) ? p.dependencies.filter((d): d is string => typeof d === 'string') : [];
    return [{ name: p.name, version: String(p.version ?? ''), source: typeof p.source === 'string' ? p.source : undefined, dependencies: deps }];
  });
  // A dependency entry is "name", or "name version" (and "(source)") when several versions are locked.
  const find = (entry: string): LockPackage[] => {
    const [name, version] = entry.split(' ');
    const named = packages.filter((p) => p.name === name);
    return version === undefined ? named : named.filter((p) => p.version === version);
  };
  const start = packages.filter((p) => p.name === root && p.source === undefined);
  // A lock file that does not list the package yet (stale): every crate it holds.
  if (start.length === 0) return new Set(packages.map((p) => p.name));
  const seen = new Set<LockPackage>(start);
  const queue = [...start];
  for (let p = queue.shift(); p; p = queue.shift()) {
    for (const d of p.dependencies.flatMap(find)) if (!seen.has(d)) { seen.add(d); queue.push(d); }
  }
  return new Set([...seen].map((p) => p.name));
}

/** The version Cargo.lock resolved for a crate of the registry (the newest when several are locked); undefined when none. */
export async function lockedVersion(fs: ProjectFs, name: string): Promise<string | undefined> {
  const lock = await readToml(fs, 'Cargo.lock');
  const versions = (Array.isArray(lock?.package) ? lock.package : [])
    .map((raw: unknown) => (raw ?? {}) as Record<string, unknown>)
    .filter((p) => p.name === name && typeof p.source === 'string' && typeof p.version === 'string')
    .map((p) => String(p.version));
  const num = (v: string): number[] => v.split(/[.+-]/).slice(0, 3).map(Number);
  return versions.sort((a, b) => { const x = num(a); const y = num(b); return (y[0]! - x[0]!) || (y[1]! - x[1]!) || (y[2]! - x[2]!); })[0];
}
