import type { ServicePlan } from '../../src/plan/types.js';

/** SQLAlchemy's URL driver names, first installed wins (psycopg 3 before psycopg2: the maintained one). */
const SQLALCHEMY_DRIVERS: Record<'postgres' | 'mysql', [string, string][]> = {
  postgres: [['psycopg', 'psycopg'], ['psycopg-binary', 'psycopg'], ['psycopg2', 'psycopg2'], ['psycopg2-binary', 'psycopg2'], ['asyncpg', 'asyncpg'], ['pg8000', 'pg8000']],
  mysql: [['pymysql', 'pymysql'], ['mysqlclient', 'mysqldb'], ['mysql-connector-python', 'mysqlconnector'], ['aiomysql', 'aiomysql'], ['asyncmy', 'asyncmy']],
};
const SQLALCHEMY = ['sqlalchemy', 'flask-sqlalchemy', 'sqlmodel', 'alembic', 'databases'];
// lib/pq (and libpq-based drivers) default to sslmode=require or prefer; the compose database speaks no TLS.
const GO_POSTGRES = ['github.com/lib/pq', 'github.com/jackc/pgx/v5', 'github.com/jackc/pgx/v4', 'gorm.io/driver/postgres'];

/** How the app's driver wants the connection URL written. */
export interface UrlStyle {
  /** Replaces `postgres` / `mysql` before `://`. */
  scheme?: string;
  /** Query string added to the URL (without `?`). */
  query?: string;
  why: string;
}

/** The URL style the dependencies call for, per SQL service; undefined keeps `postgres://` / `mysql://`. */
export function urlStyle(service: 'postgres' | 'mysql', deps: ReadonlySet<string>): UrlStyle | undefined {
  const sqlalchemy = SQLALCHEMY.find((d) => deps.has(d));
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
  return undefined;
}

/** Rewrites the SQL services' URL variables for the app's driver; returns the plans and a note per change. */
export function withDriverUrls(plans: ServicePlan[], deps: Iterable<string>): { plans: ServicePlan[]; notes: string[] } {
  const set = new Set(deps);
  const notes: string[] = [];
  const out = plans.map((p) => {
    if (p.name !== 'postgres' && p.name !== 'mysql') return p;
    const style = urlStyle(p.name, set);
    if (!style) return p;
    const appEnvironment = p.appEnvironment.map((v) => {
      const m = /^(postgres|mysql):\/\/(.*)$/.exec(v.value);
      if (!m) return v;
      const url = `${style.scheme ?? m[1]}://${m[2]}${style.query ? `${m[2]!.replace(/\$\{[^}]*\}/g, '').includes('?') ? '&' : '?'}${style.query}` : ''}`;
      notes.push(`${v.name} is ${url.split(':')[0]}://...${style.query ? `?${style.query}` : ''}: ${style.why}`);
      return { ...v, value: url };
    });
    return { ...p, appEnvironment };
  });
  return { plans: out, notes };
}
