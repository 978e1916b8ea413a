import { parseYamlValueOnce } from '../../src/yaml-document.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';

/** The lockfile chosen among several of different managers, and why. */
export interface LockfileChoice {
  file: string;
  why: string;
}

interface Manifest {
  dependencies?: unknown;
  devDependencies?: unknown;
  optionalDependencies?: unknown;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** package.json's direct dependencies with their ranges. */
function directDeps(pkg: Manifest): [string, string][] {
  return [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies].flatMap((d) => Object.entries(obj(d)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The ranges a lockfile recorded for the root project's direct dependencies, or undefined when it cannot say. */
async function recordedRanges(file: string, text: string): Promise<((name: string, range: string) => boolean) | undefined> {
  try {
    if (file === 'package-lock.json' || file === 'npm-shrinkwrap.json') {
      const root = obj(obj(obj(JSON.parse(text)).packages)['']);
      const all = { ...obj(root.dependencies), ...obj(root.devDependencies), ...obj(root.optionalDependencies) };
      return Object.keys(obj(obj(JSON.parse(text)).packages)).length ? (name, range) => all[name] === range : undefined;
    }
    if (file === 'pnpm-lock.yaml') {
      const doc = obj(await parseYamlValueOnce(text));
      const root = obj(obj(doc.importers)['.']);
      const section = (n: string): Obj => ({ ...obj(root.dependencies), ...obj(root.devDependencies), ...obj(root.optionalDependencies) })[n] as Obj;
      const legacy = obj(doc.specifiers);
      return (name, range) => obj(section(name)).specifier === range || legacy[name] === range;
    }
  } catch {
    return undefined; // a lockfile we cannot read agrees with nothing
  }
  if (file === 'yarn.lock') {
    // Entry keys list every `name@range` that resolved to the entry (berry writes `name@npm:range`).
    const keys = new Set(text.split(/\r?\n/).filter((l) => /^\S.*:$/.test(l)).flatMap((l) => l.slice(0, -1).split(/,\s*/).map((k) => k.replace(/^"|"$/g, ''))));
    return (name, range) => keys.has(`${name}@${range}`) || keys.has(`${name}@npm:${range}`);
  }
  if (file === 'bun.lock') {
    // The root workspace's dependency lines, `"name": "range",` (the file is JSON with trailing commas).
    const root = /"workspaces"\s*:\s*\{\s*""\s*:\s*\{([\s\S]*?)\n\s{4}\}/.exec(text)?.[1] ?? '';
    return (name, range) => root.includes(`${JSON.stringify(name)}: ${JSON.stringify(range)}`);
  }
  return undefined;
}

/**
 * With lockfiles of several managers and no `packageManager` field: the one whose recorded ranges agree with every
 * direct dependency of package.json wins; when none or several agree, the one committed last in git history;
 * undefined when neither decides (the fixed lockfile order then applies).
 */
export async function chooseLockfile(fs: ProjectFs, pkg: Manifest, present: string[]): Promise<LockfileChoice | undefined> {
  if (present.length < 2) return undefined;
  const deps = directDeps(pkg);
  const agreeing: string[] = [];
  for (const file of present) {
    const recorded = await recordedRanges(file, (await fs.readText(file)) ?? '');
    if (recorded && deps.length > 0 && deps.every(([n, r]) => recorded(n, r))) agreeing.push(file);
  }
  if (agreeing.length === 1) return { file: agreeing[0]!, why: 'it agrees with package.json\'s dependencies' };
  const candidates = agreeing.length ? agreeing : present;
  const times = await Promise.all(candidates.map(async (f) => ({ f, t: await fs.lastChanged(f) })));
  if (times.some((x) => x.t === undefined)) return undefined;
  times.sort((a, b) => b.t! - a.t!);
  return times[0]!.t! > times[1]!.t! ? { file: times[0]!.f, why: 'it changed last in git history' } : undefined;
}
