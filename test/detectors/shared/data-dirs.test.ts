import { describe, expect, test } from 'vitest';
import { dataTarget } from '../../../detectors/shared/data/data-vars.js';
import { dataPlan } from '../../../detectors/shared/data/data-plan.js';
import type { AppVariable } from '../../../detectors/shared/env/collect.js';
import { servicePlan } from '../../../detectors/shared/services.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { checkDataDir } from '../../../src/plan/validate.js';
import { memProject } from '../../helpers/memfs.js';

const v = (name: string, value?: string): AppVariable => ({ name, ...(value !== undefined ? { value } : {}), required: false, secret: false, platform: false, sources: ['.env.example'] });

describe('where a variable of the app must point', () => {
  test.each<[string, string | undefined, string | undefined]>([
    ['DATABASE_URL', 'file:./dev.db', 'file:/data/dev.db'],
    ['DATABASE_URL', 'file:../prisma/data/app.sqlite?connection_limit=1', 'file:/data/app.sqlite?connection_limit=1'],
    ['DATABASE_URL', 'sqlite:///./instance/app.db', 'sqlite:////data/app.db'],
    ['SQLALCHEMY_DATABASE_URI', 'sqlite+aiosqlite:///db.sqlite3', 'sqlite+aiosqlite:////data/db.sqlite3'],
    ['DATABASE_URL', 'sqlite://data.db', 'sqlite:///data/data.db'],
    ['DB_URL', 'jdbc:sqlite:dev.db', 'jdbc:sqlite:/data/dev.db'],
    ['SQLITE_PATH', './gorm.db', '/data/gorm.db'],
    ['DB_FILE', undefined, '/data/app.db'],
    // A name that says file holds the database file even when it has no extension.
    ['DB_FILENAME', 'db/data', '/data/data'],
    ['SQLITE_DB', 'state', '/data/state'],
    ['DATABASE_FILE', '/var/lib/app/main', '/data/main'],
    ['UPLOAD_DIR', './uploads', '/data/uploads'],
    ['MEDIA_ROOT', '/var/www/media/', '/data/media'],
    ['APP_STORAGE_PATH', undefined, '/data/storage'],
    ['DATA_DIR', './data', '/data'],
    ['THUMBNAIL_CACHE_DIR', undefined, '/tmp/cache'],
    ['CACHE_DIR', '.cache/app', '/tmp/app'],
    // Negative rows: another database, memory, a non-database file, a remote URL, an unrelated name.
    ['DATABASE_URL', 'postgres://u:p@db/app', undefined],
    ['DATABASE_URL', 'sqlite://:memory:', undefined],
    ['DATABASE_URL', 'file::memory:?cache=shared', undefined],
    ['CONFIG_URL', 'file:./settings.json', undefined],
    ['UPLOAD_DIR', 's3://bucket/uploads', undefined],
    ['DB_PATH', './data', undefined],
    ['SQLITE_PATH', 'storage', undefined],
    ['DB_FILENAME', 'seed.sql', undefined],
    ['DB_FILE', 'db/', undefined],
    ['DB_FILENAME', 'localhost:5432', undefined],
    ['LOG_LEVEL', 'info', undefined],
    ['UPLOAD_LIMIT', '10mb', undefined],
  ])('%s=%s -> %s', (name, value, expected) => {
    expect(dataTarget(v(name, value), '/data')?.value).toBe(expected);
  });

  test('a hostile default cannot leave the data dir', () => {
    expect(dataTarget(v('UPLOAD_DIR', '../../etc/$(id)'), '/data')?.value).toBe('/data/id');
    expect(dataTarget(v('DATABASE_URL', 'file:../../..'), '/data')).toBeUndefined();
  });
});

describe('the data plan', () => {
  test('SQLite and uploads share one volume; caches get their own tmpfs; nothing found is no plan', () => {
    const d = dataPlan([v('DATABASE_URL', 'file:./dev.db'), v('UPLOAD_DIR', 'uploads'), v('CACHE_DIR'), v('LOG_LEVEL', 'info')], { env: [], serviceDetails: [] }, '/srv/state');
    expect(d).toMatchObject({ volume: { name: 'app-data', target: '/srv/state' }, dirs: ['/srv/state', '/srv/state/uploads'], tmpfs: ['/tmp/cache'] });
    expect(d!.env).toEqual([{ name: 'DATABASE_URL', value: 'file:/srv/state/dev.db' }, { name: 'UPLOAD_DIR', value: '/srv/state/uploads' }, { name: 'CACHE_DIR', value: '/tmp/cache' }]);
    expect(dataPlan([v('LOG_LEVEL', 'info')], { env: [], serviceDetails: [] }, '/data')).toBeUndefined();
  });

  test('a cache alone needs no volume', () => {
    expect(dataPlan([v('CACHE_DIR')], { env: [], serviceDetails: [] }, '/data')).toMatchObject({ volume: null, dirs: [], tmpfs: ['/tmp/cache'] });
  });

  test('a variable a backing service provides or the image sets stays theirs', () => {
    const pg = servicePlan('postgres', 'dependency pg');
    expect(dataPlan([v('DATABASE_URL', 'file:./dev.db')], { env: [], serviceDetails: [pg] }, '/data')).toBeUndefined();
    expect(dataPlan([v('UPLOAD_DIR', 'x')], { env: [{ name: 'UPLOAD_DIR', value: '/srv' }], serviceDetails: [] }, '/data')).toBeUndefined();
  });
});

describe('--data-dir', () => {
  test.each(['/data', '/var/lib/app', '/srv/state/'])('%s is accepted', (d) => expect(checkDataDir(d, '--data-dir')).toBe(d.replace(/\/$/, '')));
  test.each(['data', '/', '/app', '/app/data', '/tmp/x', '/etc', '/var/../etc', '/a b', '/x/$(id)'])('%s is refused in one line', (d) => {
    expect(() => checkDataDir(d, '--data-dir')).toThrow(/^--data-dir: .* use e\.g\. \/data/);
  });
});

describe('generated files', () => {
  const project = {
    'package.json': JSON.stringify({ name: 'a', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { '@prisma/client': '6.0.0' } }),
    'package-lock.json': JSON.stringify({ name: 'a', lockfileVersion: 3, packages: {} }),
    'server.js': "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);",
    '.env.example': 'DATABASE_URL="file:./dev.db"\n',
  };

  test('the data dir is created owned by the app user, mounted as a named volume, and the variable points into it', async () => {
    const { plan } = await buildPlan(memProject(project), { dataDir: '/var/lib/app' });
    const files = Object.fromEntries(render(plan).map((f) => [f.path, f.text]));
    const dockerfile = files.Dockerfile!;
    expect(dockerfile).toContain('ENV DATABASE_URL="file:/var/lib/app/dev.db"');
    // WORKDIR under the app's USER: BuildKit creates it owned by that user.
    expect(dockerfile).toMatch(/USER (\d+):(\d+)\n(#.*\n)*WORKDIR \/var\/lib\/app\nWORKDIR \/app\n/);
    expect(files['docker-compose.yml']).toContain('    volumes:\n      - "app-data:/var/lib/app"\n');
    expect(files['docker-compose.yml']).toMatch(/\nvolumes:\n {2}app-data: \{\}\n/);
    expect(files['docker-compose.yml']).toContain('read_only: true');
  });

  test('without data paths nothing changes: no volume, no WORKDIR as the app user', async () => {
    const { plan } = await buildPlan(memProject({ ...project, '.env.example': 'LOG_LEVEL=info\n' }), {});
    const files = Object.fromEntries(render(plan).map((f) => [f.path, f.text]));
    expect(plan.data).toBeUndefined();
    expect(files.Dockerfile).not.toMatch(/WORKDIR \/data/);
    expect(files['docker-compose.yml']).not.toMatch(/volumes:/);
  });
});
