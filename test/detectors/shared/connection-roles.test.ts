import { describe, expect, test } from 'vitest';
import { djangoDatabaseRoles } from '../../../detectors/shared/env/connection-roles.js';
import { serviceValue } from '../../../detectors/shared/env/service-wiring.js';
import { collectAppVariables } from '../../../detectors/shared/env/index.js';
import { servicePlan } from '../../../detectors/shared/services.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { memProject } from '../../helpers/memfs.js';

const pg = servicePlan('postgres', 'dependency psycopg2');
const mysql = servicePlan('mysql', 'dependency mysqlclient');
const redis = servicePlan('redis', 'dependency redis');

const settings = (entries: string): string => `import os\n\nDEBUG = False\n\nDATABASES = {\n    "default": {\n${entries}\n    }\n}\n\nCACHE_HOST = os.getenv("CACHE_HOST")\n`;

describe('Django DATABASES keys give each variable its connection part', () => {
  test.each<[string, string, [string, string][]]>([
    ['os.environ.get with defaults', `"ENGINE": os.environ.get("STORE_ENGINE", "django.db.backends.sqlite3"),\n"NAME": os.environ.get("STORE_NAME", BASE_DIR / "db.sqlite3"),\n"HOST": os.environ.get("STORE_HOST", "localhost"),`, [['STORE_ENGINE', 'engine'], ['STORE_NAME', 'db'], ['STORE_HOST', 'host']]],
    ['os.getenv, os.environ[...] and int()', `'USER': os.getenv('ACCT'),\n'PASSWORD': os.environ['ACCT_KEY'],\n'PORT': int(os.getenv('WHERE_PORT', 5432)),`, [['ACCT', 'user'], ['ACCT_KEY', 'password'], ['WHERE_PORT', 'port']]],
    ['django-environ and decouple', `"HOST": env("BOX"),\n"NAME": env.str("SHELF"),\n"USER": config("WHO"),`, [['BOX', 'host'], ['SHELF', 'db'], ['WHO', 'user']]],
    // Negative rows: literal values, keys Django does not use for the connection, reads outside DATABASES.
    ['literals only', `"ENGINE": "django.db.backends.postgresql",\n"HOST": "db",`, []],
    ['other keys', `"OPTIONS": {"sslmode": os.getenv("SSLMODE")},\n"CONN_MAX_AGE": os.getenv("AGE"),`, []],
  ])('%s', (_, entries, want) => {
    expect(djangoDatabaseRoles(settings(entries), 'site/settings.py').map((r) => [r.name, r.role])).toEqual(want);
  });

  test('no DATABASES block, no roles', () => {
    expect(djangoDatabaseRoles('import os\nHOST = os.getenv("HOST")\n', 'a.py')).toEqual([]);
  });
});

describe('a role wires the variable from the SQL service when its name does not', () => {
  test.each<[string, string, string | undefined]>([
    ['host', 'STORE_HOST', 'postgres'],
    ['port', 'STORE_PORT', '5432'],
    ['user', 'ACCT', '${POSTGRES_USER:-app}'],
    ['password', 'ACCT_KEY', '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}'],
    ['db', 'SHELF', '${POSTGRES_DB:-app}'],
    ['engine', 'STORE_ENGINE', 'django.db.backends.postgresql'],
  ])('%s', (role, name, want) => {
    expect(serviceValue(name, [redis, pg], role as never)?.value.value).toBe(want);
  });

  test('the engine follows the SQL service; no SQL service, no wiring', () => {
    expect(serviceValue('STORE_ENGINE', [mysql], 'engine')?.value.value).toBe('django.db.backends.mysql');
    expect(serviceValue('STORE_HOST', [redis], 'host')).toBeUndefined();
    expect(serviceValue('STORE_HOST', [pg])).toBeUndefined();
  });

  test('a url role (Sequelize use_env_variable) takes the SQL service\'s URL', () => {
    expect(serviceValue('NOTES_CONN', [redis, pg], 'url')?.value.value).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(serviceValue('NOTES_CONN', [redis, pg])).toBeUndefined();
  });

  test('a name that says its service still wins over the role', () => {
    expect(serviceValue('REDIS_HOST', [redis, pg], 'host')?.service).toBe('redis');
  });
});

describe('a Django project', () => {
  const files = {
    'requirements.txt': 'Django==4.2\npsycopg2-binary\ngunicorn\n',
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")\n',
    'site_cfg/__init__.py': '',
    'site_cfg/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
    'site_cfg/settings.py': settings(`"ENGINE": os.environ.get("STORE_ENGINE", "django.db.backends.sqlite3"),\n"NAME": os.environ.get("STORE_NAME", "db.sqlite3"),\n"USER": os.environ.get("STORE_USER", "u"),\n"PASSWORD": os.environ.get("STORE_PASSWORD", ""),\n"HOST": os.environ.get("STORE_HOST", "localhost"),\n"PORT": os.environ.get("STORE_PORT", "5432"),`),
  };

  test('collection keeps the role of each DATABASES variable, and only theirs', async () => {
    const vars = await collectAppVariables(memProject(files), 'python');
    expect(Object.fromEntries(vars.map((v) => [v.name, v.role]))).toMatchObject({ STORE_ENGINE: 'engine', STORE_HOST: 'host', CACHE_HOST: undefined });
  });

  test('compose points the settings at the postgres service', async () => {
    const { plan } = await buildPlan(memProject(files), {});
    const env = Object.fromEntries((plan.appEnv?.compose ?? []).map((v) => [v.name, v.value]));
    expect(env).toMatchObject({ STORE_ENGINE: 'django.db.backends.postgresql', STORE_HOST: 'postgres', STORE_PORT: '5432', STORE_NAME: '${POSTGRES_DB:-app}' });
    expect(plan.notes.join('\n')).toMatch(/wired to the services: .*STORE_HOST \(postgres\)/);
  });
});
