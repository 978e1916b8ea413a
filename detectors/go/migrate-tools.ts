import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { GoModFile } from './go-mod.js';
import { byCodeUnits } from '../shared/text-order.js';

/** A migration CLI the migrate stage installs at the version go.mod pins, with the folder of SQL files it applies. */
export interface GoMigrateTool {
  tool: 'goose' | 'golang-migrate';
  /** The module go.mod requires, and its version (the CLI is installed at that version). */
  module: string;
  version: string;
  /** The CLI's package (`go install <package>@<version>`) and binary name. */
  cli: string;
  bin: string;
  /** The folder of migration files (relative to the project root). */
  dir: string;
  reason: string;
}

/** What the migration libraries in go.mod left: a CLI to run, or notes (goose's Go-only migrations). */
export interface GoMigrateFindings {
  tool?: GoMigrateTool;
  /** Notes for the summary when a library is required but nothing runnable was found. */
  notes: string[];
}

const GOOSE = 'github.com/pressly/goose/v3';
const GOLANG_MIGRATE = 'github.com/golang-migrate/migrate/v4';
const SKIP = /(^|\/)(vendor|testdata|node_modules|\.[^/]+)\//;
const GOOSE_UP = /^--\s*\+goose\s+up\b/im;
// golang-migrate names each version's files <version>_<title>.up.sql / .down.sql (the version: digits).
const MIGRATE_UP = /^\d+_[^/]*\.up\.sql$/;

/** The folder holding most of the files (ties: the first by name). */
function busiest(files: string[]): string | undefined {
  const count = new Map<string, number>();
  for (const f of files) count.set(path.posix.dirname(f), (count.get(path.posix.dirname(f)) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0]))[0]?.[0];
}

const required = (mod: GoModFile, module: string): string | undefined => mod.requires.find((r) => r.path === module)?.version;

/**
 * goose (go.mod requires github.com/pressly/goose/v3; SQL files marked `-- +goose Up` in a folder) or golang-migrate
 * (github.com/golang-migrate/migrate/v4; `NNN_title.up.sql` files), with the folder their CLI applies. goose's Go
 * migrations need a binary that imports them (the project's own program), so they get a note, not the CLI.
 */
export async function findMigrateTool(fs: ProjectFs, moduleDir: string, mod: GoModFile): Promise<GoMigrateFindings> {
  const notes: string[] = [];
  const within = (p: string): string => (moduleDir && moduleDir !== '.' ? `${moduleDir}/${p}` : p);
  const sql = (await fs.glob(within('**/*.sql'), { deep: 6 })).filter((f) => !SKIP.test(f));
  const goose = required(mod, GOOSE);
  if (goose) {
    const marked: string[] = [];
    for (const f of sql.slice(0, 200)) if (GOOSE_UP.test((await fs.readText(f).catch(() => undefined)) ?? '')) marked.push(f);
    const dir = busiest(marked);
    if (dir) {
      return { tool: { tool: 'goose', module: GOOSE, version: goose, cli: `${GOOSE}/cmd/goose`, bin: 'goose', dir, reason: `go.mod requires ${GOOSE} ${goose}; ${dir} holds its SQL migrations (-- +goose Up)` }, notes };
    }
    const goFiles = (await fs.glob(within('**/*.go'), { deep: 6 })).filter((f) => !SKIP.test(f) && !f.endsWith('_test.go'));
    for (const f of goFiles.slice(0, 300)) {
      if (/\bgoose\.AddMigration(?:Context|NoTx|NoTxContext)?\(/.test((await fs.readText(f).catch(() => undefined)) ?? '')) {
        notes.push(`goose Go migrations (${path.posix.dirname(f)}) run only from a binary that imports them: no migrate service; add a main package in cmd/migrate that calls goose.Up, and it becomes the migrate service`);
        break;
      }
    }
  }
  const golangMigrate = required(mod, GOLANG_MIGRATE);
  if (golangMigrate) {
    const dir = busiest(sql.filter((f) => MIGRATE_UP.test(path.posix.basename(f))));
    if (dir) {
      return { tool: { tool: 'golang-migrate', module: GOLANG_MIGRATE, version: golangMigrate, cli: `${GOLANG_MIGRATE}/cmd/migrate`, bin: 'migrate', dir, reason: `go.mod requires ${GOLANG_MIGRATE} ${golangMigrate}; ${dir} holds its NNN_name.up.sql migrations` }, notes };
    }
  }
  return { notes };
}

/**
 * The served code runs migrations itself at start: goose.Up / goose.UpContext / a goose Provider's Up, or
 * golang-migrate's migrate.New...(...) with .Up(). Returns the file that does it.
 */
export function migratesAtStart(sources: { file: string; text: string }[]): string | undefined {
  for (const s of sources) {
    if (/\bgoose\.(Up|UpContext|UpTo|UpToContext)\(/.test(s.text)) return s.file;
    if (/\bgoose\.NewProvider\(/.test(s.text) && /\.Up\(/.test(s.text)) return s.file;
    if (/\bmigrate\.New(?:WithDatabaseInstance|WithSourceInstance|WithInstance)?\(/.test(s.text) && /\.Up\(\)/.test(s.text)) return s.file;
  }
  return undefined;
}
