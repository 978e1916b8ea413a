import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan } from '../../src/plan/types.js';

/** What the migration detection needs from the stack's detector. */
export interface MigrationContext {
  stack: 'python';
  /** Production dependencies (normalised names). */
  deps: ReadonlySet<string>;
  framework: string | null;
  /** The runtime's interpreter in the image: the venv's python. */
  interpreter: string;
  /** Python: the venv's bin folder, for console scripts (alembic, flask). */
  binDir?: string;
  /** A SQL database service is in the plan: without one there is nothing to migrate in compose. */
  hasDatabase: boolean;
}

/**
 * The Python migration tool the app uses, as a command that runs in the app's own image: Django, Flask-Migrate,
 * alembic. Null when none is found. (Node's tools: detectors/node/migrations.ts.)
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
  }
  return null;
}
