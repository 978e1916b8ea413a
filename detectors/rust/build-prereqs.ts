import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar } from '../../src/plan/types.js';
import { readToml, type CargoBin, type CargoPackage } from './cargo.js';

/** What the release build needs beyond `cargo build --release`: features, linker tools, variables. */
export interface RustBuildPrereqs {
  /** Features to pass with `--features` (none when the default set already holds them). */
  features: string[];
  /** Debian packages of the linkers .cargo/config.toml asks for (clang, lld, mold). */
  linkerPackages: string[];
  /** Variables of the build stage (SQLX_OFFLINE=true when the query data is committed). */
  env: EnvVar[];
  notes: string[];
  warnings: string[];
}

const inDir = (dir: string, f: string): string => (dir ? `${dir}/${f}` : f);
// #[cfg(not(any(feature = "a", feature = "b")))] compile_error!(...): the crate refuses to build without one of them.
const CFG_GUARD = /#\[cfg\(\s*not\(\s*((?:any\(\s*)?feature\s*=\s*"[^"]+"(?:\s*,\s*feature\s*=\s*"[^"]+")*\s*\)?)\s*\)\s*\)\]\s*(?:\/\/[^\n]*\n\s*)*compile_error!/;
const FEATURE_NAMES = /feature\s*=\s*"([^"]+)"/g;
const SQLX_MACRO = /\b(?:sqlx::)?query(?:_as|_scalar|_file|_file_as|_file_scalar|_unchecked|_as_unchecked)?!\s*\(/;

/** The features a crate's default set turns on, transitively (`dep:x` and `crate/feature` entries are not features of its own). */
function defaultFeatures(pkg: CargoPackage): Set<string> {
  const on = new Set<string>();
  const queue = ['default'];
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    for (const g of pkg.features[f] ?? []) if (!g.includes(':') && !g.includes('/') && !on.has(g)) { on.add(g); queue.push(g); }
  }
  return on;
}

/**
 * Features the binary cannot build without: its `required-features`, and one of the alternatives a
 * `#[cfg(not(any(feature = ...)))] compile_error!` in its sources or a build.rs that panics on missing
 * CARGO_FEATURE_* variables insists on, unless the default set already has it.
 */
async function neededFeatures(fs: ProjectFs, pkg: CargoPackage, bin: CargoBin, sources: string[], notes: string[]): Promise<string[]> {
  const on = defaultFeatures(pkg);
  const out = bin.requiredFeatures.filter((f) => !on.has(f));
  if (out.length) notes.push(`features ${out.join(', ')}: required-features of binary ${bin.name} (cargo skips it without them)`);
  const guards: { file: string; options: string[] }[] = [];
  for (const file of sources) {
    const m = CFG_GUARD.exec((await fs.readText(file)) ?? '');
    if (m) guards.push({ file, options: [...m[1]!.matchAll(FEATURE_NAMES)].map((x) => x[1]!) });
  }
  const buildRs = (await fs.readText(inDir(pkg.dir, 'build.rs'))) ?? '';
  if (/\b(?:panic!|compile_error!|process::exit)/.test(buildRs)) {
    const byVar = new Map(Object.keys(pkg.features).map((f) => [f.toUpperCase().replace(/-/g, '_'), f]));
    const options = [...new Set([...buildRs.matchAll(/CARGO_FEATURE_([A-Z0-9_]+)/g)].map((x) => byVar.get(x[1]!)).filter((f): f is string => f !== undefined))];
    if (options.length) guards.push({ file: inDir(pkg.dir, 'build.rs'), options });
  }
  for (const g of guards) {
    if (g.options.some((o) => on.has(o) || out.includes(o))) continue;
    out.push(g.options[0]!);
    notes.push(`features ${g.options[0]}: ${g.file} refuses to build without ${g.options.length > 1 ? `one of ${g.options.join(', ')}` : 'it'} and the default features have none; the build passes --features ${g.options[0]} (--features chooses others)`);
  }
  return out;
}

/** Linker tools a .cargo/config.toml asks for on Linux targets (and in [build]): clang, lld, mold. */
async function linkerPackages(fs: ProjectFs, notes: string[]): Promise<string[]> {
  for (const file of ['.cargo/config.toml', '.cargo/config']) {
    const doc = await readToml(fs, file);
    if (!doc) continue;
    const words: string[] = [];
    const collect = (t: unknown): void => {
      const o = (t ?? {}) as Record<string, unknown>;
      if (typeof o.linker === 'string') words.push(o.linker);
      if (Array.isArray(o.rustflags)) words.push(...o.rustflags.map(String));
      else if (typeof o.rustflags === 'string') words.push(o.rustflags);
    };
    collect(doc.build);
    for (const [key, t] of Object.entries((doc.target ?? {}) as Record<string, unknown>)) {
      if (/linux|^cfg\((?!.*(?:windows|macos|apple|darwin))/.test(key)) collect(t);
    }
    const text = words.join(' ').replace(/rust-lld/g, '');
    const tools = (['clang', 'lld', 'mold'] as const).filter((t) => new RegExp(`(?:^|[\\s/=.-])${t}(?:$|[\\s"])`).test(text));
    // The Dockerfile's CARGO_TARGET_<triple>_LINKER (Debian's gcc, per target for cross builds) wins over `linker =`;
    // the rustflags (-fuse-ld=mold/lld) still apply, and gcc 12+ honours them.
    if (tools.length) notes.push(`${file} asks for ${tools.join(', ')}: installed in the build stage (the Dockerfile links with Debian's gcc per target, which its -fuse-ld flags still steer)`);
    return tools;
  }
  return [];
}

/** sqlx's query! macros check queries against a database at compile time, or against committed .sqlx/ data offline. */
async function sqlxOffline(fs: ProjectFs, pkg: CargoPackage, deps: readonly string[], sources: string[], warnings: string[], notes: string[]): Promise<EnvVar[]> {
  if (!deps.includes('sqlx')) return [];
  let user: string | undefined;
  for (const f of sources) if (SQLX_MACRO.test((await fs.readText(f)) ?? '')) { user = f; break; }
  if (!user) return [];
  for (const data of [inDir(pkg.dir, '.sqlx'), '.sqlx', inDir(pkg.dir, 'sqlx-data.json'), 'sqlx-data.json']) {
    if (await fs.exists(data)) {
      notes.push(`sqlx: ${user} uses query! macros; ${data} holds their query data, so the build sets SQLX_OFFLINE=true (no database at build time)`);
      return [{ name: 'SQLX_OFFLINE', value: 'true' }];
    }
  }
  warnings.push(`${user}: sqlx query! macros need a database at build time or committed query data; run \`cargo sqlx prepare\` and commit .sqlx/ (the Dockerfile then builds with SQLX_OFFLINE=true)`);
  return [];
}

/** Everything the release build of `bin` needs beyond its dependencies. */
export async function rustBuildPrereqs(fs: ProjectFs, pkg: CargoPackage, bin: CargoBin, deps: readonly string[], sources: string[]): Promise<RustBuildPrereqs> {
  const notes: string[] = [];
  const warnings: string[] = [];
  const features = await neededFeatures(fs, pkg, bin, sources, notes);
  const linkers = await linkerPackages(fs, notes);
  const env = await sqlxOffline(fs, pkg, deps, sources, warnings, notes);
  return { features, linkerPackages: linkers, env, notes, warnings };
}
