import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan } from '../../src/plan/types.js';

/** Script names that say they create the database schema: create_db.py, init_db.py, create_tables.py, setup_database.py. */
const SCRIPT = /^(?:create|init|setup|make)[_-]?(?:the[_-]?)?(?:db|database|tables|schema|models)\.py$/;
// SQLAlchemy's idempotent table creation (only missing tables), the one thing such a script may do unattended.
const CREATE_ALL = /\.create_all\s*\(/;
// Anything that destroys data or waits for a person must never run before every start.
const UNSAFE = /\.drop_all\s*\(|\binput\s*\(|\bDROP\s+TABLE\b|\bTRUNCATE\b/i;
const MAX_BYTES = 64 * 1024;

/**
 * A root-level script that creates the app's tables from its SQLAlchemy models (`db.create_all()`), for apps that
 * have no migration tool: run once before the app, like a migration, since `create_all` only adds missing tables.
 * Null when there is none, or when the script also drops tables or prompts.
 */
export async function schemaScript(fs: ProjectFs, deps: ReadonlySet<string>, interpreter: string): Promise<MigratePlan | null> {
  if (!deps.has('sqlalchemy') && !deps.has('flask-sqlalchemy')) return null;
  const files = (await fs.glob(['*.py'], { deep: 1 })).filter((f) => SCRIPT.test(f)).sort();
  for (const file of files) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES || !CREATE_ALL.test(text) || UNSAFE.test(text)) continue;
    return { tool: 'create-all', command: [interpreter, file], reason: `${file} creates the tables (SQLAlchemy create_all) and no migration tool was found` };
  }
  return null;
}
