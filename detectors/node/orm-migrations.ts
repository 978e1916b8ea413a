import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan } from '../../src/plan/types.js';
import { runDirOf } from '../shared/data/compiled-dir.js';
import { readTypeormDataSource } from './typeorm-config.js';
import { readSequelizeRc } from './sequelizerc.js';
import { readSequelizeConfig } from '../shared/env/sequelize-roles.js';
import { isLegacyTypeorm, readLegacyOrmConfig, runnableMigrationGlob } from './typeorm-legacy.js';
import { byCodeUnits } from '../shared/text-order.js';

/** Where a tool runs: the app's image (a production dependency) or the migrate stage. */
export type ToolPlace = (tool: string) => { bin: string; stage?: true };
/** How the summary names where the tool comes from. */
export type ToolOrigin = (tool: string) => string;

const DATA_SOURCE_NAMES = '{data-source,datasource,dataSource,ormconfig,typeorm,typeorm.config,typeorm-config}.{ts,mts,cts,js,mjs,cjs}';
const MIGRATION_FILES = ['{migration,migrations}/*.{ts,mts,cts,js,mjs,cjs}', '**/{migration,migrations}/*.{ts,mts,cts,js,mjs,cjs}'];
const COMPILED_EXT: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs' };

/**
 * TypeORM: a data source file (`new DataSource({... migrations: [...]})`) and a migrations folder -> `typeorm
 * migration:run -d <the data source as it runs>` (a TypeScript file: its compiled path in tsc's outDir). With
 * `migrationsRun: true` the app migrates when it starts: no plan, a note says so.
 */
export async function detectTypeorm(fs: ProjectFs, allDeps: ReadonlySet<string>, where: ToolPlace, origin: ToolOrigin, notes: string[]): Promise<MigratePlan | null> {
  if (!allDeps.has('typeorm')) return null;
  const pkg = (await fs.readJson<PackageJson>('package.json')) ?? {};
  const range = pkg.dependencies?.typeorm ?? pkg.devDependencies?.typeorm;
  if (isLegacyTypeorm(range)) return legacyTypeorm(fs, range!, where, origin, notes);
  const files = await fs.glob([DATA_SOURCE_NAMES, `**/${DATA_SOURCE_NAMES}`], { deep: 4 });
  // The TypeScript source before a compiled copy of it, the shallowest first.
  files.sort((a, b) => Number(!/\.[mc]?ts$/.test(a)) - Number(!/\.[mc]?ts$/.test(b)) || a.split('/').length - b.split('/').length || byCodeUnits(a, b));
  for (const file of files) {
    const text = await fs.readText(file);
    const ds = text === undefined ? undefined : await readTypeormDataSource(text, file);
    if (!ds?.migrations) continue;
    if (ds.migrationsRun) {
      notes.push(`TypeORM migrations: ${file} sets migrationsRun: true, so the app applies them when it starts: no migrate service`);
      return null;
    }
    const migrations = (await fs.glob(MIGRATION_FILES, { deep: 6 })).filter((f) => !f.endsWith('.d.ts'));
    if (!migrations.length) continue;
    const run = await runDirOf(fs, file);
    if ('unknown' in run) {
      notes.push(`TypeORM migrations in ${file}: no migrate service, as where it is compiled to is unknown (${run.unknown}); run typeorm migration:run -d <compiled data source> before each release`);
      return null;
    }
    const ext = path.posix.extname(file);
    // Without an outDir, tsc writes the JavaScript beside the source; without tsc, the file runs as TypeScript in
    // place (tsx, ts-node), which the image's plain node cannot load with the entities' decorators.
    const inPlace = run.dir === path.posix.dirname(file) && ext in COMPILED_EXT;
    if (inPlace && !/\btsc\b/.test(pkg.scripts?.build ?? '')) {
      notes.push(`TypeORM migrations in ${file}: no migrate service, as the data source is TypeScript run in place (no tsc build writes it as JavaScript); add a tsc build (outDir) or run typeorm-ts-node-commonjs migration:run -d ${file} before each release`);
      return null;
    }
    const compiled = path.posix.join(run.dir, path.posix.basename(file, ext) + (run.dir !== path.posix.dirname(file) || inPlace ? (COMPILED_EXT[ext] ?? ext) : ext));
    const folder = path.posix.dirname(migrations[0]!);
    const { bin, stage } = where('typeorm');
    return {
      tool: 'typeorm', command: [bin, 'node_modules/typeorm/cli.js', 'migration:run', '-d', compiled],
      reason: `${file} (run as ${compiled}), migrations in ${folder} and ${origin('typeorm')}`, ...(stage ? { stage } : {}),
    };
  }
  return null;
}

/** The package.json fields the TypeORM check reads. */
interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

/**
 * TypeORM before 0.3: the CLI reads `ormconfig.*` from the working directory (no `-d`), so the command is
 * `typeorm migration:run` and the config goes into the runtime beside the build output (the app reads it too).
 * Migrations named only as TypeScript (`src/migration/*.ts`) cannot load under the image's node: no service, a
 * summary line says what to change.
 */
async function legacyTypeorm(fs: ProjectFs, range: string, where: ToolPlace, origin: ToolOrigin, notes: string[]): Promise<MigratePlan | null> {
  const config = await readLegacyOrmConfig(fs);
  if (!config) {
    notes.push(`TypeORM ${range}: no ormconfig file at the root (TYPEORM_* variables are not read here): no migrate service; run typeorm migration:run before each release`);
    return null;
  }
  if (config.opaque || !config.migrations.length) {
    if (config.opaque) notes.push(`TypeORM migrations: ${config.file}'s migrations are not literal paths: no migrate service; run typeorm migration:run before each release`);
    return null;
  }
  if (!(await fs.glob(MIGRATION_FILES, { deep: 6 })).some((f) => !f.endsWith('.d.ts'))) return null;
  const runnable = config.migrations.filter(runnableMigrationGlob);
  if (!runnable.length) {
    notes.push(`TypeORM migrations: ${config.file} names TypeScript migrations only (${config.migrations.join(', ')}), which the image's node cannot load: no migrate service; point migrations at the compiled files (e.g. dist/migration/*.js)`);
    return null;
  }
  // The env reader replaces the file only when TYPEORM_CONNECTION or TYPEORM_URL is set, and then wants every option.
  if (config.literalDatabase) notes.push(`warning: ${config.file} names its database literally (${config.literalDatabase}), so the app and the migrate service connect there, not to the compose database unless that is its service name; read the URL from the environment (ormconfig.js with url: process.env.DATABASE_URL) or set TYPEORM_CONNECTION, TYPEORM_URL and the other TYPEORM_* options in .env`);
  const { bin, stage } = where('typeorm');
  return {
    tool: 'typeorm', command: [bin, 'node_modules/typeorm/cli.js', 'migration:run'], runtimeFiles: [config.file],
    reason: `TypeORM ${range} reads ${config.file} (migrations ${runnable.join(', ')}) and ${origin('typeorm')}`, ...(stage ? { stage } : {}),
  };
}

/**
 * Sequelize: `sequelize-cli` with its config (`.sequelizerc`'s `config`, else `config/config.json`) and a
 * migrations folder (`.sequelizerc`'s `migrations-path`, else `migrations`) -> `sequelize-cli db:migrate`. A config
 * that does not exist gets no service, and one without a `production` entry (the image's NODE_ENV) a warning: both
 * in the summary. The variables the entry reads reach compose through the app's env collection. `sourcesOnly`: the
 * runtime holds only the build output, so `where` runs it from the migrate stage, and the summary says what that holds.
 */
export async function detectSequelize(fs: ProjectFs, allDeps: ReadonlySet<string>, where: ToolPlace, origin: ToolOrigin, notes: string[] = [], sourcesOnly = false): Promise<MigratePlan | null> {
  if (!allDeps.has('sequelize-cli')) return null;
  const rcText = await fs.readText('.sequelizerc');
  const rc = rcText === undefined ? {} : ((await readSequelizeRc(rcText)) ?? {});
  const inside = (p: string): boolean => !p.startsWith('../') && p !== '..' && !path.posix.isAbsolute(p);
  const folder = rc.migrationsPath ?? 'migrations';
  const config = rc.config ?? 'config/config.json';
  if (!inside(folder) || !inside(config) || !(await fs.isDir(folder))) return null;
  if (!(await fs.exists(config))) {
    if (rcText !== undefined && rc.config !== undefined) notes.push(`Sequelize migrations in ${folder}: .sequelizerc names the config ${config}, which does not exist: no migrate service; add it (with a production entry) and re-run`);
    return null;
  }
  const facts = await readSequelizeConfig(fs);
  if (facts && !facts.hasProduction) notes.push(`warning: ${config} has no production entry that can be read (sequelize-cli picks the entry by NODE_ENV, production in the image): add one that reads the database from the environment (use_env_variable)`);
  const { bin, stage } = where('sequelize-cli');
  const reads = facts?.roles.length ? ` (production reads ${facts.roles.map((r) => r.name).join(', ')})` : '';
  return {
    tool: 'sequelize', command: [bin, 'node_modules/sequelize-cli/lib/sequelize', 'db:migrate'],
    reason: `${rcText === undefined ? '' : '.sequelizerc, '}${config}${reads}, migrations in ${folder} and ${origin('sequelize-cli')}`, ...(stage ? { stage } : {}),
    ...(sourcesOnly ? { stageHolds: `the sources with ${config} and ${folder}` } : {}),
  };
}
