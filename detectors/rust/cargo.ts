import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { staysInside, type ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';

type Table = Record<string, unknown>;

/** One binary target of a package. */
export interface CargoBin {
  name: string;
  /** Source file relative to the project root. */
  path: string;
  /** `required-features` of an explicit [[bin]]: cargo skips the binary unless they are on. */
  requiredFeatures: string[];
}

/** One package of the project (the root crate, a workspace member or a local path dependency). */
export interface CargoPackage {
  /** Folder relative to the project root ('' for the root). */
  dir: string;
  name: string;
  bins: CargoBin[];
  defaultRun: string | undefined;
  /** `rust-version` of the package (workspace inheritance resolved). */
  rustVersion: string | undefined;
  /** Dependency names, with `sqlx-<feature>` / `diesel-<feature>` for their database features (see ../shared/services.ts). */
  deps: string[];
  /** Folders of path dependencies inside the project. */
  pathDeps: string[];
  /** Features asked of each dependency (`crate/feature`, renames resolved), and `crate/-default` for default-features = false. */
  depFeatures: string[];
  /** The package's own [features] table: feature name -> what it turns on (`default` among them when declared). */
  features: Record<string, string[]>;
  /** Keys of optional dependencies: each is a feature of its own unless [features] names it as `dep:key`. */
  optionalDeps: string[];
  /** Target files the dependency fetch needs to exist (empty files are enough). */
  stubs: string[];
  /** A workspace member (or the root package), as opposed to a path dependency only. */
  member: boolean;
}

/** The whole Cargo project. */
export interface CargoProject {
  workspace: boolean;
  packages: CargoPackage[];
}

/** Reads a TOML file; syntax errors become a one-line `file:line:col: problem` error. */
export async function readToml(fs: ProjectFs, file: string): Promise<Table | undefined> {
  const text = await fs.readText(file);
  if (text === undefined) return undefined;
  try {
    return parse(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) {
      const problem = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new UserError(`${file}:${err.line}:${err.column}: invalid TOML (${problem}); fix the syntax and run again`);
    }
    throw err;
  }
}

const table = (v: unknown): Table => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const inDir = (dir: string, f: string): string => (dir ? `${dir}/${f}` : f);
const clean = (p: string): string => {
  const n = path.posix.normalize(p).replace(/\/+$/, '');
  return n === '.' ? '' : n;
};

/** Reads Cargo.toml, its workspace members (globs expanded) and local path dependencies. */
export async function readCargoProject(fs: ProjectFs): Promise<CargoProject> {
  const root = await readToml(fs, 'Cargo.toml');
  if (!root) throw new UserError('Cargo.toml: not found; run in the crate or workspace root');
  const ws = root.workspace === undefined ? undefined : table(root.workspace);
  if (!root.package && !ws) throw new UserError('Cargo.toml: no [package] or [workspace] table; add one (cargo init writes [package])');
  const wsPackage = table(ws?.package);
  const wsDeps = table(ws?.dependencies);
  const dirs: string[] = root.package ? [''] : [];
  if (ws) {
    const members = ws.members ?? [];
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) throw new UserError('Cargo.toml: workspace.members must be a list of folder names or globs; fix it');
    const exclude = new Set(((ws.exclude as unknown[] | undefined) ?? []).map((e) => clean(String(e))));
    for (const m of members as string[]) {
      if (!staysInside(fs.root, fs.boundary, clean(m) || '.')) throw new UserError(`Cargo.toml: workspace member "${m}" is outside the project, where the Docker build cannot see it; move the crate inside the project or drop it from workspace.members`);
      const found = /[*?[]/.test(m)
        ? (await fs.glob(`${clean(m)}/Cargo.toml`, { deep: 8 })).map((f) => f.slice(0, -'/Cargo.toml'.length))
        : [clean(m)];
      for (const d of found) if (!exclude.has(d) && !dirs.includes(d)) dirs.push(d);
    }
  }
  const packages: CargoPackage[] = [];
  const queue = dirs.map((dir) => ({ dir, member: true }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (packages.some((p) => p.dir === item!.dir)) continue;
    const pkg = await readPackage(fs, item.dir, item.member, wsPackage, wsDeps);
    packages.push(pkg);
    for (const d of pkg.pathDeps) queue.push({ dir: d, member: dirs.includes(d) });
  }
  return { workspace: Boolean(ws), packages };
}

async function readPackage(fs: ProjectFs, dir: string, member: boolean, wsPackage: Table, wsDeps: Table): Promise<CargoPackage> {
  const file = inDir(dir, 'Cargo.toml');
  const doc = await readToml(fs, file);
  if (!doc) throw new UserError(`Cargo.toml: workspace member ${dir} has no Cargo.toml; fix workspace.members`);
  const pkg = table(doc.package);
  const name = str(pkg.name);
  if (!name) throw new UserError(`${file}: [package] has no name; add name = "..."`);
  const rv = pkg['rust-version'];
  const rustVersion = str(rv) ?? (table(rv).workspace === true ? str(wsPackage['rust-version']) : undefined);
  const { deps, pathDeps, depFeatures, optionalDeps } = dependencies(doc, dir, wsDeps);
  const features = Object.fromEntries(Object.entries(table(doc.features)).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : []]));
  const bins = await binaries(fs, dir, name, doc);
  const stubs = bins.map((b) => b.path);
  const libPath = str(table(doc.lib).path);
  if (libPath) stubs.push(inDir(dir, libPath));
  else if (doc.lib !== undefined || (await fs.exists(inDir(dir, 'src/lib.rs')))) stubs.push(inDir(dir, 'src/lib.rs'));
  if (stubs.length === 0) throw new UserError(`${file}: no target (src/main.rs, src/lib.rs, [[bin]] or [lib]); add one`);
  // A build script must exist for the manifest to parse when the package declares `links` (a -sys crate): cargo fetch
  // reads it before the sources are copied.
  const buildScript = typeof pkg.build === 'string' ? pkg.build : pkg.build === false ? undefined : (await fs.exists(inDir(dir, 'build.rs'))) ? 'build.rs' : undefined;
  if (buildScript !== undefined) stubs.push(inDir(dir, clean(buildScript)));
  return { dir, name, bins, defaultRun: str(pkg['default-run']), rustVersion, deps, pathDeps, depFeatures, features, optionalDeps, stubs: [...new Set(stubs)], member };
}

/** Explicit [[bin]] targets plus the auto-discovered ones (src/main.rs, src/bin/*.rs, src/bin/<name>/main.rs). */
async function binaries(fs: ProjectFs, dir: string, pkgName: string, doc: Table): Promise<CargoBin[]> {
  const bins: CargoBin[] = [];
  const explicit = Array.isArray(doc.bin) ? (doc.bin as unknown[]).map(table) : [];
  for (const b of explicit) {
    const name = str(b.name);
    if (!name) throw new UserError(`${inDir(dir, 'Cargo.toml')}: a [[bin]] has no name; add name = "..."`);
    let p = str(b.path);
    if (!p) {
      const guesses = [...(name === pkgName ? ['src/main.rs'] : []), `src/bin/${name}.rs`, `src/bin/${name}/main.rs`];
      p = guesses[0]!;
      for (const g of guesses) if (await fs.exists(inDir(dir, g))) { p = g; break; }
    }
    const required = Array.isArray(b['required-features']) ? (b['required-features'] as unknown[]).map(String) : [];
    bins.push({ name, path: inDir(dir, clean(p)), requiredFeatures: required });
  }
  if (table(doc.package).autobins === false) return bins;
  const add = (name: string, p: string): void => {
    if (!bins.some((b) => b.name === name || b.path === p)) bins.push({ name, path: p, requiredFeatures: [] });
  };
  if (await fs.exists(inDir(dir, 'src/main.rs'))) add(pkgName, inDir(dir, 'src/main.rs'));
  for (const entry of await fs.list(inDir(dir, 'src/bin'))) {
    const p = inDir(dir, `src/bin/${entry}`);
    if (entry.endsWith('.rs')) add(entry.slice(0, -3), p);
    else if (await fs.exists(`${p}/main.rs`)) add(entry, `${p}/main.rs`);
  }
  return bins;
}

/** Normal dependencies (all targets), renames and workspace inheritance resolved; dev/build dependencies are left out. */
function dependencies(doc: Table, dir: string, wsDeps: Table): { deps: string[]; pathDeps: string[]; depFeatures: string[]; optionalDeps: string[] } {
  const tables = [table(doc.dependencies), ...Object.values(table(doc.target)).map((t) => table(table(t).dependencies))];
  const deps: string[] = [];
  const pathDeps: string[] = [];
  const depFeatures: string[] = [];
  const optionalDeps: string[] = [];
  for (const t of tables) {
    for (const [key, raw] of Object.entries(t)) {
      const spec = table(raw);
      const inherited = spec.workspace === true ? table(wsDeps[key]) : {};
      const name = str(spec.package) ?? str(inherited.package) ?? key;
      deps.push(name);
      if (spec.optional === true) optionalDeps.push(key);
      const features = [spec.features, inherited.features].flatMap((f) => (Array.isArray(f) ? f : [])).map(String);
      depFeatures.push(...features.map((f) => `${name}/${f}`));
      if (spec['default-features'] === false || inherited['default-features'] === false) depFeatures.push(`${name}/-default`);
      if (name === 'sqlx') deps.push(...features.map((f) => `sqlx-${f}`));
      if (name === 'diesel') deps.push(...features.map((f) => `diesel-${f}`));
      const local = str(spec.path) !== undefined ? clean(path.posix.join(dir, str(spec.path)!)) : str(inherited.path) !== undefined ? clean(str(inherited.path)!) : undefined;
      if (local !== undefined && !local.startsWith('..')) pathDeps.push(local);
    }
  }
  return { deps, pathDeps, depFeatures, optionalDeps };
}
