import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan } from '../../src/plan/types.js';
import { readToml, type CargoBin, type CargoPackage, type CargoProject } from './cargo.js';
import { lockedCrates, lockedVersion } from './cargo-lock.js';
import { localClosure } from './layout.js';
import { findMigrationBinary } from './migration-binary.js';
import { binaryStage, cliStage, type MigrationBackend, type RustMigrateStage, type StageBase } from './migrate-stage.js';
import { nativeLibs } from './native-libs.js';

/** What the Rust migration detection needs from the detector. */
export interface RustMigrationContext extends StageBase {
  project: CargoProject;
  app: { pkg: CargoPackage; bin: CargoBin };
  /** The app's crate and the local crates it links. */
  closure: CargoPackage[];
  /** Backing services of the plan (postgres, mysql, redis...). */
  services: readonly string[];
  lockfile: boolean;
}

/** The migrate service (null when none), the Dockerfile stage that builds its image, and what the summary says. */
export interface RustMigrations {
  migrate: MigratePlan | null;
  stage: RustMigrateStage | null;
  notes: string[];
}

const NONE: RustMigrations = { migrate: null, stage: null, notes: [] };

/** Calls with which the app applies its migrations itself when it starts, per library. */
const AT_START: { tool: string; dep: string; pattern: RegExp; what: string }[] = [
  { tool: 'diesel', dep: 'diesel_migrations', pattern: /\bembed_migrations!\s*\(/, what: 'diesel_migrations::embed_migrations!' },
  { tool: 'refinery', dep: 'refinery', pattern: /\bembed_migrations!\s*\(/, what: 'refinery::embed_migrations!' },
  { tool: 'sqlx', dep: 'sqlx', pattern: /\bmigrate!\s*\(/, what: 'sqlx::migrate!' },
  { tool: 'sea-orm-migration', dep: '', pattern: /\bMigrator::(?:up|fresh|refresh)\s*\(/, what: 'Migrator::up' },
];

/**
 * The app's migrations, first found wins: the app's own binary applies them at start (diesel_migrations or refinery
 * `embed_migrations!`, `sqlx::migrate!`, sea-orm's `Migrator::up`): nothing to run, a summary line; a migration binary
 * of the workspace (sea-orm-migration's `migration` crate, `src/bin/migrate.rs`): built like the app into the migrate
 * image; a migrations folder of diesel, sqlx or refinery: their CLI, installed into the migrate image. Migrations
 * need a database: a server the plan runs, or SQLite (then kept only when the data plan put its file on a volume).
 */
export async function detectRustMigrations(fs: ProjectFs, ctx: RustMigrationContext): Promise<RustMigrations> {
  const deps = new Set(ctx.closure.flatMap((p) => p.deps));
  const atStart = await migratesAtStart(fs, ctx, deps);
  if (atStart) return { ...NONE, notes: [`migrations: ${atStart}, so the app applies them when it starts (no migrate service)`] };
  const server = ctx.services.find((s): s is MigrationBackend => s === 'postgres' || s === 'mysql');

  const found = findMigrationBinary(ctx.project, ctx.app);
  if (found) {
    const closure = localClosure(ctx.project, found.pkg);
    const sqlite = closure.some((p) => p.deps.some((d) => /sqlite/.test(d)) || p.depFeatures.some((f) => /sqlite/.test(f)));
    const plan = (command: string[]): MigratePlan => ({ tool: found.seaOrm ? 'sea-orm-migration' : found.kind === 'crate' ? `${found.pkg.name} crate` : `${found.bin.name} binary`, command, reason: found.why, stage: true, ...(server ? {} : { embedded: true }) });
    if (!server && !sqlite) return { ...NONE, notes: [`no migrate service for ${found.why}: no database service`] };
    const locked = ctx.lockfile ? await lockedCrates(fs, found.pkg.name) : undefined;
    const libs = nativeLibs({ deps: closure.flatMap((p) => p.deps), depFeatures: closure.flatMap((p) => p.depFeatures), locked }, ctx.debian);
    const build = ['cargo', 'build', '--release', ...(ctx.lockfile ? ['--locked'] : []), ...(ctx.project.workspace ? ['--package', found.pkg.name] : []), '--bin', found.bin.name, ...(found.bin.requiredFeatures.length ? ['--features', found.bin.requiredFeatures.join(',')] : [])];
    const stage = binaryStage({ build, crate: found.pkg.name, bin: found.bin.name, libs }, ctx);
    const migrate = plan([stage.target, ...(found.seaOrm ? ['up'] : [])]);
    return { migrate, stage, notes: [`migrate service (${migrate.tool}): ${migrate.reason}; runs before the app`] };
  }

  for (const tool of ['diesel', 'sqlx', 'refinery'] as const) {
    if (!deps.has(tool)) continue;
    const dir = await migrationsFolder(fs, tool, ctx.closure);
    if (!dir) continue;
    const backend = backendOf(tool, ctx.closure, server);
    if (!backend) return { ...NONE, notes: [`no migrate service for the ${tool} migrations in ${dir}: no database service, and no ${tool} database feature names one`] };
    if (backend !== 'sqlite' && !server) return { ...NONE, notes: [`no migrate service for the ${tool} migrations in ${dir}: no ${backend} service`] };
    const locked = ctx.lockfile ? await lockedVersion(fs, tool) : undefined;
    const cli = cliStage(tool, backend, locked, dir, ctx);
    const migrate: MigratePlan = { tool, command: cli.command, reason: `${dir} and the ${tool} dependency (${backend})`, stage: true, ...(backend === 'sqlite' ? { embedded: true } : {}) };
    return { migrate, stage: cli.stage, notes: [`migrate service (${tool}): ${migrate.reason}; runs before the app`, ...cli.notes] };
  }
  return NONE;
}

/** `diesel_migrations::embed_migrations! (src/db.rs)` when the app's own code applies the migrations. */
async function migratesAtStart(fs: ProjectFs, ctx: RustMigrationContext, deps: ReadonlySet<string>): Promise<string | undefined> {
  const rules = AT_START.filter((r) => (r.dep === '' ? ctx.closure.some((p) => p.deps.includes('sea-orm-migration')) || ctx.project.packages.some((p) => p.deps.includes('sea-orm-migration')) : deps.has(r.dep)));
  if (rules.length === 0) return undefined;
  for (const file of await appSources(fs, ctx)) {
    const text = (await fs.readText(file)) ?? '';
    const hit = rules.find((r) => r.pattern.test(text));
    if (hit) return `${hit.what} in ${file}`;
  }
  return undefined;
}

/** The .rs files of the app's crates, without the sources of their other binaries. */
async function appSources(fs: ProjectFs, ctx: RustMigrationContext): Promise<string[]> {
  const out: string[] = [];
  for (const p of ctx.closure) {
    const prefix = p.dir ? `${p.dir}/` : '';
    const others = p.bins.filter((b) => !(p.dir === ctx.app.pkg.dir && b.name === ctx.app.bin.name));
    const skip = (f: string): boolean => others.some((b) => f === b.path || (b.path.endsWith('/main.rs') && b.path.startsWith(`${prefix}src/bin/`) && f.startsWith(`${path.posix.dirname(b.path)}/`)));
    out.push(...(await fs.glob(`${prefix}src/**/*.rs`, { deep: 8 })).filter((f) => !skip(f)).sort());
  }
  return out;
}

/** The tool's migrations folder (diesel.toml's migrations_directory, else `migrations` of the root or a crate) when it holds migrations. */
async function migrationsFolder(fs: ProjectFs, tool: 'diesel' | 'sqlx' | 'refinery', closure: CargoPackage[]): Promise<string | undefined> {
  const roots = [...new Set(['', ...closure.map((p) => p.dir)])];
  const candidates: string[] = [];
  if (tool === 'diesel') {
    for (const r of roots) {
      const file = r ? `${r}/diesel.toml` : 'diesel.toml';
      const dir = ((await readToml(fs, file))?.migrations_directory as { dir?: unknown } | undefined)?.dir;
      if (typeof dir === 'string') candidates.push(path.posix.normalize(path.posix.join(r, dir)).replace(/\/+$/, ''));
    }
  }
  candidates.push(...roots.map((r) => (r ? `${r}/migrations` : 'migrations')));
  // diesel: <stamp>_name/up.sql; sqlx: <version>_name.sql (or .up.sql); refinery: V<n>__name.sql.
  const pattern = tool === 'diesel' ? '*/up.sql' : tool === 'sqlx' ? '*.sql' : '**/[VU]*__*.sql';
  for (const dir of candidates) {
    if (dir.startsWith('..') || path.posix.isAbsolute(dir)) continue;
    if ((await fs.glob(`${dir}/${pattern}`, { deep: 3 })).length > 0) return dir;
  }
  return undefined;
}

/** The database the tool's features name (the one the plan runs when several), else the plan's database server. */
function backendOf(tool: 'diesel' | 'sqlx' | 'refinery', closure: CargoPackage[], server: MigrationBackend | undefined): MigrationBackend | undefined {
  const features = closure.flatMap((p) => p.depFeatures).filter((f) => f.startsWith(`${tool}/`)).map((f) => f.slice(tool.length + 1));
  const named = new Set<MigrationBackend>();
  for (const f of features) {
    if (/^(?:postgres|tokio-postgres)/.test(f)) named.add('postgres');
    else if (/^mysql/.test(f)) named.add('mysql');
    else if (/^(?:sqlite|rusqlite)/.test(f)) named.add('sqlite');
  }
  if (server && named.has(server)) return server;
  if (named.size > 0) return [...named][0];
  return server;
}
