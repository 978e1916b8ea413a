import type { ProjectFs } from '../../src/fs/project-fs.js';
import { readEnvExamples } from './env/env-files.js';
import { servicesFromDependencies, type ServiceName } from './services.js';

/** What the project's own configuration says its database is. */
export interface DatabaseEvidence {
  /** A server database we run, or `embedded` (SQLite, H2, ... : no service). */
  kind: 'postgres' | 'mysql' | 'embedded';
  /** Where it was read, for the notes. */
  reason: string;
  /** Concluded from a missing setting (Spring without a datasource URL) rather than read. */
  implicit?: boolean;
}

/** Dependencies of in-process databases (any ecosystem). */
export const EMBEDDED_DATABASE_DEPENDENCIES = new Set([
  'sqlite3', 'better-sqlite3', '@libsql/client', 'libsql', 'sql.js',
  'aiosqlite', 'sqlite-utils',
  'github.com/mattn/go-sqlite3', 'modernc.org/sqlite', 'github.com/glebarez/sqlite', 'gorm.io/driver/sqlite', 'github.com/ncruces/go-sqlite3',
  'rusqlite', 'sqlx-sqlite', 'diesel-sqlite', 'libsqlite3-sys',
  'com.h2database:h2', 'org.hsqldb:hsqldb', 'org.apache.derby:derby', 'org.xerial:sqlite-jdbc',
]);

/** `postgres://`, `postgresql+psycopg://`, `jdbc:mysql:`, `file:./dev.db`, ... -> the database it names. */
export function databaseOfUrl(url: string): DatabaseEvidence['kind'] | undefined {
  const scheme = /^(?:jdbc:)?([a-z][a-z0-9]*)(?:[+:]|$)/i.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'pgsql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  if (scheme === 'sqlite' || scheme === 'sqlite3' || scheme === 'file' || scheme === 'h2' || scheme === 'hsqldb' || scheme === 'derby' || scheme === 'libsql') return 'embedded';
  return undefined;
}

const URL_NAMES = /^(DATABASE_URL|DB_URL|DATABASE_URI|SQLALCHEMY_DATABASE_URI|DB_DSN|DATABASE_DSN|SPRING_DATASOURCE_URL)$/;
const DRIVER_NAMES = /^(DB_CONNECTION|DB_DRIVER|DATABASE_DRIVER|DB_TYPE|DATABASE_TYPE|DB_DIALECT|DB_ENGINE)$/;

/**
 * Reads the project's own statement of its database, first found wins: the example env file's database URL or
 * driver name, the Prisma datasource, Spring's default-profile datasource, Django's ENGINE, alembic.ini.
 */
export async function databaseEvidence(fs: ProjectFs, springResources: string[] = ['src/main/resources']): Promise<DatabaseEvidence | undefined> {
  for (const f of await readEnvExamples(fs)) {
    for (const v of f.vars) {
      const kind = URL_NAMES.test(v.name) ? databaseOfUrl(v.value) : DRIVER_NAMES.test(v.name) ? databaseOfUrl(`${v.value}:`) : undefined;
      if (kind) return { kind, reason: `${f.file} ${v.name}` };
    }
  }
  for (const file of ['prisma/schema.prisma', 'schema.prisma']) {
    const provider = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec((await fs.readText(file)) ?? '')?.[1];
    const kind = provider ? databaseOfUrl(`${provider}:`) : undefined;
    if (kind) return { kind, reason: `${file} provider ${provider}` };
  }
  for (const dir of springResources) {
    const props = await fs.readText(`${dir}/application.properties`);
    const yml = props === undefined ? ((await fs.readText(`${dir}/application.yml`)) ?? (await fs.readText(`${dir}/application.yaml`))) : undefined;
    const text = props ?? yml;
    if (text === undefined) continue;
    // The default profile's datasource URL, possibly as ${VAR:default}; profile files are not read here.
    const url = /^\s*(?:spring\.datasource\.url|url)\s*[:=]\s*(?:\$\{\w+:)?["']?(jdbc:[a-z0-9]+:)/m.exec(text)?.[1];
    const file = `${dir}/${props !== undefined ? 'application.properties' : 'application.yml'}`;
    if (url) return { kind: databaseOfUrl(url) ?? 'embedded', reason: `${file} spring.datasource.url ${url}` };
    return { kind: 'embedded', implicit: true, reason: `${file} sets no spring.datasource.url, so Spring Boot uses the embedded database` };
  }
  const settings = [...(await fs.exists('settings.py') ? ['settings.py'] : []), ...(await fs.glob(['*/settings.py', '*/settings/{base,__init__}.py'], { deep: 3 }))];
  for (const file of settings.sort()) {
    const engine = /['"]ENGINE['"]\s*:\s*['"]django\.db\.backends\.(\w+)['"]/.exec((await fs.readText(file)) ?? '')?.[1];
    const kind = engine ? databaseOfUrl(`${engine.replace(/_psycopg2$/, '')}:`) : undefined;
    if (kind) return { kind, reason: `${file} ENGINE django.db.backends.${engine}` };
  }
  const alembic = /^\s*sqlalchemy\.url\s*=\s*(\S+)/m.exec((await fs.readText('alembic.ini')) ?? '')?.[1];
  const kind = alembic ? databaseOfUrl(alembic) : undefined;
  if (kind) return { kind, reason: `alembic.ini sqlalchemy.url` };
  return undefined;
}

/** The outcome of choosing among the SQL databases the dependencies allow. */
export interface DatabaseChoice {
  /** Services to run: the dependency-implied ones with at most one SQL database. */
  services: Map<ServiceName, string>;
  /** Why a database was left out, for the notes; empty when nothing was dropped. */
  notes: string[];
}

/**
 * One SQL database at most: several drivers (or one beside an embedded database) are often alternatives. The
 * project's own configuration decides; without it an embedded database means none is run (the app's default),
 * else postgres is preferred. `--services` overrides all of this.
 */
export async function chooseDatabase(fs: ProjectFs, found: Map<ServiceName, string>, deps: Iterable<string>, springResources?: string[]): Promise<DatabaseChoice> {
  const sql: ServiceName[] = [...found.keys()].filter((n) => n === 'postgres' || n === 'mysql');
  const embedded = [...deps].find((d) => EMBEDDED_DATABASE_DEPENDENCIES.has(d));
  if (sql.length === 0 || (sql.length === 1 && embedded === undefined)) return { services: found, notes: [] };
  let evidence = await databaseEvidence(fs, springResources);
  if (evidence?.implicit && embedded === undefined) evidence = undefined;
  let keep: ServiceName | null;
  let why: string;
  if (evidence && (evidence.kind === 'embedded' || sql.includes(evidence.kind))) {
    keep = evidence.kind === 'embedded' ? null : evidence.kind;
    why = evidence.reason;
  } else if (embedded !== undefined) {
    keep = null;
    why = `embedded database ${embedded} is the default`;
  } else {
    keep = sql.includes('postgres') ? 'postgres' : sql[0]!;
    why = 'no configuration names one; postgres preferred';
  }
  const services = new Map([...found].filter(([n]) => !sql.includes(n) || n === keep));
  const dropped = sql.filter((n) => n !== keep);
  const notes = dropped.length === 0 ? [] : [`${dropped.join(' and ')} not run (${dropped.map((n) => found.get(n)).join(', ')}): ${keep ? `the app's database is ${keep}` : 'the app uses its embedded database'} (${why}); pass --services to choose`];
  return { services, notes };
}

/**
 * Services implied by the dependencies, with one SQL database chosen ({@link chooseDatabase}); the notes say what
 * was left out and are empty when `--services` was given (the answer decides then).
 */
export async function detectServices(fs: ProjectFs, deps: string[], answer: string[] | undefined, springResources?: string[]): Promise<DatabaseChoice> {
  const found = servicesFromDependencies(deps);
  if (answer !== undefined) return { services: found, notes: [] };
  return chooseDatabase(fs, found, deps, springResources);
}
