import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { buildTarget, imageKind, matchServices, type ServiceMap } from '../../src/write/compose-match.js';
import { hostPortsOf } from '../../src/write/compose-ports.js';
import { mergeComposeInto } from '../../src/write/compose-merge.js';

// Our generation, shaped as the template writes it: app, one-shot migrate, postgres, redis.
const ours = `services:
  app:
    build:
      context: .
      dockerfile: Dockerfile
    ports:
      - "\${APP_PORT:-8000}:8000"
    environment:
      DATABASE_URL: "postgres://\${POSTGRES_USER:-app}:\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgres:5432/\${POSTGRES_DB:-app}"
      REDIS_URL: "redis://redis:6379"
      DB_HOST: "postgres"
    read_only: true
    depends_on:
      migrate:
        condition: service_completed_successfully
      postgres:
        condition: service_healthy
      redis:
        condition: service_healthy
  migrate:
    build:
      context: .
      dockerfile: Dockerfile
    command: ["python", "manage.py", "migrate"]
    restart: "no"
    depends_on:
      postgres:
        condition: service_healthy
  postgres:
    image: "postgres:18-alpine"
    environment:
      POSTGRES_USER: "\${POSTGRES_USER:-app}"
      POSTGRES_PASSWORD: "\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
      POSTGRES_DB: "\${POSTGRES_DB:-app}"
    read_only: true
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "\${POSTGRES_USER:-app}", "-d", "\${POSTGRES_DB:-app}"]
  redis:
    image: "redis:8-alpine"
    read_only: true
volumes:
  postgres-data: {}
`;
const oursServices = (parse(ours) as { services: ServiceMap }).services;
const svc = (o: Record<string, unknown>): Record<string, unknown> => o;

describe('which of their services stand for ours', () => {
  test.each<[string, ServiceMap, Record<string, string>, RegExp[]]>([
    ['db + web + cache', { db: svc({ image: 'postgres:16' }), web: svc({ build: '.' }), cache: svc({ image: 'redis:7-alpine' }) }, { app: 'web', postgres: 'db', redis: 'cache' }, []],
    ['registry paths, tags and digests', { pg: svc({ image: 'docker.io/postgis/postgis:16-3.4' }), kv: svc({ image: 'valkey/valkey@sha256:abc' }) }, { postgres: 'pg', redis: 'kv' }, []],
    ['build context ./ and the Dockerfile we write', { django: svc({ build: { context: './', dockerfile: 'Dockerfile' } }) }, { app: 'django' }, []],
    ['their service under our name keeps it', { postgres: svc({ image: 'postgres:15' }), db: svc({ image: 'postgres:15' }) }, {}, []],
    ['a worker building the project too: the one publishing a port is the app', { worker: svc({ build: '.', command: 'celery worker' }), web: svc({ build: '.', ports: ['8000:8000'] }) }, { app: 'web' }, []],
    ['a one-shot migrate service of theirs is not the app', { migrate: svc({ build: '.', restart: 'no' }), api: svc({ build: '.' }) }, { app: 'api' }, []],
    ['another context is another project', { frontend: svc({ build: './frontend' }) }, {}, []],
    ['an image-only service named web is not built from the project', { web: svc({ image: 'nginx:1' }) }, {}, []],
    ['the database the app depends on, not keycloak\'s', { db: svc({ image: 'postgres:16' }), 'keycloak-db': svc({ image: 'postgres:16' }), keycloak: svc({ image: 'quay.io/keycloak/keycloak', depends_on: ['keycloak-db'] }), web: svc({ build: '.', depends_on: ['db'] }) }, { app: 'web', postgres: 'db' }, []],
    ['of two databases, the one the app depends on', { main: svc({ image: 'postgres:16' }), analytics: svc({ image: 'postgres:16' }), web: svc({ build: '.', depends_on: { main: { condition: 'service_started' } } }) }, { app: 'web', postgres: 'main' }, []],
    ['of two databases, the one with a usual name', { db: svc({ image: 'postgres:16' }), warehouse: svc({ image: 'postgres:16' }) }, { postgres: 'db' }, []],
  ])('%s', (_, theirs, renames, clashes) => {
    const m = matchServices(oursServices, theirs);
    expect(m.renames).toEqual(renames);
    expect(m.clashes).toHaveLength(clashes.length);
    clashes.forEach((re, i) => expect(m.clashes[i]).toMatch(re));
  });

  // Negative rows: a look-alike that is not ours stays theirs alone, and what we add beside it is named in one line.
  test.each<[string, ServiceMap, RegExp]>([
    ['a test database is not the app\'s', { 'test-db': svc({ image: 'postgres:16' }) }, /^postgres added beside your test-db \(same postgres image, but for another purpose or service\)$/],
    ['a database only another service uses', { 'keycloak-db': svc({ image: 'postgres:16' }), keycloak: svc({ image: 'keycloak', depends_on: ['keycloak-db'] }) }, /^postgres added beside your keycloak-db /],
    ['two databases and nothing to tell them apart', { primary: svc({ image: 'postgres:16' }), secondary: svc({ image: 'postgres:16' }) }, /^postgres added beside your primary, secondary \(same postgres image; name the one the app uses "postgres"/],
    ['two services building the project alike', { a: svc({ build: '.' }), b: svc({ build: '.' }) }, /^app added beside your a, b \(each builds the project/],
  ])('negative: %s', (_, theirs, clash) => {
    const m = matchServices(oursServices, theirs);
    expect(m.renames.postgres ?? m.renames.app).toBeUndefined();
    expect(m.clashes).toHaveLength(1);
    expect(m.clashes[0]).toMatch(clash);
  });

  test('without a service building the project, the one running an image named after the project folder is the app', () => {
    const theirs = { web: svc({ image: 'go-clean-arch', ports: ['9090:9090'] }), mysql: svc({ image: 'mysql:8.3' }) };
    expect(matchServices(oursServices, theirs, {}, 'go-clean-arch').renames).toEqual({ app: 'web' });
    // Negative: another folder name, or a service building the project beside it (that one is the app).
    expect(matchServices(oursServices, theirs, {}, 'shop').renames).toEqual({});
    expect(matchServices(oursServices, { ...theirs, api: svc({ build: '.' }) }, {}, 'go-clean-arch').renames).toEqual({ app: 'api' });
  });

  test('a recorded match wins while both services exist; a stale one is matched again by evidence', () => {
    const theirs = { db: svc({ image: 'postgres:16' }), old: svc({ image: 'postgres:16' }) };
    expect(matchServices(oursServices, theirs, { postgres: 'old' }).renames).toEqual({ postgres: 'old' });
    expect(matchServices(oursServices, { db: svc({ image: 'postgres:16' }) }, { postgres: 'gone' }).renames).toEqual({ postgres: 'db' });
  });

  test.each([
    ['postgres:16', 'postgres'], ['bitnami/postgresql:16', 'postgres'], ['mariadb:11', 'mysql'], ['mysql:8.4', 'mysql'],
    ['redis/redis-stack-server:7', 'redis'], ['mongo:8', 'mongo'], ['nginx:1', undefined], ['my-postgres-proxy', undefined], [undefined, undefined],
  ])('image %s is of kind %s', (image, kind) => expect(imageKind(image)).toBe(kind));

  test.each<[unknown, unknown]>([
    ['.', { context: '.', dockerfile: 'Dockerfile' }],
    [{ context: './api/' }, { context: 'api', dockerfile: 'api/Dockerfile' }],
    [{ context: '.', dockerfile: 'docker/Dockerfile.prod' }, { context: '.', dockerfile: 'docker/Dockerfile.prod' }],
    [undefined, undefined],
  ])('build %j targets %j', (build, target) => expect(buildTarget(build)).toEqual(target));

  test.each<[unknown, number[]]>([
    ['8000:8000', [8000]], ['127.0.0.1:5432:5432/tcp', [5432]], ['${APP_PORT:-3000}:3000', [3000]], ['${APP_PORT}:3000', []],
    ['8000', []], [8000, []], [{ target: 80, published: '8080' }, [8080]], ['9000-9002:9000-9002', [9000, 9001, 9002]],
  ])('ports entry %j publishes host ports %j', (entry, ports) => expect(hostPortsOf(entry)).toEqual(ports));
});

describe('merging into their db + web', () => {
  const theirs = `# our dev stack
services:
  db:
    image: postgres:16 # pinned by ops
    environment:
      POSTGRES_USER: django
      POSTGRES_PASSWORD: "s3cr@t"
    volumes:
      - pgdata:/var/lib/postgresql/data
  web:
    build: .
    ports:
      - "8000:8000"
    environment:
      - DEBUG=0
    depends_on:
      - db
volumes:
  pgdata:
`;

  test('our keys go into their services under their names; references follow; their credentials are used', () => {
    const m = mergeComposeInto('compose.yaml', theirs, ours);
    const doc = parse(m.text) as { services: Record<string, any>; volumes: Record<string, unknown> };
    expect(Object.keys(doc.services)).toEqual(['db', 'web', 'migrate', 'redis']);
    expect(m.renames).toEqual({ app: 'web', postgres: 'db' });
    expect(m.text).toContain('image: postgres:16 # pinned by ops');
    // Their environment list form stays a list; ours joins it, pointed at db with their user, password and default database.
    expect(doc.services.web.environment).toEqual(['DEBUG=0', 'DATABASE_URL=postgres://django:s3cr%40t@db:5432/django', 'REDIS_URL=redis://redis:6379', 'DB_HOST=db']);
    expect(doc.services.migrate.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(doc.services.db.healthcheck.test).toEqual(['CMD', 'pg_isready', '-U', 'django', '-d', 'django']);
    // Their database keeps its identity: no POSTGRES_DB added (the image defaults it to the user), their password kept.
    expect(doc.services.db.environment).toEqual({ POSTGRES_USER: 'django', POSTGRES_PASSWORD: 's3cr@t' });
    expect(doc.services.db.read_only).toBe(true);
    expect(doc.services.web.read_only).toBe(true);
    // Their depends_on list names no condition: it becomes the mapping, waiting for their db as we wait for ours.
    expect(doc.services.web.depends_on).toEqual({ db: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
    expect(m.differing).toEqual(['services.web.ports', 'services.db.image']);
    expect(m.warnings).toEqual([]);
  });

  const url = 'postgres://${POSTGRES_USER:-app}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/${POSTGRES_DB:-app}';
  const mergedDb = (db: string): { doc: { services: Record<string, any> }; warnings: string[] } => {
    const m = mergeComposeInto('compose.yaml', `services:\n  db:\n    image: postgres:16\n${db}  web:\n    build: .\n`, ours);
    return { doc: parse(m.text) as { services: Record<string, any> }, warnings: m.warnings };
  };

  // Credentials their db reads from an env_file (never opened: a real .env value is never copied) or a secret file.
  test.each<[string, string, Record<string, unknown> | undefined, string, string[], RegExp[]]>([
    ['env_file .env: our interpolation of the same names reads it too', '    env_file: .env\n', undefined, url, ['${POSTGRES_USER:-app}', '${POSTGRES_DB:-app}'],
      [/^services\.db\.environment: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB left to your env_file \.env; the app's URLs read \$\{POSTGRES_USER\}, \$\{POSTGRES_PASSWORD\}, \$\{POSTGRES_DB\} from that same \.env \(check it sets them\)$/]],
    ['env_file db.env (list of paths): compose does not interpolate from it', '    env_file:\n      - path: ./db.env\n', undefined, url, ['${POSTGRES_USER:-app}', '${POSTGRES_DB:-app}'],
      [/^services\.db\.environment: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB left to your env_file \.\/db\.env; the app's URLs use .*: make them match what \.\/db\.env sets$/]],
    ['env_file plus their user: the user is theirs, the rest left to the file', '    env_file: [.env]\n    environment:\n      POSTGRES_USER: notes\n', { POSTGRES_USER: 'notes' },
      'postgres://notes:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/${POSTGRES_DB:-app}', ['notes', '${POSTGRES_DB:-app}'],
      [/^services\.db\.environment: POSTGRES_PASSWORD, POSTGRES_DB left to your env_file \.env;/]],
    ['password from a Docker secret: ours is not added beside it', '    environment:\n      POSTGRES_USER: notes\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n', { POSTGRES_USER: 'notes', POSTGRES_PASSWORD_FILE: '/run/secrets/db_password' },
      'postgres://notes:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/notes', ['notes', 'notes'],
      [/^services\.db\.environment: POSTGRES_PASSWORD not added \(your POSTGRES_PASSWORD_FILE reads it from a secret file\); the app's URLs cannot read that file and still use \$\{POSTGRES_PASSWORD\}: set it to the same value or wire the secret into the app yourself$/]],
    ['user from a secret in the list form: the database defaults to it, so both are left', '    environment:\n      - POSTGRES_USER_FILE=/run/secrets/u\n      - POSTGRES_PASSWORD=pw\n', undefined,
      'postgres://${POSTGRES_USER:-app}:pw@db:5432/${POSTGRES_DB:-app}', ['${POSTGRES_USER:-app}', '${POSTGRES_DB:-app}'],
      [/^services\.db\.environment: POSTGRES_USER not added \(your POSTGRES_USER_FILE /, /^services\.db\.environment: POSTGRES_DB not added \(your POSTGRES_USER_FILE /]],
    // Negative rows: no env_file and no NAME_FILE: their values and the image's defaults are used, nothing to note.
    ['negative: their values, no env_file', '    environment:\n      POSTGRES_USER: notes\n      POSTGRES_PASSWORD: pw\n      POSTGRES_DB: notesdb\n', { POSTGRES_USER: 'notes', POSTGRES_PASSWORD: 'pw', POSTGRES_DB: 'notesdb' },
      'postgres://notes:pw@db:5432/notesdb', ['notes', 'notesdb'], []],
    ['negative: another *_FILE variable is no credential of ours', '    environment:\n      POSTGRES_PASSWORD: pw\n      PGDATA_FILE: /x\n', { POSTGRES_PASSWORD: 'pw', PGDATA_FILE: '/x' },
      'postgres://postgres:pw@db:5432/postgres', ['postgres', 'postgres'], []],
  ])('%s', (_, db, env, dbUrl, userAndDb, warnings) => {
    const { doc, warnings: got } = mergedDb(db);
    expect(doc.services.web.environment.DATABASE_URL).toBe(dbUrl);
    expect(doc.services.db.environment).toEqual(env ?? (db.includes('- POSTGRES') ? ['POSTGRES_USER_FILE=/run/secrets/u', 'POSTGRES_PASSWORD=pw'] : undefined));
    expect(doc.services.db.healthcheck.test).toEqual(['CMD', 'pg_isready', '-U', userAndDb[0], '-d', userAndDb[1]]);
    expect(got).toHaveLength(warnings.length);
    warnings.forEach((re, i) => expect(got[i]).toMatch(re));
  });

  test('mariadb: their MYSQL_PASSWORD_FILE is their MARIADB_PASSWORD; our literal user does not line up with their env_file', () => {
    const mine = 'services:\n  app:\n    build: .\n    environment:\n      DATABASE_URL: "mysql://app:${MYSQL_PASSWORD:?set MYSQL_PASSWORD}@mysql:3306/${MYSQL_DATABASE:-app}"\n  mysql:\n    image: "mariadb:11"\n    environment:\n      MARIADB_USER: app\n      MARIADB_PASSWORD: "${MYSQL_PASSWORD:?set MYSQL_PASSWORD}"\n      MARIADB_DATABASE: "${MYSQL_DATABASE:-app}"\n';
    const m = mergeComposeInto('compose.yaml', 'services:\n  db:\n    image: mariadb:11\n    env_file: .env\n    environment:\n      MYSQL_PASSWORD_FILE: /run/secrets/p\n  web:\n    build: .\n', mine);
    const doc = parse(m.text) as { services: Record<string, any> };
    expect(doc.services.db.environment).toEqual({ MYSQL_PASSWORD_FILE: '/run/secrets/p' });
    expect(m.warnings).toEqual([
      "services.db.environment: MARIADB_USER, MARIADB_DATABASE left to your env_file .env; the app's URLs use app, ${MYSQL_DATABASE} (compose interpolates from .env only): make them match what .env sets",
      "services.db.environment: MARIADB_PASSWORD not added (your MYSQL_PASSWORD_FILE reads it from a secret file); the app's URLs cannot read that file and still use ${MYSQL_PASSWORD}: set it to the same value or wire the secret into the app yourself",
    ]);
  });

  test("go-sql-driver's DSN follows their database: host inside tcp(...), their user and database, password as written", () => {
    const dsn = 'app:${MYSQL_PASSWORD:?set MYSQL_PASSWORD}@tcp(mysql:3306)/${MYSQL_DATABASE:-app}?parseTime=true';
    const mine = `services:\n  app:\n    build: .\n    environment:\n      DATABASE_URL: "${dsn}"\n  mysql:\n    image: "mariadb:11"\n    environment:\n      MARIADB_USER: app\n      MARIADB_PASSWORD: "\${MYSQL_PASSWORD:?set MYSQL_PASSWORD}"\n      MARIADB_DATABASE: "\${MYSQL_DATABASE:-app}"\n`;
    const m = mergeComposeInto('compose.yaml', 'services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_USER: shop\n      MYSQL_PASSWORD: "p@ss/w"\n      MYSQL_DATABASE: orders\n  web:\n    build: .\n', mine);
    const doc = parse(m.text) as { services: Record<string, any> };
    expect(doc.services.web.environment.DATABASE_URL).toBe('shop:p@ss/w@tcp(db:3306)/orders?parseTime=true');
    // Negative: our own DSN, unmatched, keeps our host and user.
    const alone = parse(mergeComposeInto('compose.yaml', 'services:\n  web:\n    build: .\n', mine).text) as { services: Record<string, any> };
    expect(alone.services.web.environment.DATABASE_URL).toBe(dsn);
  });

  test('a user name equal to a service name is no host: only hosts are renamed', () => {
    const mine = ours.replace('DB_HOST: "postgres"', 'DB_HOST: "postgres"\n      DB_USER: "app"\n      CACHE: "redis://redis:6379"\n      ADMIN_URL: "postgres://postgres:pw@postgres:5432/x"');
    const m = mergeComposeInto('compose.yaml', 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n  web:\n    build: .\n  kv:\n    image: redis:7\n', mine);
    const env = (parse(m.text) as { services: Record<string, any> }).services.web.environment;
    expect(env.DB_USER).toBe("app");
    expect(env.CACHE).toBe('redis://kv:6379');
    expect(env.ADMIN_URL).toBe('postgres://postgres:pw@db:5432/x');
  });

  test('one host port is never published twice: our app added beside their frontend on 8000 publishes none', () => {
    const m = mergeComposeInto('compose.yaml', 'services:\n  frontend:\n    image: nginx\n    ports: ["8000:80"]\n', ours);
    expect((parse(m.text) as { services: Record<string, any> }).services.app.ports).toBeUndefined();
    expect(m.warnings).toEqual(['services.app.ports: host port 8000 not published (your frontend publishes it; set one yourself)']);
  });

  test('a re-run takes our new values where theirs are still ours, keeps their edits, and keeps the matches', () => {
    const first = mergeComposeInto('compose.yaml', theirs, ours);
    const edited = first.text.replace('REDIS_URL=redis://redis:6379', 'REDIS_URL=redis://redis:6379/1');
    const next = ours.replace('redis:8-alpine', 'redis:9-alpine').replace('read_only: true\n    depends_on:\n      migrate', 'read_only: true\n    pids_limit: 256\n    depends_on:\n      migrate');
    const m = mergeComposeInto('compose.yaml', edited, next, { base: ours, recorded: first.renames });
    const doc = parse(m.text) as { services: Record<string, any> };
    expect(doc.services.redis.image).toBe('redis:9-alpine');
    expect(doc.services.web.pids_limit).toBe(256);
    expect(doc.services.web.environment).toContain('REDIS_URL=redis://redis:6379/1');
    expect(m.updated).toEqual(['services.redis.image']);
    expect(m.added).toEqual(['services.web.pids_limit']);
    expect(m.renames).toEqual({ app: 'web', postgres: 'db' });
    // Nothing new: their bytes stay.
    expect(mergeComposeInto('compose.yaml', first.text, ours, { base: ours, recorded: first.renames }).text).toBe(first.text);
  });

  test('a key of ours they took out stays out; one we no longer generate is taken out while still ours', () => {
    const first = mergeComposeInto('compose.yaml', theirs, ours);
    const edited = first.text.replace(/\n  redis:\n[\s\S]*?(?=\nvolumes:)/, '\n');
    expect((parse(edited) as { services: Record<string, unknown> }).services.redis).toBeUndefined();
    const again = mergeComposeInto('compose.yaml', edited, ours, { base: ours, recorded: first.renames });
    expect((parse(again.text) as { services: Record<string, unknown> }).services.redis).toBeUndefined();
    const noMigrate = ours.replace(/\n {2}migrate:\n[\s\S]*?(?=\n {2}postgres:)/, '');
    const dropped = mergeComposeInto('compose.yaml', first.text, noMigrate, { base: ours, recorded: first.renames });
    expect(dropped.removed).toContain('services.migrate');
  });
});
