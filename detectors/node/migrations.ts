import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan } from '../../src/plan/types.js';
import type { PrismaPlan } from './prisma.js';
import { drizzleOut } from './drizzle-config.js';
import { detectSequelize, detectTypeorm, type ToolPlace } from './orm-migrations.js';

/** What the Node migration detection needs from the detector. */
export interface NodeMigrationContext {
  /** Production dependencies: a tool among them is in the runtime image. */
  prodDeps: ReadonlySet<string>;
  /** Every dependency, dev ones included: a tool only here runs from the Dockerfile's `migrate` stage. */
  allDeps: ReadonlySet<string>;
  /** The runtime's node binary (distroless keeps it elsewhere than the build image). */
  runtimeBin: string;
  /** A SQL database service is in the plan: without one there is nothing to migrate in compose. */
  hasDatabase: boolean;
  /** What the Prisma reader found (schema, migrations folder, major), null without Prisma. */
  prisma: PrismaPlan | null;
  /** Summary lines of a tool that gets no service (TypeORM's `migrationsRun: true` migrates at start). */
  notes?: string[];
  /**
   * The runtime holds the project's files (`COPY . .`). False: only the build output (Next.js `.next`, tsc's `dist`),
   * without the knexfile, drizzle config, `.sequelizerc` or migrations folders those CLIs read. Absent: true.
   */
  copyContext?: boolean;
}

/** The node binary of the official build images, where the `migrate` stage runs. */
export const STAGE_NODE = '/usr/local/bin/node';

const KNEXFILES = ['knexfile.js', 'knexfile.cjs', 'knexfile.mjs'];
const DRIZZLE_CONFIGS = ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs', 'drizzle.config.mts'];
const PUSH_NOTE = 'push applies the schema as it is in the code, with no migration history: fine for a project without migrations; generate migrations for changes that need review (renames, dropped columns)';

/**
 * The Node migration tool, as a command for the migrate service: Prisma (`migrate deploy` with a migrations folder,
 * else `db push`), knex (`migrate:latest`), drizzle-kit (`migrate` with a migrations journal, else `push`). A tool
 * that only devDependencies hold, or a push (it reads the schema sources), runs from the `migrate` stage. Then
 * TypeORM (`migration:run -d` the data source) and Sequelize (`sequelize-cli db:migrate`).
 */
export async function detectNodeMigrations(fs: ProjectFs, ctx: NodeMigrationContext): Promise<MigratePlan | null> {
  if (!ctx.hasDatabase) return null;
  const where = (tool: string, push = false): { bin: string; stage?: true } =>
    push || !ctx.prodDeps.has(tool) ? { bin: STAGE_NODE, stage: true } : { bin: ctx.runtimeBin };
  const dev = (tool: string): string => (ctx.prodDeps.has(tool) ? `the ${tool} dependency` : `${tool} (a dev dependency: run from the migrate stage)`);
  // knex, drizzle-kit and sequelize-cli read their config and migrations from the project's files, which a runtime
  // holding only the build output lacks (the migrate service exited 1 on a missing drizzle.config.ts): the migrate
  // stage has them.
  const sourcesOnly = ctx.copyContext === false;
  const fromSources: ToolPlace = (tool) => (sourcesOnly ? { bin: STAGE_NODE, stage: true } : where(tool));
  const sourcesOrigin = (tool: string): string => (sourcesOnly ? `${tool} (run from the migrate stage: the app's image holds the build output, not the config and migrations ${tool} reads)` : dev(tool));
  const holds = (files: string): { stageHolds?: string } => (sourcesOnly ? { stageHolds: `the sources with ${files}` } : {});

  if (ctx.allDeps.has('prisma')) {
    const migrations = ctx.prisma ? ctx.prisma.migrations : (await fs.isDir('prisma/migrations')) ? 'prisma/migrations' : null;
    if (migrations) {
      const { bin, stage } = where('prisma');
      return { tool: 'prisma', command: [bin, 'node_modules/prisma/build/index.js', 'migrate', 'deploy'], reason: `${migrations} and ${dev('prisma')}`, ...(stage ? { stage } : {}) };
    }
    if (ctx.prisma) {
      // Before Prisma 7, db push also ran generate, which writes into node_modules (read-only in the container).
      const skip = ctx.prisma.major !== null && ctx.prisma.major < 7 ? ['--skip-generate'] : [];
      return {
        tool: 'prisma', command: [STAGE_NODE, 'node_modules/prisma/build/index.js', 'db', 'push', ...skip], stage: true, push: true,
        reason: `${ctx.prisma.schema} with no migrations folder: prisma db push from the migrate stage; ${PUSH_NOTE}`,
      };
    }
  }
  let knexfile: string | undefined;
  for (const f of KNEXFILES) if (!knexfile && (await fs.exists(f))) knexfile = f;
  if (ctx.allDeps.has('knex') && knexfile) {
    const { bin, stage } = fromSources('knex');
    return { tool: 'knex', command: [bin, 'node_modules/knex/bin/cli.js', '--knexfile', knexfile, 'migrate:latest'], reason: `${knexfile} and ${sourcesOrigin('knex')}`, ...(stage ? { stage } : {}), ...holds(`${knexfile} and its migrations`) };
  }
  let config: string | undefined;
  for (const f of DRIZZLE_CONFIGS) if (!config && (await fs.exists(f))) config = f;
  if (ctx.allDeps.has('drizzle-kit') && config) {
    const journal = await drizzleJournal(fs, config);
    if (journal) {
      const { bin, stage } = fromSources('drizzle-kit');
      const folder = path.posix.dirname(path.posix.dirname(journal));
      return { tool: 'drizzle', command: [bin, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', config], reason: `${config}, migrations in ${folder} and ${sourcesOrigin('drizzle-kit')}`, folder, ...(stage ? { stage } : {}), ...holds(`${config} and ${folder}`) };
    }
    return {
      tool: 'drizzle', command: [STAGE_NODE, 'node_modules/drizzle-kit/bin.cjs', 'push', '--config', config], stage: true, push: true,
      reason: `${config} with no migrations folder (no meta/_journal.json): drizzle-kit push from the migrate stage; ${PUSH_NOTE}`,
    };
  }
  // TypeORM runs the data source as compiled into the build output, which the runtime holds.
  return (await detectTypeorm(fs, ctx.allDeps, where, dev, ctx.notes ?? [])) ?? (await detectSequelize(fs, ctx.allDeps, fromSources, sourcesOrigin, ctx.notes ?? [], sourcesOnly));
}

/**
 * drizzle-kit generate keeps a journal (`meta/_journal.json`) beside the SQL files in the config's `out` folder:
 * read from the config when it is a literal (any name, also one the file walk skips: `out`, `dist`, a dot folder),
 * and only there, since that is the one `drizzle-kit migrate` reads. Without a literal `out`: drizzle-kit's default
 * `drizzle`, else the first journal the walk finds (a computed `out`).
 */
async function drizzleJournal(fs: ProjectFs, config: string): Promise<string | undefined> {
  const text = await fs.readText(config);
  const out = text === undefined ? undefined : await drizzleOut(text, config);
  const at = (folder: string): string => path.posix.join(path.posix.normalize(folder), 'meta/_journal.json');
  if (out !== undefined) {
    const journal = at(out);
    return !journal.startsWith('../') && !path.posix.isAbsolute(journal) && (await fs.exists(journal)) ? journal : undefined;
  }
  if (await fs.exists(at('drizzle'))) return at('drizzle');
  return (await fs.glob('**/meta/_journal.json', { deep: 6 }))[0];
}
