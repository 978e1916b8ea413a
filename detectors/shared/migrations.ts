import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan } from '../../src/plan/types.js';

/** What the migration detection needs from the stack's detector. */
export interface MigrationContext {
  stack: 'python' | 'node';
  /** Production dependencies (normalised names). */
  deps: ReadonlySet<string>;
  framework: string | null;
  /** The runtime's interpreter in the image: the venv's python, or node. */
  interpreter: string;
  /** Python: the venv's bin folder, for console scripts (alembic, flask). */
  binDir?: string;
  /** A SQL database service is in the plan: without one there is nothing to migrate in compose. */
  hasDatabase: boolean;
  /** Node: the Prisma migrations folder the Prisma reader found (null: none); absent, `prisma/migrations` is looked for. */
  prismaMigrations?: string | null;
}

/**
 * The migration tool the app uses, as a command that runs in the app's own image: Django, Flask-Migrate, alembic,
 * Prisma, knex and drizzle-kit (when their CLI is a production dependency, so it is in the image). Null when none is found.
 */
export async function detectMigrations(fs: ProjectFs, ctx: MigrationContext): Promise<MigratePlan | null> {
  if (!ctx.hasDatabase) return null;
  if (ctx.stack === 'python') {
    if (ctx.framework === 'django' && (await fs.exists('manage.py'))) {
      return { tool: 'django', command: [ctx.interpreter, 'manage.py', 'migrate', '--noinput'], reason: 'manage.py (Django)' };
    }
    if (ctx.deps.has('flask-migrate') && (await fs.exists('migrations/alembic.ini'))) {
      return { tool: 'flask-migrate', command: [`${ctx.binDir}/flask`, 'db', 'upgrade'], reason: 'Flask-Migrate with migrations/alembic.ini' };
    }
    if (ctx.deps.has('alembic') && (await fs.exists('alembic.ini'))) {
      return { tool: 'alembic', command: [`${ctx.binDir}/alembic`, 'upgrade', 'head'], reason: 'alembic.ini and the alembic dependency' };
    }
    return null;
  }
  const prismaDir = ctx.prismaMigrations !== undefined ? ctx.prismaMigrations : (await fs.isDir('prisma/migrations')) ? 'prisma/migrations' : null;
  if (ctx.deps.has('prisma') && prismaDir) {
    return { tool: 'prisma', command: [ctx.interpreter, 'node_modules/prisma/build/index.js', 'migrate', 'deploy'], reason: `${prismaDir} and the prisma dependency` };
  }
  let knexfile: string | undefined;
  for (const f of ['knexfile.js', 'knexfile.cjs', 'knexfile.mjs']) if (!knexfile && (await fs.exists(f))) knexfile = f;
  if (ctx.deps.has('knex') && knexfile) {
    return { tool: 'knex', command: [ctx.interpreter, 'node_modules/knex/bin/cli.js', '--knexfile', knexfile, 'migrate:latest'], reason: `${knexfile} and the knex dependency` };
  }
  let drizzleConfig: string | undefined;
  for (const f of ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs', 'drizzle.config.mts']) if (!drizzleConfig && (await fs.exists(f))) drizzleConfig = f;
  if (ctx.deps.has('drizzle-kit') && drizzleConfig) {
    return { tool: 'drizzle', command: [ctx.interpreter, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', drizzleConfig], reason: `${drizzleConfig} and the drizzle-kit dependency` };
  }
  return null;
}
