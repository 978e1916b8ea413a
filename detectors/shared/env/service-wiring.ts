import type { EnvVar, ServicePlan } from '../../../src/plan/types.js';
import { engineValue, type ConnectionRole } from './connection-roles.js';

type Part = 'host' | 'port' | 'user' | 'password' | 'db' | 'url';

// Names apps use for each part of a connection, per service; generic DB_* names go to the SQL database.
const SQL_GENERIC: Record<Part, RegExp> = {
  host: /^(DB_HOST(NAME)?|DATABASE_HOST(NAME)?|DB_SERVER|DATABASE_SERVER)$/,
  port: /^(DB_PORT|DATABASE_PORT)$/,
  user: /^(DB_USER(NAME)?|DATABASE_USER(NAME)?)$/,
  password: /^(DB_PASS(WORD)?|DATABASE_PASS(WORD)?)$/,
  db: /^(DB_NAME|DATABASE_NAME|DB_DATABASE|DATABASE_DB)$/,
  url: /^(DATABASE_URL|DB_URL|DATABASE_URI|DB_URI|DATABASE_DSN|DB_DSN|DSN|SQLALCHEMY_DATABASE_URI|\w+_DATABASE_URL)$/,
};

const NAMES: Record<string, Partial<Record<Part, RegExp>>> = {
  postgres: {
    host: /^(POSTGRES(QL)?_(HOST(NAME)?|SERVER)|PG_?HOST)$/,
    port: /^(POSTGRES(QL)?_PORT|PG_?PORT)$/,
    user: /^(POSTGRES(QL)?_USER(NAME)?|PG_?USER)$/,
    password: /^(POSTGRES(QL)?_PASS(WORD)?|PG_?PASSWORD)$/,
    db: /^(POSTGRES(QL)?_(DB|DATABASE|NAME)|PG_?DATABASE)$/,
    url: /^(POSTGRES(QL)?_(URL|URI|DSN)|PG_?URL)$/,
  },
  mysql: {
    host: /^(MYSQL|MARIADB)_HOST(NAME)?$/,
    port: /^(MYSQL|MARIADB)_PORT$/,
    user: /^(MYSQL|MARIADB)_USER(NAME)?$/,
    password: /^(MYSQL|MARIADB)_PASS(WORD)?$/,
    db: /^(MYSQL|MARIADB)_(DB|DATABASE|NAME)$/,
    url: /^(MYSQL|MARIADB)_(URL|URI|DSN)$/,
  },
  redis: {
    host: /^REDIS_HOST(NAME)?$/,
    port: /^REDIS_PORT$/,
    password: /^REDIS_PASSWORD$/,
    url: /^(REDIS_(URL|URI|DSN)|\w+_REDIS_(URL|URI)|CELERY_BROKER_URL|CELERY_RESULT_BACKEND|BROKER_URL|CACHE_URL)$/,
  },
  mongo: {
    host: /^MONGO(DB)?_HOST(NAME)?$/,
    port: /^MONGO(DB)?_PORT$/,
    user: /^MONGO(DB)?_USER(NAME)?$/,
    password: /^MONGO(DB)?_PASS(WORD)?$/,
    db: /^MONGO(DB)?_(DB|DATABASE|NAME)$/,
    url: /^(MONGO(DB)?_(URL|URI)|\w+_MONGO(DB)?_(URL|URI))$/,
  },
};

const PORTS: Record<string, string> = { postgres: '5432', mysql: '3306', redis: '6379', mongo: '27017' };

/** The value of each connection part for one service, as compose references to the service's own variables. */
function parts(s: ServicePlan): Partial<Record<Part, EnvVar>> {
  const env = (n: string): EnvVar | undefined => {
    const v = s.environment.find((e) => e.name === n);
    return v ? { name: '', value: v.value, interpolate: true } : undefined;
  };
  const url = s.appEnvironment.find((v) => /_(URL|URI)$/.test(v.name));
  const userVar = { postgres: 'POSTGRES_USER', mysql: 'MARIADB_USER', mongo: 'MONGO_INITDB_ROOT_USERNAME' }[s.name];
  const passVar = { postgres: 'POSTGRES_PASSWORD', mysql: 'MARIADB_PASSWORD', mongo: 'MONGO_INITDB_ROOT_PASSWORD' }[s.name];
  const dbVar = { postgres: 'POSTGRES_DB', mysql: 'MARIADB_DATABASE' }[s.name];
  return {
    host: { name: '', value: s.name },
    port: { name: '', value: PORTS[s.name] ?? '' },
    ...(userVar && env(userVar) ? { user: env(userVar) } : {}),
    ...(passVar && env(passVar) ? { password: env(passVar) } : {}),
    ...(dbVar && env(dbVar) ? { db: env(dbVar) } : {}),
    ...(url ? { url: { name: '', value: url.value, ...(url.interpolate ? { interpolate: true } : {}) } } : {}),
  };
}

/**
 * The value a detected service gives a variable the app reads (`MYSQL_HOST` -> `mysql`, `SAQ_REDIS_URL` -> the
 * redis URL, `DB_PASSWORD` -> the SQL database's password reference), else by the connection part the code fills
 * with it (`role`, for the SQL database), or undefined when no service provides it.
 */
export function serviceValue(name: string, services: ServicePlan[], role?: ConnectionRole): { value: EnvVar; service: string } | undefined {
  const firstSql = services.find((s) => s.name === 'postgres' || s.name === 'mysql');
  for (const s of services) {
    const own = NAMES[s.name] ?? {};
    const p = parts(s);
    for (const part of Object.keys(p) as Part[]) {
      const matches = own[part]?.test(name) || (s === firstSql && SQL_GENERIC[part].test(name));
      const v = p[part];
      if (matches && v) return { value: { ...v, name }, service: s.name };
    }
  }
  if (!role || !firstSql) return undefined;
  // The setting the code fills says the part when the name does not (Django's 'HOST': os.environ.get('SQL_HOST')).
  if (role === 'engine') {
    const engine = engineValue(firstSql.name);
    return engine ? { value: { name, value: engine }, service: firstSql.name } : undefined;
  }
  const v = parts(firstSql)[role];
  return v ? { value: { ...v, name }, service: firstSql.name } : undefined;
}
