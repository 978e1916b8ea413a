import { nameOfPnpmLockKey, pnpmLockPackages, type PnpmLockQuery } from './pnpm-lock-packages.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';

/** Packages of the project that compile native code when installed, and what the install stage needs for them. */
export interface NativeBuild {
  /** Package names that compile at install, sorted. */
  packages: string[];
  /** Build tools the install stage adds: Debian packages on Debian images, apk packages on Alpine. */
  tools: string[];
  /** Summary line, e.g. "native modules better-sqlite3: lockfile install script with a node-gyp helper". */
  note: string;
}

/** The compilers and tools node-gyp needs; nothing else. */
export const NATIVE_TOOLS = ['python3', 'make', 'g++'];

/** Packages known to compile with node-gyp at install (unless a prebuilt binary can be downloaded, which offline builders cannot). */
const KNOWN = new Set(['bcrypt', 'better-sqlite3', 'sqlite3', 'argon2', 'canvas', 'node-gyp', 'cpu-features', 'isolated-vm', 're2', 'tree-sitter', 'node-sass', 'libxmljs', 'libxmljs2', 'zeromq', 'usb', 'serialport', '@serialport/bindings-cpp', 'microtime', 'deasync']);
const KNOWN_PREFIXES = ['tree-sitter-', '@tree-sitter-grammars/'];
/**
 * A package whose install script depends on one of these builds or fetches a native addon; an install script without
 * them (esbuild, core-js, husky, prisma) downloads or prints something and needs no compiler.
 */
const BUILD_HELPERS = ['node-gyp', 'node-gyp-build', 'prebuild-install', 'node-pre-gyp', '@mapbox/node-pre-gyp', 'nan', 'node-addon-api', 'bindings', 'cmake-js'];

const isKnown = (name: string): boolean => KNOWN.has(name) || KNOWN_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
/** The pnpm lockfile entries the native check reads: known packages, and those marked requiresBuild (v5/v6). */
export const NATIVE_PNPM_QUERY: PnpmLockQuery = { names: KNOWN, prefixes: KNOWN_PREFIXES, fields: ['requiresBuild'] };

/** The package name of an npm lockfile key such as "node_modules/a/node_modules/@s/b". */
export const nameOfLockKey = (key: string): string => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** One `packages` entry of an npm lockfile v2/v3, as the native and allowScripts checks read it. */
export interface NpmLockPackage {
  hasInstallScript?: unknown;
  dependencies?: unknown;
  optionalDependencies?: unknown;
  os?: unknown;
  resolved?: unknown;
  inBundle?: unknown;
}

// Both the native-module and the allowScripts checks read the npm lockfile: parsed once per project and file.
const npmLocks = new WeakMap<ProjectFs, Map<string, Promise<Record<string, NpmLockPackage> | undefined>>>();

/** The `packages` section of an npm lockfile, parsed once per project; undefined when absent or unreadable. */
export function npmLockPackages(fs: ProjectFs, file: string): Promise<Record<string, NpmLockPackage> | undefined> {
  let byFile = npmLocks.get(fs);
  if (!byFile) npmLocks.set(fs, (byFile = new Map()));
  let parsed = byFile.get(file);
  if (!parsed) {
    parsed = fs.readJson<{ packages?: Record<string, NpmLockPackage> }>(file).then((l) => l?.packages, () => undefined);
    byFile.set(file, parsed);
  }
  return parsed;
}

/** npm lockfile v2/v3: entries with an install script that depends on a native-build helper, or a known native package. */
async function fromNpmLock(fs: ProjectFs, file: string): Promise<string[]> {
  const found: string[] = [];
  for (const [key, entry] of Object.entries((await npmLockPackages(fs, file)) ?? {})) {
    if (!key.includes('node_modules/') || entry === null || typeof entry !== 'object') continue;
    // A package for another OS (fsevents) is skipped by the install on Linux.
    if (Array.isArray(entry.os) && !entry.os.includes('linux')) continue;
    const name = nameOfLockKey(key);
    const deps = { ...(entry.dependencies as object | undefined), ...(entry.optionalDependencies as object | undefined) };
    if (isKnown(name) || (entry.hasInstallScript === true && BUILD_HELPERS.some((h) => h in deps))) found.push(name);
  }
  return found;
}

/** pnpm lockfile: known native packages, or entries marked requiresBuild (lockfile v5/v6) that use a build helper. */
async function fromPnpmLock(fs: ProjectFs): Promise<string[]> {
  const found: string[] = [];
  for (const [key, entry] of Object.entries(await pnpmLockPackages(fs, NATIVE_PNPM_QUERY))) {
    const name = nameOfPnpmLockKey(key);
    if (!name) continue;
    // `in` throws on a string: a hand-edited `dependencies: x` is no helper, not a crash.
    const deps: unknown = entry?.dependencies;
    const helper = deps !== null && typeof deps === 'object' && BUILD_HELPERS.some((h) => h in deps);
    if (isKnown(name) || (entry?.requiresBuild === true && helper)) found.push(name);
  }
  return found;
}

/**
 * Finds packages that compile at install: the npm lockfile's `hasInstallScript` entries that use a native-build helper,
 * pnpm's `requiresBuild`, a known list (also checked against package.json for yarn and bun, whose lockfiles say nothing),
 * and the project's own addon (`gypfile` or a `binding.gyp`). Undefined when nothing compiles.
 */
export async function detectNativeBuild(
  fs: ProjectFs, pkg: { gypfile?: unknown }, lockfile: string | null, deps: Iterable<string>, alpine: boolean,
): Promise<NativeBuild | undefined> {
  const found = new Set<string>();
  const why: string[] = [];
  if (lockfile === 'package-lock.json' || lockfile === 'npm-shrinkwrap.json') {
    for (const n of await fromNpmLock(fs, lockfile)) found.add(n);
    if (found.size) why.push(`${lockfile} install scripts`);
  } else if (lockfile === 'pnpm-lock.yaml') {
    for (const n of await fromPnpmLock(fs)) found.add(n);
    if (found.size) why.push('pnpm-lock.yaml');
  }
  const direct = [...deps].filter((d) => isKnown(d) && !found.has(d));
  for (const d of direct) found.add(d);
  if (direct.length) why.push('package.json dependencies');
  if (pkg.gypfile === true || (await fs.exists('binding.gyp'))) {
    found.add('(this project)');
    why.push(pkg.gypfile === true ? 'package.json gypfile' : 'binding.gyp');
  }
  if (found.size === 0) return undefined;
  const packages = [...found].sort();
  const shown = packages.length > 4 ? [...packages.slice(0, 4), `and ${packages.length - 4} more`] : packages;
  return {
    packages,
    tools: NATIVE_TOOLS,
    note: `native modules ${shown.join(', ')} (${why.join(', ')}): the install stage adds ${NATIVE_TOOLS.join(', ')}${alpine ? ' (apk)' : ''} to compile them; the runtime does not get them`,
  };
}
