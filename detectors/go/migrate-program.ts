import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { GoMain } from './main-packages.js';

/** A migration program of the project's own: a main package built into the migrate stage, and its arguments. */
export interface GoMigrateProgram {
  main: GoMain;
  /** Arguments after the binary (`migrate` for a subcommand). */
  args: string[];
  reason: string;
}

/** Folder names of a program that only migrates: cmd/migrate, cmd/shop-migrate, cmd/migrate-db, tools/migrator. */
const MIGRATE_DIR = /^(migrate|migrations?|migrator|[\w.-]+-migrate|migrate-[\w.-]+)$/;
/**
 * The program talks to a database: it imports a SQL or migration package, or reads a database variable. A folder
 * named migrate without it (a tool converting files, say) is not taken.
 */
const DATABASE_IMPORT = /"(database\/sql|github\.com\/(pressly\/goose|golang-migrate\/migrate|jmoiron\/sqlx|jackc\/pgx|lib\/pq|go-sql-driver\/mysql|ardanlabs\/darwin|uptrace\/bun|mattn\/go-sqlite3|go-gormigrate)|gorm\.io\/gorm|entgo\.io\/ent|modernc\.org\/sqlite|ariga\.io\/atlas)[^"]*"/;
const DATABASE_VARIABLE = /(?:Getenv|LookupEnv)\(\s*"[A-Z0-9_]*(?:DATABASE|DB_|_DB\b|DSN|POSTGRES|MYSQL|SQLITE)[A-Z0-9_]*"/;
/** A `migrate` entry of a command table: a switch on the arguments, cobra's Use, urfave/cli's Name. */
const MIGRATE_SUBCOMMAND = /\bcase\s+(?:"[\w-]+"\s*,\s*)*"migrate"|\bUse:\s*"migrate\b|\bName:\s*"migrate"/;
const MAX_BYTES = 256 * 1024;

/** The text holds a `migrate` entry of a command table (`case "migrate":`, cobra's Use, urfave/cli's Name). */
export const hasMigrateSubcommand = (text: string): boolean => MIGRATE_SUBCOMMAND.test(text);

async function texts(fs: ProjectFs, files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files.slice(0, 100)) {
    const t = await fs.readText(f).catch(() => undefined);
    if (t !== undefined && t.length <= MAX_BYTES) out.push(t);
  }
  return out;
}

/** The main package's files and its own subpackages' (a command table often lives in <main>/commands). */
async function programFiles(fs: ProjectFs, main: GoMain): Promise<string[]> {
  if (main.dir === '.' || main.dir === main.module.dir) return main.files;
  const below = await fs.glob(`${main.dir}/**/*.go`, { deep: 4 });
  return [...new Set([...main.files, ...below.filter((f) => !f.endsWith('_test.go'))])];
}

/**
 * The project's own migration program: a main package in a migrate-named folder (cmd/migrate, cmd/<app>-migrate)
 * that talks to a database, run as it is; else a `migrate` subcommand in a main package's command table (the served
 * binary's first, then another's, such as an admin tool), run as `<binary> migrate`. Undefined when neither is found.
 */
export async function findMigrateProgram(fs: ProjectFs, served: GoMain, mains: GoMain[]): Promise<GoMigrateProgram | undefined> {
  for (const main of mains) {
    if (main.dir === served.dir || !MIGRATE_DIR.test(path.posix.basename(main.dir))) continue;
    const sources = await texts(fs, main.files);
    if (sources.some((t) => DATABASE_IMPORT.test(t) || DATABASE_VARIABLE.test(t))) {
      return { main, args: [], reason: `${main.dir} (a package main named for migrations that talks to a database)` };
    }
  }
  for (const main of [served, ...mains.filter((m) => m.dir !== served.dir)]) {
    const sources = await texts(fs, await programFiles(fs, main));
    if (sources.some((t) => MIGRATE_SUBCOMMAND.test(t))) {
      return { main, args: ['migrate'], reason: `the migrate subcommand of ${main.dir === served.dir ? 'the app\'s binary' : main.dir} (its command table)` };
    }
  }
  return undefined;
}
