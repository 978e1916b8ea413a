import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { UrlEvidence } from '../shared/database-urls.js';

const MAX_BYTES = 256 * 1024;
// Alembic's env.py builds its own engine from the URL: that is the migration tool's use, not the app's.
const MIGRATION_FILE = /(^|\/)(alembic|migrations?)\//;
const ALEMBIC_IMPORT = /^\s*(?:from|import)\s+alembic\b/m;
const ENGINE = /\b(?:create_(?:async_)?engine|(?:async_)?engine_from_config)\s*\(|\bSQLAlchemy\s*\(|^\s*(?:from|import)\s+sqlmodel\b/m;
/** Libraries that read a PostgreSQL URL themselves, and the calls that hand it to them. */
const DIRECT: [string, RegExp][] = [
  ['asyncpg', /\basyncpg\.(?:connect|create_pool)\s*\(|^\s*from\s+asyncpg(?:\.pool)?\s+import\s+[^\n]*\b(?:connect|create_pool)\b/m],
  ['databases', /\bdatabases\.Database\s*\(|^\s*from\s+databases\s+import\s+[^\n]*\bDatabase\b/m],
];

/**
 * How the app's own code uses its database URL: which URL-reading libraries it calls directly (asyncpg,
 * databases) and whether it builds a SQLAlchemy engine. Files of the migration tool (alembic/, migrations/,
 * or importing alembic) are left out.
 */
export async function databaseUrlEvidence(fs: ProjectFs, sources: readonly string[]): Promise<UrlEvidence> {
  const direct = new Set<string>();
  let sqlalchemyEngine = false;
  for (const file of sources) {
    if (MIGRATION_FILE.test(file)) continue;
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES || ALEMBIC_IMPORT.test(text)) continue;
    for (const [lib, call] of DIRECT) if (call.test(text)) direct.add(lib);
    sqlalchemyEngine ||= ENGINE.test(text);
  }
  return { direct: [...direct], sqlalchemyEngine };
}
