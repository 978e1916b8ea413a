import { describe, expect, test } from 'vitest';
import { readSequelizeConfig } from '../../../detectors/shared/env/sequelize-roles.js';
import { collectAppVariables } from '../../../detectors/shared/env/index.js';
import { detectNodeMigrations } from '../../../detectors/node/migrations.js';
import { memProject, type Files } from '../../helpers/memfs.js';

const RC = ".sequelizerc";
const rcAt = (config: string) => ({ [RC]: `const path = require('path');\nmodule.exports = { config: path.resolve('${config}'), 'migrations-path': path.resolve('db', 'migrations') };` });

describe('sequelize-cli config: the variables its production entry reads', () => {
  test.each<[string, Files, { exists: boolean; hasProduction: boolean; roles: [string, string][] } | undefined]>([
    ['default config/config.json with use_env_variable', { 'config/config.json': '{ "production": { "use_env_variable": "PG_CONN", "dialect": "postgres" } }' }, { exists: true, hasProduction: true, roles: [['PG_CONN', 'url']] }],
    ['.sequelizerc to a JS config exported through a const', { ...rcAt('db/config.js'), 'db/config.js': "const c = { development: { host: 'localhost' }, production: { use_env_variable: 'NOTES_URL' } };\nmodule.exports = c;" }, { exists: true, hasProduction: true, roles: [['NOTES_URL', 'url']] }],
    ['JS config with process.env fields, defaults after ||', { ...rcAt('db/config.js'), 'db/config.js': "module.exports = { production: { username: process.env.SQL_WHO, password: process.env['SQL_KEY'], database: process.env.SQL_SHELF || 'app', host: process.env.SQL_BOX, dialect: 'postgres' } };" }, { exists: true, hasProduction: true, roles: [['SQL_WHO', 'user'], ['SQL_KEY', 'password'], ['SQL_SHELF', 'db'], ['SQL_BOX', 'host']] }],
    // Negative rows: a config that is missing, one without a production entry, literal fields, no config at all.
    ['.sequelizerc naming a config that does not exist', rcAt('db/config.js'), { exists: false, hasProduction: false, roles: [] }],
    ['no production entry', { 'config/config.json': '{ "development": { "use_env_variable": "DEV_URL" } }' }, { exists: true, hasProduction: false, roles: [] }],
    ['literal production fields read no variable', { 'config/config.json': '{ "production": { "host": "db", "username": "app" } }' }, { exists: true, hasProduction: true, roles: [] }],
    ['no .sequelizerc and no default config', {}, undefined],
  ])('%s', async (_, files, want) => {
    const facts = await readSequelizeConfig(memProject(files));
    expect(facts && { exists: facts.exists, hasProduction: facts.hasProduction, roles: facts.roles.map((r) => [r.name, r.role]) }).toEqual(want);
  });

  test('the URL variable is collected as the app\'s, with its role, though no source reads it by name', async () => {
    const vars = await collectAppVariables(memProject({ 'package.json': '{}', 'config/config.json': '{ "production": { "use_env_variable": "PG_CONN" } }', 'src/db.js': 'new Sequelize(process.env[config.use_env_variable])' }), 'node');
    expect(vars.find((v) => v.name === 'PG_CONN')).toMatchObject({ role: 'url', required: true });
    expect((await collectAppVariables(memProject({ 'package.json': '{}', 'config/config.json': '{ "production": { "use_env_variable": "PG_CONN" } }' }), 'python')).map((v) => v.name)).not.toContain('PG_CONN');
  });

  test('a missing config and a config without production are said in the summary', async () => {
    const ctx = (notes: string[]) => ({ prodDeps: new Set(['sequelize', 'pg']), allDeps: new Set(['sequelize', 'pg', 'sequelize-cli']), runtimeBin: '/nodejs/bin/node', hasDatabase: true, prisma: null, notes });
    const missing: string[] = [];
    expect(await detectNodeMigrations(memProject({ ...rcAt('db/config.js'), 'db/migrations/1-init.js': '' }), ctx(missing))).toBeNull();
    expect(missing).toEqual(['Sequelize migrations in db/migrations: .sequelizerc names the config db/config.js, which does not exist: no migrate service; add it (with a production entry) and re-run']);
    const noProd: string[] = [];
    expect(await detectNodeMigrations(memProject({ 'config/config.json': '{ "development": {} }', 'migrations/1-init.js': '' }), ctx(noProd))).not.toBeNull();
    expect(noProd).toEqual([expect.stringMatching(/^warning: config\/config\.json has no production entry/)]);
  });
});
