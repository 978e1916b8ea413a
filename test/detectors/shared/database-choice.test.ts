import { describe, expect, test } from 'vitest';
import { chooseDatabase, databaseOfUrl, detectServices } from '../../../detectors/shared/database-choice.js';
import { servicesFromDependencies } from '../../../detectors/shared/services.js';
import { memProject, type Files } from '../../helpers/memfs.js';

const choose = async (files: Files, deps: string[], spring?: string[]): Promise<{ services: string[]; notes: string[] }> => {
  const r = await chooseDatabase(memProject(files), servicesFromDependencies(deps), deps, spring);
  return { services: [...r.services.keys()], notes: r.notes };
};

describe('one SQL database from evidence', () => {
  test.each<[string, Files, string[], string[], RegExp | null]>([
    ['one driver: kept, nothing said', {}, ['pg', 'ioredis'], ['postgres', 'redis'], null],
    ['two drivers, no evidence: postgres preferred', {}, ['mysql2', 'pg'], ['postgres'], /mysql not run \(dependency mysql2\).*postgres preferred/],
    ['two drivers, .env.example URL says mysql', { '.env.example': 'DATABASE_URL=mysql://u:p@localhost/db\n' }, ['pg', 'mysql2'], ['mysql'], /\.env\.example DATABASE_URL/],
    ['two drivers, .env.sample driver name', { '.env.sample': 'DB_CONNECTION=mysql\n' }, ['pg', 'mysql2'], ['mysql'], /\.env\.sample DB_CONNECTION/],
    ['a real .env is never read', { '.env': 'DATABASE_URL=mysql://u:p@localhost/db\n' }, ['pg', 'mysql2'], ['postgres'], /postgres preferred/],
    ['driver beside sqlite, no evidence: no service', {}, ['pg', 'better-sqlite3'], [], /postgres not run .*embedded database better-sqlite3/],
    ['driver beside sqlite, env says postgres', { '.env.example': 'DATABASE_URL="postgresql://app@db/app"\n' }, ['pg', 'better-sqlite3'], ['postgres'], null],
    ['sqlite file URL in the example: no service', { '.env.example': 'DATABASE_URL=file:./dev.db\n' }, ['pg', 'mysql2'], [], /embedded database .*DATABASE_URL/],
    ['prisma provider', { 'prisma/schema.prisma': 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n' }, ['pg', 'mysql2'], ['mysql'], /schema\.prisma provider mysql/],
    ['Go: optional drivers beside modernc sqlite', {}, ['github.com/lib/pq', 'github.com/go-sql-driver/mysql', 'modernc.org/sqlite'], [], /postgres and mysql not run/],
    ['Spring: H2 default profile', { 'src/main/resources/application.properties': 'database=h2\n' }, ['org.postgresql:postgresql', 'com.mysql:mysql-connector-j', 'com.h2database:h2'], [], /sets no spring\.datasource\.url/],
    ['Spring: default datasource names mysql', { 'src/main/resources/application.properties': 'spring.datasource.url=${DB_URL:jdbc:mysql://localhost/x}\n' }, ['org.postgresql:postgresql', 'com.mysql:mysql-connector-j', 'com.h2database:h2'], ['mysql'], /jdbc:mysql:/],
    ['Spring without an embedded driver: a missing URL is no evidence', { 'src/main/resources/application.properties': 'server.port=8080\n' }, ['org.postgresql:postgresql', 'com.mysql:mysql-connector-j'], ['postgres'], /postgres preferred/],
    ['Django ENGINE', { 'proj/settings.py': "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql'}}\n" }, ['psycopg2', 'mysqlclient'], ['mysql'], /ENGINE django\.db\.backends\.mysql/],
    ['alembic.ini', { 'alembic.ini': '[alembic]\nsqlalchemy.url = mysql+pymysql://u:p@h/db\n' }, ['psycopg', 'pymysql'], ['mysql'], /alembic\.ini/],
  ])('%s', async (_, files, deps, services, note) => {
    const r = await choose(files, deps);
    expect(r.services.sort()).toEqual([...services].sort());
    if (note) expect(r.notes.join('\n')).toMatch(note);
    else expect(r.notes).toEqual([]);
  });

  test('--services decides: nothing is dropped', async () => {
    const r = await detectServices(memProject({}), ['pg', 'mysql2', 'better-sqlite3'], ['mysql']);
    expect([...r.services.keys()].sort()).toEqual(['mysql', 'postgres']);
    expect(r.notes).toEqual([]);
  });

  test.each([
    ['postgres://a', 'postgres'], ['postgresql+asyncpg://a', 'postgres'], ['jdbc:postgresql://h/db', 'postgres'],
    ['mysql+pymysql://a', 'mysql'], ['mariadb://a', 'mysql'], ['jdbc:mariadb://h/x', 'mysql'],
    ['sqlite:///x.db', 'embedded'], ['file:./dev.db', 'embedded'], ['jdbc:h2:mem:x', 'embedded'],
    ['redis://x', undefined], ['', undefined], ['http://x', undefined],
  ])('databaseOfUrl(%s) = %s', (url, kind) => {
    expect(databaseOfUrl(url)).toBe(kind);
  });
});
