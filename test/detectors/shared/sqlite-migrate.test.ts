import { describe, expect, test } from 'vitest';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { memProject, type Files } from '../../helpers/memfs.js';
import { parse } from 'yaml';

// A migration tool with SQLite (no database server): the migrate service runs only when the SQLite file is on the
// app's data volume, and then it mounts that volume too (same image user, so the same owner of the file).
const flask: Files = {
  'requirements.txt': 'Flask==3.1.1\nFlask-SQLAlchemy==3.1.1\nFlask-Migrate==4.1.0\ngunicorn==23.0.0\n',
  'app.py': "import os\nfrom flask import Flask\napp = Flask(__name__)\napp.config['SQLALCHEMY_DATABASE_URI'] = os.environ.get('DATABASE_URL', 'sqlite:///app.db')\n",
  'migrations/alembic.ini': '[alembic]\n',
};
const knex: Files = {
  'package.json': { name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { express: '^5.0.0', knex: '^3.1.0', 'better-sqlite3': '^12.0.0' } },
  'server.js': "const knex = require('knex')({ client: 'better-sqlite3', connection: { filename: process.env.SQLITE_FILE || './data/app.db' } });\nrequire('express')().listen(3000);\n",
  'knexfile.js': "module.exports = { client: 'better-sqlite3', connection: { filename: process.env.SQLITE_FILE || './data/app.db' }, useNullAsDefault: true };\n",
};

const compose = async (files: Files) => {
  const { plan } = await buildPlan(memProject(files), {});
  const text = render(plan).find((f) => f.path === 'docker-compose.yml')?.text;
  return { plan, services: text ? (parse(text) as { services: Record<string, Record<string, unknown>> }).services : {} };
};

describe('migrations of a SQLite database on the data volume', () => {
  test.each<[string, Files, string]>([
    ['Flask-Migrate, DATABASE_URL sqlite in .env.example', { ...flask, '.env.example': 'DATABASE_URL=sqlite:///instance/app.db\n' }, 'flask-migrate'],
    ['knex with better-sqlite3, SQLITE_FILE', knex, 'knex'],
  ])('%s: the migrate service shares the app-data volume', async (_, files, tool) => {
    const { plan, services } = await compose(files);
    expect(plan.migrate).toMatchObject({ tool, embedded: true });
    expect(plan.data?.sqlite).toBe(true);
    expect(services.migrate?.volumes).toEqual(['app-data:/data']);
    expect(services.migrate?.volumes).toEqual(services.app?.volumes);
    expect(services.app?.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
  });

  test.each<[string, Files]>([
    // Negative rows: no SQLite file found to put on a volume, so a migration would write a file of its own.
    ['Flask-Migrate without any database setting', { ...flask, 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }],
    ['knex with SQLite in memory', { ...knex, 'server.js': "const knex = require('knex')({ client: 'better-sqlite3', connection: { filename: ':memory:' } });\nrequire('express')().listen(3000);\n", 'knexfile.js': "module.exports = { client: 'better-sqlite3', connection: { filename: ':memory:' } };\n" }],
  ])('%s: no migrate service', async (_, files) => {
    const { plan, services } = await compose(files);
    expect(plan.migrate ?? null).toBeNull();
    expect(services.migrate).toBeUndefined();
    expect(plan.notes.join('\n')).toMatch(/no migrate service for (flask-migrate|knex): no database service and no SQLite file/);
  });
});
