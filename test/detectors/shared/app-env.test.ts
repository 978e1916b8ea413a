import { describe, expect, test } from 'vitest';
import { readsInText, springPlaceholders } from '../../../detectors/shared/env/source-reads.js';
import { jsSchemaEntries, jsonSchemaEntries, pydanticSettings } from '../../../detectors/shared/env/schemas.js';
import { serviceValue } from '../../../detectors/shared/env/service-wiring.js';
import { appPortVariable, collectAppVariables } from '../../../detectors/shared/env/index.js';
import { appEnvPlan } from '../../../detectors/shared/env/app-env-plan.js';
import { isSecretName } from '../../../detectors/shared/env/classify.js';
import { servicePlan } from '../../../detectors/shared/services.js';
import { memProject } from '../../helpers/memfs.js';

const pg = servicePlan('postgres', 'dependency pg');
const mysql = servicePlan('mysql', 'dependency mysql2');
const redis = servicePlan('redis', 'dependency redis');
const names = (found: { name: string }[]): string[] => found.map((f) => f.name);

describe('reads in source', () => {
  test.each<[string, string, string, { name: string; value?: string; required?: boolean; optional?: boolean }[]]>([
    ['js', "const s = process.env.SESSION_SECRET; const l = process.env.LOG_LEVEL || 'info';", 'x.js', [{ name: 'SESSION_SECRET' }, { name: 'LOG_LEVEL', value: 'info', optional: true }]],
    ['js', "process.env['HMAC_KEY'] ?? \"k\"; Bun.env.TZ_NAME", 'x.ts', [{ name: 'HMAC_KEY', value: 'k', optional: true }, { name: 'TZ_NAME' }]],
    ['js', 'process.envelope.X; process.env.lower; env.FOO', 'x.js', []],
    ['py', "os.environ.get('SECRET_KEY', 'dev')\nos.getenv(\"LOG_LEVEL\")\nos.environ['DATABASE_URL']", 'a.py', [{ name: 'SECRET_KEY', value: 'dev', optional: true }, { name: 'LOG_LEVEL' }, { name: 'DATABASE_URL', required: true }]],
    ['py', "env('ALLOWED_HOSTS', default='*')\nconfig('DEBUG', default=False)", 's.py', [{ name: 'ALLOWED_HOSTS', value: '*', optional: true }, { name: 'DEBUG', optional: true }]],
    ['py', "environ.get('X')\nos.getenv(name)", 'a.py', []],
    // A method on the read fails on None: required. With a default, or read first and tested, it is not.
    ['py', "os.environ.get(\"HOSTS\").split(\" \")\nos.getenv('MODE') .lower()\nos.getenv('A', 'x').split(',')\nv = os.getenv('B')\nif v: v.split()", 'a.py', [{ name: 'HOSTS', required: true }, { name: 'MODE', required: true }, { name: 'A', value: 'x', optional: true }, { name: 'B' }]],
    // Tested before the method call (`if os.environ.get("X"): X = os.environ.get("X").split(",")`): runs without it.
    ['py', "if os.environ.get('HOSTS'):\n    H = os.environ.get('HOSTS').split(',')\nif 'ORIGINS' in os.environ:\n    O = os.getenv('ORIGINS').split()\nT = os.getenv('TAGS').split() if os.getenv('TAGS') else []\nM = os.getenv('MODE').lower()", 'a.py', [{ name: 'HOSTS' }, { name: 'HOSTS' }, { name: 'ORIGINS' }, { name: 'TAGS' }, { name: 'TAGS' }, { name: 'MODE', required: true }]],
    ['go', 'dsn := os.Getenv("DATABASE_URL")\nv, ok := os.LookupEnv("MEMOS_PORT")', 'm.go', [{ name: 'DATABASE_URL' }, { name: 'MEMOS_PORT' }]],
    ['go', 'os.Getenv(key)', 'm.go', []],
    ['rs', 'let s = env::var("SECRET_KEY").expect("set");\nstd::env::var("RUST_LOG")', 'm.rs', [{ name: 'SECRET_KEY', required: true }, { name: 'RUST_LOG' }]],
    ['java', 'System.getenv("API_TOKEN")', 'A.java', [{ name: 'API_TOKEN' }]],
  ])('%s: %s', (lang, text, file, expected) => {
    const got = readsInText(text, lang, file).map(({ name, value, required, optional }) => ({ name, ...(value !== undefined ? { value } : {}), ...(required ? { required } : {}), ...(optional ? { optional } : {}) }));
    expect(got).toEqual(expected);
  });

  test('Spring placeholders: a default makes the variable optional', () => {
    const found = springPlaceholders('spring.datasource.url=${JDBC_URL:jdbc:h2:mem:x}\napp.key=${APP_KEY}\nserver.port=8080\n', 'application.properties');
    expect(found.map(({ name, value, required }) => ({ name, value, required }))).toEqual([
      { name: 'JDBC_URL', value: 'jdbc:h2:mem:x', required: undefined },
      { name: 'APP_KEY', value: undefined, required: true },
    ]);
  });
});

describe('env schemas', () => {
  test('zod (plain and @t3-oss/env): defaults, optional and required entries', () => {
    const text = `import { z } from 'zod';
const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().default(9999),
  LOG_LEVEL: z.enum(['fatal', 'info']),
  DATABASE_URL: z.string().url(),
  DATABASE_AUTH_TOKEN: z.string().optional(),
});
export default EnvSchema.parse(process.env);`;
    expect(jsSchemaEntries(text, 'src/env.ts').map(({ name, value, required }) => [name, value, required])).toEqual([
      ['NODE_ENV', 'development', undefined], ['PORT', '9999', undefined], ['LOG_LEVEL', undefined, true],
      ['DATABASE_URL', undefined, true], ['DATABASE_AUTH_TOKEN', undefined, undefined],
    ]);
  });

  test('envalid: str/port with and without defaults', () => {
    const text = "const env = cleanEnv(process.env, {\n  COOKIE_SECRET: str(),\n  PORT: port({ default: 3000 }),\n  COOKIE_NAME: str({ default: 'sid' }),\n});";
    expect(jsSchemaEntries(text, 'env.js').map(({ name, value, required }) => [name, value, required])).toEqual([
      ['COOKIE_SECRET', undefined, true], ['PORT', '3000', undefined], ['COOKIE_NAME', 'sid', undefined],
    ]);
  });

  test('@fastify/env JSON schema: required list, defaults', () => {
    const text = `import env from '@fastify/env';
const schema = {
  type: 'object',
  required: ['MYSQL_HOST', 'COOKIE_SECRET', 'COOKIE_NAME'],
  properties: {
    MYSQL_HOST: { type: 'string', default: 'localhost' },
    COOKIE_SECRET: { type: 'string' },
    COOKIE_NAME: {
      type: 'string'
    },
    RATE_LIMIT_MAX: { type: 'number', default: 100 },
  },
};`;
    expect(jsonSchemaEntries(text, 'src/env.ts').map(({ name, value, required }) => [name, value, required])).toEqual([
      ['MYSQL_HOST', 'localhost', undefined], ['COOKIE_SECRET', undefined, true], ['COOKIE_NAME', undefined, true], ['RATE_LIMIT_MAX', '100', undefined],
    ]);
    expect(jsonSchemaEntries(text.replace("'@fastify/env'", "'./other'"), 'x.ts')).toEqual([]);
  });

  test('@fastify/env JSON schema: a brace inside a string does not end the entry before its default', () => {
    const text = `import env from '@fastify/env';
const schema = {
  type: 'object',
  properties: {
    FILES_DIRNAME: {
      type: 'string',
      pattern: '^[a-z]{1,20}$',
      default: 'files'
    },
  },
};`;
    expect(jsonSchemaEntries(text, 'src/env.ts').map(({ name, value }) => [name, value])).toEqual([['FILES_DIRNAME', 'files']]);
  });

  test("@fastify/env JSON schema: a quote in a comment does not pair with the next line's and hide the entry's end", () => {
    const text = `import env from '@fastify/env';
const schema = {
  type: 'object',
  properties: {
    LOG_DIR: {
      type: 'string', // the user's log folder
    }, // end of 'LOG_DIR'
    PORT: { type: 'number', default: 3000 },
  },
};`;
    expect(jsonSchemaEntries(text, 'src/env.ts').map(({ name, value }) => [name, value])).toEqual([['LOG_DIR', undefined], ['PORT', '3000']]);
  });

  test('a plain object of constants is no schema', () => {
    expect(jsSchemaEntries("export const LIMITS = {\n  MAX: z.number(),\n};", 'x.ts')).toEqual([]);
  });

  test('pydantic BaseSettings: prefix, defaults, SecretStr, required; other classes ignored', () => {
    const text = `from pydantic_settings import BaseSettings, SettingsConfigDict
class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_")
    project_name: str = "demo"
    secret_key: SecretStr
    postgres_server: str
    first_superuser: str = "admin@example.com"
    sentry_dsn: str | None = None
    @property
    def url(self) -> str:
        return ""

class Other(BaseModel):
    not_env: str = "x"
`;
    expect(pydanticSettings(text, 'core/config.py').map(({ name, value, required }) => [name, value, required])).toEqual([
      ['APP_PROJECT_NAME', 'demo', undefined], ['APP_SECRET_KEY', undefined, true], ['APP_POSTGRES_SERVER', undefined, true],
      ['APP_FIRST_SUPERUSER', 'admin@example.com', undefined], ['APP_SENTRY_DSN', undefined, undefined],
    ]);
  });
});

describe('classification and wiring', () => {
  test.each([
    ['SESSION_SECRET', true], ['HMAC_KEY', true], ['JWT_SECRET', true], ['DATABASE_AUTH_TOKEN', true], ['FIRST_SUPERUSER_PASSWORD', true],
    ['LOG_LEVEL', false], ['COOKIE_NAME', false], ['GOOGLE_CLIENT_ID', false], ['ACCESS_TOKEN_EXPIRE_MINUTES', false], ['DATABASE_URL', false],
  ])('%s is secret: %s', (name, secret) => expect(isSecretName(name)).toBe(secret));

  test.each<[string, string | undefined, string | undefined]>([
    ['POSTGRES_SERVER', 'postgres', 'postgres'], ['POSTGRES_PASSWORD', 'postgres', '${POSTGRES_PASSWORD:?'], ['PGDATABASE', 'postgres', '${POSTGRES_DB:-app}'],
    ['MYSQL_HOST', 'mysql', 'mysql'], ['MYSQL_PORT', 'mysql', '3306'], ['MYSQL_USER', 'mysql', 'app'],
    ['DATABASE_HOST', 'postgres', 'postgres'], ['DATABASE_PASS', 'postgres', '${POSTGRES_PASSWORD:?'], ['DB_NAME', 'postgres', '${POSTGRES_DB:-app}'],
    ['SAQ_REDIS_URL', 'redis', 'redis://redis:6379'], ['CELERY_BROKER_URL', 'redis', 'redis://redis:6379'],
    ['DSN', 'postgres', 'postgres://'], ['MYSQL_DSN', 'mysql', 'mysql://'],
    ['MONGODB_URI', undefined, undefined], ['LOG_LEVEL', undefined, undefined], ['SENTRY_DSN', undefined, undefined],
  ])('%s is wired from %s', (name, service, prefix) => {
    const got = serviceValue(name, [pg, mysql, redis]);
    expect(got?.service).toBe(service);
    if (prefix) expect(got!.value.value.startsWith(prefix), got!.value.value).toBe(true);
  });

  test('generic DB_* names go to the first SQL database only', () => {
    expect(serviceValue('DB_HOST', [mysql, pg])?.service).toBe('mysql');
    expect(serviceValue('DB_HOST', [redis])).toBeUndefined();
  });
});

describe('collected app variables', () => {
  const project = memProject({
    '.env.example': 'SESSION_SECRET=change-me\nLOG_LEVEL=debug\nMYSQL_HOST=localhost\nAPP_NAME=demo\n',
    '.env': 'SESSION_SECRET=real-secret-value\nLOG_LEVEL=trace\nONLY_IN_DOT_ENV=1\n',
    'src/app.js': "process.env.LOG_LEVEL || 'info'; process.env.NODE_ENV; process.env.FEATURE_FLAG; process.env.UPLOAD_DIR || './uploads';\n",
    'src/app.test.js': 'process.env.TEST_ONLY',
  });

  test('Rust: a Cargo build script (build.rs, any crate) reads cargo\'s variables at compile time, not the app\'s settings', async () => {
    const rust = memProject({
      'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n',
      'build.rs': 'fn main() { let t = std::env::var("TARGET").unwrap(); }\n',
      'sys/ffi/build.rs': 'fn main() { let o = std::env::var("OUT_DIR").unwrap(); }\n',
      'src/main.rs': 'fn main() { let k = std::env::var("API_KEY").expect("set"); }\n',
      // Negative: a module named like a build script is app code.
      'src/build.rs.in/x.rs': 'fn f() { std::env::var("KEPT").ok(); }\n',
    });
    expect(names(await collectAppVariables(rust, 'rust'))).toEqual(['KEPT', 'API_KEY']);
  });

  test('sources in order, a real .env never read, platform and test reads flagged or left out', async () => {
    const vars = await collectAppVariables(project, 'node');
    expect(names(vars)).toEqual(['SESSION_SECRET', 'LOG_LEVEL', 'MYSQL_HOST', 'APP_NAME', 'NODE_ENV', 'FEATURE_FLAG', 'UPLOAD_DIR']);
    expect(vars.find((v) => v.name === 'LOG_LEVEL')?.value).toBe('debug');
    expect(JSON.stringify(vars)).not.toMatch(/real-secret-value|trace|ONLY_IN_DOT_ENV/);
    expect(vars.find((v) => v.name === 'NODE_ENV')?.platform).toBe(true);
  });

  test('a service secret listed only in an example env file (ours from the last run) is not handed to the app; one the code reads is', async () => {
    const onlyListed = memProject({ '.env.example': 'POSTGRES_PASSWORD=\nMYSQL_ROOT_PASSWORD=\n', 'a.js': "process.env.LOG_LEVEL || 'info'" });
    const a = appEnvPlan(await collectAppVariables(onlyListed, 'node'), { env: [], serviceDetails: [pg, mysql] });
    expect(a.compose.map((v) => v.name)).toEqual(['LOG_LEVEL']);
    const read = memProject({ '.env.example': 'POSTGRES_PASSWORD=\n', 'a.js': 'connect(process.env.POSTGRES_PASSWORD)' });
    const b = appEnvPlan(await collectAppVariables(read, 'node'), { env: [], serviceDetails: [pg] });
    expect(b.compose.map((v) => v.name)).toEqual(['POSTGRES_PASSWORD']);
  });

  test('plan: secret required and empty in the example, service-provided wired, defaults kept, optional commented and passed through', async () => {
    const plan = appEnvPlan(await collectAppVariables(project, 'node'), { env: [{ name: 'NODE_ENV', value: 'production' }], serviceDetails: [mysql] });
    expect(plan.compose).toEqual([
      { name: 'SESSION_SECRET', value: '${SESSION_SECRET:?set SESSION_SECRET in .env (see .env.example)}', interpolate: true },
      { name: 'LOG_LEVEL', value: '${LOG_LEVEL:-debug}', interpolate: true },
      { name: 'MYSQL_HOST', value: 'mysql' },
      { name: 'APP_NAME', value: '${APP_NAME:-demo}', interpolate: true },
      { name: 'FEATURE_FLAG', value: '', passThrough: true },
      { name: 'UPLOAD_DIR', value: '${UPLOAD_DIR:-./uploads}', interpolate: true },
    ]);
    expect(plan.example.map((l) => `${l.optional ? '# ' : ''}${l.name}=${l.value}`)).toEqual(['SESSION_SECRET=', 'LOG_LEVEL=debug', 'APP_NAME=demo', '# FEATURE_FLAG=', 'UPLOAD_DIR=./uploads']);
    expect(plan.required).toEqual(['SESSION_SECRET']);
    expect(plan.wired).toEqual(['MYSQL_HOST (mysql)']);
  });

  test('the port variable is a one-call read: PORT from a schema default, or the one <APP>_PORT', async () => {
    expect(await appPortVariable(memProject({ 'src/env.ts': 'export const env = createEnv({ server: {\n  PORT: z.coerce.number().default(9999),\n} });' }), 'node')).toEqual({ name: 'PORT', port: 9999, source: 'src/env.ts (env schema)' });
    expect(await appPortVariable(memProject({ 'cmd/main.go': 'p := os.Getenv("MEMOS_PORT")\nh := os.Getenv("DB_PORT")', '.env.example': 'MEMOS_PORT=5230\n' }), 'go')).toEqual({ name: 'MEMOS_PORT', port: 5230, source: '.env.example' });
    expect(await appPortVariable(memProject({ 'main.go': 'os.Getenv("POSTGRES_PORT")' }), 'go')).toBeUndefined();
  });
});
