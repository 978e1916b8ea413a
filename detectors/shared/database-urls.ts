import type { ServicePlan } from '../../src/plan/types.js';

/** SQLAlchemy's URL driver names, first installed wins (psycopg 3 before psycopg2: the maintained one). */
const SQLALCHEMY_DRIVERS: Record<'postgres' | 'mysql', [string, string][]> = {
  postgres: [['psycopg', 'psycopg'], ['psycopg-binary', 'psycopg'], ['psycopg2', 'psycopg2'], ['psycopg2-binary', 'psycopg2'], ['asyncpg', 'asyncpg'], ['pg8000', 'pg8000']],
  mysql: [['pymysql', 'pymysql'], ['mysqlclient', 'mysqldb'], ['mysql-connector-python', 'mysqlconnector'], ['aiomysql', 'aiomysql'], ['asyncmy', 'asyncmy']],
};
const SQLALCHEMY = ['sqlalchemy', 'flask-sqlalchemy', 'sqlmodel', 'alembic', 'databases'];
/** Dependencies through which the app itself (not only a migration tool) talks to SQLAlchemy. */
const SQLALCHEMY_APP = ['sqlalchemy', 'flask-sqlalchemy', 'sqlmodel'];
/** Libraries that parse a PostgreSQL URL themselves and accept only `postgresql://` / `postgres://`, no `+driver`. */
const PLAIN_POSTGRES = ['asyncpg', 'databases'];
// lib/pq (and libpq-based drivers) default to sslmode=require or prefer; the compose database speaks no TLS.
const GO_POSTGRES = ['github.com/lib/pq', 'github.com/jackc/pgx/v5', 'github.com/jackc/pgx/v4', 'gorm.io/driver/postgres'];
// go-sql-driver/mysql (GORM's mysql driver hands it the string) rejects URLs: it takes its own DSN.
const GO_MYSQL = ['github.com/go-sql-driver/mysql', 'gorm.io/driver/mysql'];
// Libraries that turn a database URL into the driver's DSN themselves: with one of them the URL stays a URL.
const GO_URL_TO_DSN = ['github.com/xo/dburl'];

/** How the app's driver wants the connection URL written. */
export interface UrlStyle {
  /** Replaces `postgres` / `mysql` before `://`. */
  scheme?: string;
  /** Query string added to the URL (without `?`). */
  query?: string;
  /** Not a URL at all: go-sql-driver's `user:password@tcp(host:port)/db?parseTime=true` ({@link goMysqlDsn}). */
  form?: 'go-mysql-dsn';
  why: string;
}

/** What the app's code shows about who reads the URL (Python: detectors/python/database-consumers.ts). */
export interface UrlEvidence {
  /** URL-reading libraries the app's own code calls directly (`asyncpg.create_pool(url)`, `databases.Database(url)`). */
  direct: string[];
  /** The app's own code builds a SQLAlchemy engine (`create_engine`, `create_async_engine`, Flask-SQLAlchemy, SQLModel). */
  sqlalchemyEngine: boolean;
}

const NO_EVIDENCE: UrlEvidence = { direct: [], sqlalchemyEngine: false };

/**
 * asyncpg (and `databases`, which hands the URL to it) refuses `postgresql+psycopg2://`: the URL stays plain
 * `postgresql://` when the app's code hands it to one of them and builds no SQLAlchemy engine, or when SQLAlchemy
 * comes in only through alembic / databases while asyncpg is installed. (SQLAlchemy, alembic included, reads a plain
 * `postgresql://` with its default driver, psycopg2.) Where the app builds an engine, SQLAlchemy is the consumer
 * and keeps its dialect URL.
 */
function plainPostgres(deps: ReadonlySet<string>, evidence: UrlEvidence, sqlalchemy: string | undefined): UrlStyle | undefined {
  if (evidence.sqlalchemyEngine) return undefined;
  const own = evidence.direct.find((d) => PLAIN_POSTGRES.includes(d));
  if (own) return { scheme: 'postgresql', why: `the app hands the URL to ${own} itself, which accepts only postgresql://` };
  if (sqlalchemy && deps.has('asyncpg') && !SQLALCHEMY_APP.some((d) => deps.has(d))) {
    return { scheme: 'postgresql', why: `asyncpg accepts only postgresql://, and SQLAlchemy comes in only through ${sqlalchemy} (its default driver reads it too)` };
  }
  return undefined;
}

/** The URL style the dependencies (and the app's code) call for, per SQL service; undefined keeps `postgres://` / `mysql://`. */
export function urlStyle(service: 'postgres' | 'mysql', deps: ReadonlySet<string>, evidence: UrlEvidence = NO_EVIDENCE): UrlStyle | undefined {
  const sqlalchemy = SQLALCHEMY.find((d) => deps.has(d));
  const plain = service === 'postgres' ? plainPostgres(deps, evidence, sqlalchemy) : undefined;
  if (plain) return plain;
  if (sqlalchemy) {
    const driver = SQLALCHEMY_DRIVERS[service].find(([dep]) => deps.has(dep));
    const dialect = service === 'postgres' ? 'postgresql' : 'mysql';
    const scheme = driver ? `${dialect}+${driver[1]}` : dialect;
    return { scheme, why: `SQLAlchemy (${sqlalchemy}) needs the dialect${driver ? ` and driver (${driver[0]})` : ''} in the URL` };
  }
  if (service === 'postgres') {
    const go = GO_POSTGRES.find((d) => deps.has(d));
    if (go) return { query: 'sslmode=disable', why: `${go} would ask for TLS, which the compose database does not offer` };
  }
  const goMysql = service === 'mysql' ? GO_MYSQL.find((d) => deps.has(d)) : undefined;
  if (goMysql && !GO_URL_TO_DSN.some((d) => deps.has(d))) {
    return { form: 'go-mysql-dsn', why: `${goMysql} rejects mysql:// URLs; parseTime=true scans DATETIME columns into time.Time` };
  }
  return undefined;
}

/**
 * go-sql-driver's DSN for the compose database, from the service's own variables (compose interpolates them):
 * `user:password@tcp(mysql:3306)/db?parseTime=true`. The driver takes the password as written (no percent-decoding).
 */
export function goMysqlDsn(p: Pick<ServicePlan, 'name' | 'port' | 'environment'>): string | undefined {
  const env = (n: string): string | undefined => p.environment.find((v) => v.name === n)?.value;
  const [user, password, db] = [env('MARIADB_USER'), env('MARIADB_PASSWORD'), env('MARIADB_DATABASE')];
  if (user === undefined || password === undefined || db === undefined) return undefined;
  return `${user}:${password}@tcp(${p.name}:${p.port})/${db}?parseTime=true`;
}

/** Rewrites the SQL services' URL variables for the app's driver; returns the plans and a note per change. */
export function withDriverUrls(plans: ServicePlan[], deps: Iterable<string>, evidence: UrlEvidence = NO_EVIDENCE): { plans: ServicePlan[]; notes: string[] } {
  const set = new Set(deps);
  const notes: string[] = [];
  const out = plans.map((p) => {
    if (p.name !== 'postgres' && p.name !== 'mysql') return p;
    const style = urlStyle(p.name, set, evidence);
    if (!style) return p;
    const dsn = style.form === 'go-mysql-dsn' ? goMysqlDsn(p) : undefined;
    const appEnvironment = p.appEnvironment.map((v) => {
      const m = /^(postgres|mysql):\/\/(.*)$/.exec(v.value);
      if (!m) return v;
      if (dsn !== undefined) {
        notes.push(`${v.name} is user:password@tcp(${p.name}:${p.port})/db?parseTime=true: ${style.why}`);
        return { ...v, value: dsn };
      }
      const url = `${style.scheme ?? m[1]}://${m[2]}${style.query ? `${m[2]!.replace(/\$\{[^}]*\}/g, '').includes('?') ? '&' : '?'}${style.query}` : ''}`;
      notes.push(`${v.name} is ${url.split(':')[0]}://...${style.query ? `?${style.query}` : ''}: ${style.why}`);
      return { ...v, value: url };
    });
    return { ...p, appEnvironment };
  });
  return { plans: out, notes };
}
