import { describe, expect, test } from 'vitest';
import { detectMigrations, type MigrationContext } from '../../../detectors/shared/migrations.js';
import { appEnvPlan } from '../../../detectors/shared/env/app-env-plan.js';
import { servicePlan } from '../../../detectors/shared/services.js';
import { memProject, type Files } from '../../helpers/memfs.js';

const py = (deps: string[], framework: string | null = null, hasDatabase = true): MigrationContext => ({ stack: 'python', deps: new Set(deps), framework, interpreter: '/opt/venv/bin/python', binDir: '/opt/venv/bin', hasDatabase });

describe('migration tools', () => {
  test.each<[string, Files, MigrationContext, string[] | null]>([
    ['Django', { 'manage.py': '' }, py(['django'], 'django'), ['/opt/venv/bin/python', 'manage.py', 'migrate', '--noinput']],
    ['Django without a database service: nothing to migrate in compose', { 'manage.py': '' }, py(['django'], 'django', false), null],
    ['Flask-Migrate', { 'migrations/alembic.ini': '' }, py(['flask', 'flask-migrate']), ['/opt/venv/bin/flask', 'db', 'upgrade']],
    ['alembic', { 'alembic.ini': '' }, py(['sqlalchemy', 'alembic']), ['/opt/venv/bin/alembic', 'upgrade', 'head']],
    ['alembic.ini without alembic installed', { 'alembic.ini': '' }, py(['sqlalchemy']), null],
  ])('%s', async (_, files, ctx, command) => {
    const m = await detectMigrations(memProject(files), ctx);
    expect(m?.command ?? null).toEqual(command);
  });

  test('an app switch (RUN_MIGRATIONS) is turned on when a database is run, and only then', () => {
    const vars = [{ name: 'RUN_MIGRATIONS', required: false, secret: false, platform: false, sources: ['internal/config.go (os.Getenv)'] }];
    const withDb = appEnvPlan(vars, { env: [], serviceDetails: [servicePlan('postgres', 'dependency github.com/lib/pq')] });
    expect(withDb.compose).toEqual([{ name: 'RUN_MIGRATIONS', value: '${RUN_MIGRATIONS:-1}', interpolate: true }]);
    // Without a database it is only passed through: set when the user sets it in .env.
    const without = appEnvPlan(vars, { env: [], serviceDetails: [] });
    expect(without.compose).toEqual([{ name: 'RUN_MIGRATIONS', value: '', passThrough: true }]);
  });
});
