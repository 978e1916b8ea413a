import type { ServicePlan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { ownValue } from '../../src/own-key.js';
import { withDriverUrls, type UrlEvidence } from './database-urls.js';
import type { VersionTable } from '../../src/versions/types.js';
import { MARIADB, MONGO, POSTGRES, REDIS } from '../../src/versions/services.js';

/** Backing services we know how to run, keyed by the name used in `--services` and compose. */
export const SERVICE_NAMES = ['postgres', 'mysql', 'redis', 'mongo'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Dependency name (any ecosystem) -> the service it talks to. */
export const SERVICE_DEPENDENCIES: Record<string, ServiceName> = {
  // Node.js
  pg: 'postgres', postgres: 'postgres', 'pg-promise': 'postgres', '@neondatabase/serverless': 'postgres',
  mysql: 'mysql', mysql2: 'mysql', mariadb: 'mysql',
  redis: 'redis', ioredis: 'redis', '@redis/client': 'redis', bullmq: 'redis', bull: 'redis',
  mongodb: 'mongo', mongoose: 'mongo',
  // Python (normalised distribution names: lowercase, '_' and '.' as '-')
  psycopg2: 'postgres', 'psycopg2-binary': 'postgres', psycopg: 'postgres', 'psycopg-binary': 'postgres', asyncpg: 'postgres', pg8000: 'postgres',
  pymysql: 'mysql', mysqlclient: 'mysql', 'mysql-connector-python': 'mysql', aiomysql: 'mysql',
  'django-redis': 'redis', rq: 'redis',
  pymongo: 'mongo', motor: 'mongo', mongoengine: 'mongo',
  // Go module paths
  'github.com/jackc/pgx/v5': 'postgres', 'github.com/jackc/pgx/v4': 'postgres', 'github.com/lib/pq': 'postgres',
  'github.com/go-sql-driver/mysql': 'mysql', 'gorm.io/driver/postgres': 'postgres', 'gorm.io/driver/mysql': 'mysql',
  'github.com/redis/go-redis/v9': 'redis', 'github.com/go-redis/redis/v8': 'redis', 'github.com/gomodule/redigo': 'redis',
  'go.mongodb.org/mongo-driver': 'mongo', 'go.mongodb.org/mongo-driver/v2': 'mongo',
  // Rust crates
  'tokio-postgres': 'postgres', 'sqlx-postgres': 'postgres', 'deadpool-postgres': 'postgres', 'diesel-postgres': 'postgres',
  'sqlx-mysql': 'mysql', 'diesel-mysql': 'mysql', mysql_async: 'mysql',
  'deadpool-redis': 'redis', 'bb8-redis': 'redis', 'fred': 'redis',
  // Java (groupId:artifactId)
  'org.postgresql:postgresql': 'postgres', 'com.mysql:mysql-connector-j': 'mysql', 'mysql:mysql-connector-java': 'mysql',
  'org.mariadb.jdbc:mariadb-java-client': 'mysql', 'org.springframework.boot:spring-boot-starter-data-redis': 'redis',
  'redis.clients:jedis': 'redis', 'io.lettuce:lettuce-core': 'redis', 'org.springframework.boot:spring-boot-starter-data-mongodb': 'mongo',
};

// What each official entrypoint does as root before it switches to the service user (gosu/setpriv: SETUID,
// SETGID): chown the data and socket directories (CHOWN), walk data directories of mode 0700 owned by that user
// (DAC_OVERRIDE), chmod directories it does not own (FOWNER: postgres' chmod 700 "$PGDATA").
const CAPS: Record<ServiceName, string[]> = {
  postgres: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  mysql: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  redis: ['CHOWN', 'SETGID', 'SETUID'],
  mongo: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
};

const req = (name: string): string => `\${${name}:?set ${name} in .env (see .env.example)}`;

/** The version table of each service (the mysql service runs MariaDB). */
export const SERVICE_TABLES: Record<ServiceName, VersionTable> = { postgres: POSTGRES, mysql: MARIADB, redis: REDIS, mongo: MONGO };

/** PostgreSQL 18's image keeps its data in /var/lib/postgresql/<major>/docker and refuses a mount at .../data. */
export function postgresVolumeTarget(major: number): string {
  return major >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data';
}

/**
 * Builds the compose wiring of one service. Image tags pin the version tables' defaults (a major; MariaDB and
 * MongoDB a minor); a re-run that finds another release in the committed compose file keeps it (src/plan/service-majors.ts).
 */
export function servicePlan(name: ServiceName, reason: string): ServicePlan {
  return { ...serviceWiring(name, reason), capAdd: CAPS[name] };
}

function serviceWiring(name: ServiceName, reason: string): Omit<ServicePlan, 'capAdd'> {
  const v = SERVICE_TABLES[name].defaultVersion;
  switch (name) {
    case 'postgres':
      return {
        name, reason, image: `postgres:${v}-alpine`,
        environment: [
          { name: 'POSTGRES_USER', value: '${POSTGRES_USER:-app}', interpolate: true },
          { name: 'POSTGRES_PASSWORD', value: req('POSTGRES_PASSWORD'), interpolate: true },
          { name: 'POSTGRES_DB', value: '${POSTGRES_DB:-app}', interpolate: true },
        ],
        // -h: over TCP. During first start the image's entrypoint runs a temporary server on the Unix socket only (initdb,
        // init scripts), then restarts it; a socket check passes then, and the app or migrate service connecting over the
        // network in that gap fails (seen: a migrate service exited 1 mid-restart).
        healthcheck: ['pg_isready', '-h', '127.0.0.1', '-U', '${POSTGRES_USER:-app}', '-d', '${POSTGRES_DB:-app}'],
        volume: { name: 'postgres-data', target: postgresVolumeTarget(Number(v)) },
        appEnvironment: [{
          name: 'DATABASE_URL',
          value: `postgres://\${POSTGRES_USER:-app}:${req('POSTGRES_PASSWORD')}@postgres:5432/\${POSTGRES_DB:-app}`,
          interpolate: true,
        }],
        secrets: ['POSTGRES_PASSWORD'],
        tmpfs: ['/tmp', '/var/run/postgresql'],
        port: 5432,
      };
    case 'mysql':
      return {
        name, reason, image: `mariadb:${v}`,
        environment: [
          // A fixed user, not ${MYSQL_USER:-app}: projects' own .env files often say MYSQL_USER=root (compose reads
          // .env for interpolation), and the official images refuse root as MARIADB_USER / MYSQL_USER and exit.
          { name: 'MARIADB_USER', value: MYSQL_APP_USER },
          { name: 'MARIADB_PASSWORD', value: req('MYSQL_PASSWORD'), interpolate: true },
          { name: 'MARIADB_ROOT_PASSWORD', value: req('MYSQL_ROOT_PASSWORD'), interpolate: true },
          { name: 'MARIADB_DATABASE', value: '${MYSQL_DATABASE:-app}', interpolate: true },
        ],
        healthcheck: ['healthcheck.sh', '--connect', '--innodb_initialized'],
        volume: { name: 'mysql-data', target: '/var/lib/mysql' },
        appEnvironment: [{
          name: 'DATABASE_URL',
          value: `mysql://${MYSQL_APP_USER}:${req('MYSQL_PASSWORD')}@mysql:3306/\${MYSQL_DATABASE:-app}`,
          interpolate: true,
        }],
        secrets: ['MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD'],
        tmpfs: ['/tmp', '/run/mysqld'],
        port: 3306,
      };
    case 'redis':
      return {
        name, reason, image: `redis:${v}-alpine`,
        environment: [],
        healthcheck: ['redis-cli', 'ping'],
        volume: { name: 'redis-data', target: '/data' },
        appEnvironment: [{ name: 'REDIS_URL', value: 'redis://redis:6379' }],
        secrets: [],
        tmpfs: ['/tmp'],
        port: 6379,
      };
    case 'mongo':
      return {
        name, reason, image: `mongo:${v}`,
        environment: [
          { name: 'MONGO_INITDB_ROOT_USERNAME', value: '${MONGO_USER:-app}', interpolate: true },
          { name: 'MONGO_INITDB_ROOT_PASSWORD', value: req('MONGO_PASSWORD'), interpolate: true },
        ],
        healthcheck: ['mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"],
        volume: { name: 'mongo-data', target: '/data/db' },
        appEnvironment: [{
          name: 'MONGODB_URI',
          value: `mongodb://\${MONGO_USER:-app}:${req('MONGO_PASSWORD')}@mongo:27017/?authSource=admin`,
          interpolate: true,
        }],
        secrets: ['MONGO_PASSWORD'],
        tmpfs: ['/tmp'],
        port: 27017,
      };
  }
}

/** Services implied by dependency names, each with the first dependency that implied it. */
export function servicesFromDependencies(deps: Iterable<string>): Map<ServiceName, string> {
  const found = new Map<ServiceName, string>();
  for (const dep of deps) {
    const svc = ownValue(SERVICE_DEPENDENCIES, dep);
    if (svc && !found.has(svc)) found.set(svc, `dependency ${dep}`);
  }
  return found;
}

/** The MariaDB user the app connects as: never root, which the official mariadb / mysql images refuse as their app user. */
export const MYSQL_APP_USER = 'app';

/** Other names people use for a service we run (the mysql service runs MariaDB). */
const ALIASES: Record<string, ServiceName> = { mariadb: 'mysql', postgresql: 'postgres', mongodb: 'mongo' };

/** Validates a `--services` list. */
export function parseServiceList(names: string[]): ServiceName[] {
  return [...new Set(names.map((n) => {
    const name = ownValue(ALIASES, n) ?? n;
    if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
      throw new UserError(`--services: unknown service "${n}"; choose from ${SERVICE_NAMES.join(', ')}`);
    }
    return name as ServiceName;
  }))];
}

/**
 * Final service plans: explicit answer wins, else what dependencies imply. `deps` (the app's dependencies) pick
 * the URL form the app's driver accepts ({@link withDriverUrls}), with what the app's code shows (`evidence`).
 */
export function resolveServices(detected: Map<ServiceName, string>, answer: string[] | undefined, deps: Iterable<string> = [], evidence?: UrlEvidence): ServicePlan[] {
  return resolveServicesNoted(detected, answer, deps, evidence).plans;
}

/** {@link resolveServices}, with a note for each URL variable written in the driver's form (for the summary). */
export function resolveServicesNoted(detected: Map<ServiceName, string>, answer: string[] | undefined, deps: Iterable<string> = [], evidence?: UrlEvidence): { plans: ServicePlan[]; notes: string[] } {
  const plans = answer !== undefined
    ? parseServiceList(answer).map((n) => servicePlan(n, detected.get(n) ?? '--services'))
    : [...detected].map(([n, why]) => servicePlan(n, why));
  return withDriverUrls(withDistinctAppEnvironment(plans), deps, evidence);
}

// Two SQL databases would both hand the app DATABASE_URL: the first keeps it, the next gets <SERVICE>_URL.
function withDistinctAppEnvironment(plans: ServicePlan[]): ServicePlan[] {
  const taken = new Set<string>();
  return plans.map((p) => {
    const appEnvironment = p.appEnvironment.map((v) => (taken.has(v.name) ? { ...v, name: `${p.name.toUpperCase()}_URL` } : v));
    for (const v of appEnvironment) taken.add(v.name);
    return { ...p, appEnvironment };
  });
}
