import { describe, expect, test } from 'vitest';
import { detectNodeMigrations, type NodeMigrationContext } from '../../../detectors/node/migrations.js';
import { memProject, type Files } from '../../helpers/memfs.js';

// TypeORM (a data source with migrations and a migrations folder -> migration:run on the data source as it runs)
// and Sequelize (sequelize-cli with its config and migrations folder -> db:migrate).
const ctx = (prod: string[], dev: string[] = [], notes: string[] = []): NodeMigrationContext => ({
  prodDeps: new Set(prod), allDeps: new Set([...prod, ...dev]), runtimeBin: '/nodejs/bin/node', hasDatabase: true, prisma: null, notes,
});
const RUNTIME = '/nodejs/bin/node';
const STAGE = '/usr/local/bin/node';
const TYPEORM = 'node_modules/typeorm/cli.js';
const SEQUELIZE = 'node_modules/sequelize-cli/lib/sequelize';
const TSCONFIG = { 'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }' };
const DS_TS = `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, migrations: [__dirname + '/migrations/*.js'] });`;
const DS_JS = "const { DataSource } = require('typeorm');\nmodule.exports = new DataSource({ type: 'postgres', migrations: ['migrations/*.js'] });";
const MIGRATION_TS = { 'src/migrations/1700000000000-Init.ts': 'export class Init1700000000000 {}' };
const PKG = (typeorm: string, build?: string) => ({ 'package.json': JSON.stringify({ dependencies: { typeorm }, scripts: build ? { build } : {} }) });
const LEGACY_JSON = JSON.stringify({ type: 'postgres', host: 'postgres', migrations: ['dist/migration/*.js'], cli: { migrationsDir: 'src/migration' } });
const NO_OUTDIR = { 'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }', 'src/data-source.ts': DS_TS, ...MIGRATION_TS };
const SEQ_CONFIG = { 'config/config.json': '{ "production": { "use_env_variable": "DATABASE_URL" } }', 'migrations/20240101-create-notes.js': '' };

describe('TypeORM and Sequelize migrations', () => {
  test.each<[string, Files, NodeMigrationContext, { command: string[]; stage?: boolean } | null]>([
    ['TypeScript data source compiled by tsc to dist', { ...TSCONFIG, 'src/data-source.ts': DS_TS, ...MIGRATION_TS }, ctx(['typeorm', 'pg'], ['typescript']), { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'dist/data-source.js'] }],
    ['options in a const, satisfies DataSourceOptions, in a nested folder', { ...TSCONFIG, 'src/db/datasource.ts': `import { DataSource, DataSourceOptions } from 'typeorm';\nconst options = { type: 'postgres', migrations: [Init] } satisfies DataSourceOptions;\nexport default new DataSource(options);`, 'src/db/migrations/1-init.ts': '' }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'dist/db/datasource.js'] }],
    ['a compiled copy in dist is not read: the source is', { ...TSCONFIG, 'src/data-source.ts': DS_TS, ...MIGRATION_TS, 'dist/data-source.js': DS_JS }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'dist/data-source.js'] }],
    ['Nest style src/config/typeorm.ts: options in a const, cast, beside registerAs', { ...TSCONFIG, 'src/config/typeorm.ts': "const config = { type: 'postgres', migrations: ['dist/migrations/*{.ts,.js}'] };\nexport default registerAs('typeorm', () => config);\nexport const connectionSource = new DataSource(config as DataSourceOptions);", 'src/migrations/1-init.ts': '' }, ctx(['typeorm', '@nestjs/typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'dist/config/typeorm.js'] }],
    ['plain JavaScript ormconfig.js runs where it is', { 'ormconfig.js': DS_JS, 'migrations/1-init.js': '' }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'ormconfig.js'] }],
    ['typeorm only a dev dependency: the migrate stage', { 'data-source.js': DS_JS, 'migrations/1-init.js': '' }, ctx(['pg'], ['typeorm']), { command: [STAGE, TYPEORM, 'migration:run', '-d', 'data-source.js'], stage: true }],
    ['sequelize-cli a dev dependency: the migrate stage', SEQ_CONFIG, ctx(['sequelize', 'pg'], ['sequelize-cli']), { command: [STAGE, SEQUELIZE, 'db:migrate'], stage: true }],
    ['sequelize-cli a dependency, .sequelizerc paths', { '.sequelizerc': "const path = require('path');\nmodule.exports = { config: path.resolve('db', 'config.js'), 'migrations-path': path.resolve(__dirname, 'db', 'migrations') };", 'db/config.js': '', 'db/migrations/1-init.js': '' }, ctx(['sequelize', 'sequelize-cli', 'pg']), { command: [RUNTIME, SEQUELIZE, 'db:migrate'] }],
    ['sequelize-cli a dependency, runtime holds only the build output: the migrate stage', SEQ_CONFIG, { ...ctx(['sequelize', 'sequelize-cli', 'pg']), copyContext: false }, { command: [STAGE, SEQUELIZE, 'db:migrate'], stage: true }],
    ['TypeORM 0.2 ormconfig.json: migration:run reads it, no -d', { ...PKG('^0.2.45'), 'ormconfig.json': LEGACY_JSON, 'src/migration/1-init.ts': '' }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run'] }],
    ['TypeORM 0.2 ormconfig.js exporting options (url from the environment)', { ...PKG('0.2.x'), 'ormconfig.js': "module.exports = { type: 'postgres', url: process.env.DATABASE_URL, migrations: ['migration/*.js'] };", 'migration/1-init.js': '' }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run'] }],
    ['TypeORM 0.2 ormconfig.yml default connection', { ...PKG('~0.2.30'), 'ormconfig.yml': 'default:\n  type: postgres\n  migrations: ["dist/migrations/*{.ts,.js}"]\n', 'src/migrations/1-init.ts': '' }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run'] }],
    ['TypeScript data source without outDir, built by tsc: the .js beside it', { ...PKG('1.1.1', 'tsc'), ...NO_OUTDIR }, ctx(['typeorm', 'pg']), { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'src/data-source.js'] }],
    // Negative rows.
    ['TypeORM runs its data source as compiled into the build output, which the runtime holds (copyContext false)', { ...TSCONFIG, 'src/data-source.ts': DS_TS, ...MIGRATION_TS }, { ...ctx(['typeorm', 'pg']), copyContext: false }, { command: [RUNTIME, TYPEORM, 'migration:run', '-d', 'dist/data-source.js'] }],
    ['TypeScript data source without outDir and no tsc build: runs in place, no service', { ...PKG('1.1.1'), ...NO_OUTDIR }, ctx(['typeorm', 'pg']), null],
    ['TypeORM 0.2 ormconfig.json naming TypeScript migrations only', { ...PKG('^0.2.45'), 'ormconfig.json': JSON.stringify({ migrations: ['src/migration/**/*.ts'] }), 'src/migration/1-init.ts': '' }, ctx(['typeorm', 'pg']), null],
    ['TypeORM 0.2 ormconfig.json without a migrations folder', { ...PKG('^0.2.45'), 'ormconfig.json': LEGACY_JSON }, ctx(['typeorm', 'pg']), null],
    ['TypeORM 0.3 ignores ormconfig.json', { ...PKG('^0.3.20'), 'ormconfig.json': LEGACY_JSON, 'src/migration/1-init.ts': '' }, ctx(['typeorm', 'pg']), null],
    ['data source without migrations', { 'data-source.js': "module.exports = new DataSource({ type: 'postgres', migrations: [] });", 'migrations/1-init.js': '' }, ctx(['typeorm', 'pg']), null],
    ['data source with migrations but no migrations folder', { 'data-source.js': DS_JS }, ctx(['typeorm', 'pg']), null],
    ['a file named data-source without new DataSource', { 'data-source.js': "module.exports = { type: 'postgres', migrations: ['m/*.js'] };", 'migrations/1-init.js': '' }, ctx(['typeorm', 'pg']), null],
    ['a DataSource file without typeorm', { 'data-source.js': DS_JS, 'migrations/1-init.js': '' }, ctx(['pg']), null],
    ['migrationsRun: true migrates at start', { 'data-source.js': "module.exports = new DataSource({ migrations: ['migrations/*.js'], migrationsRun: true });", 'migrations/1-init.js': '' }, ctx(['typeorm', 'pg']), null],
    ['outDir without rootDir or include: compiled path unknown', { 'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }', 'src/data-source.ts': DS_TS, ...MIGRATION_TS }, ctx(['typeorm', 'pg']), null],
    ['sequelize-cli without a migrations folder', { 'config/config.json': '{}' }, ctx(['sequelize', 'pg'], ['sequelize-cli']), null],
    ['sequelize-cli without its config', { 'migrations/1-init.js': '' }, ctx(['sequelize', 'pg'], ['sequelize-cli']), null],
    ['sequelize with migrations but no sequelize-cli', SEQ_CONFIG, ctx(['sequelize', 'pg']), null],
    ['.sequelizerc pointing outside the project', { ...SEQ_CONFIG, '.sequelizerc': "module.exports = { 'migrations-path': '../shared/migrations' };" }, ctx(['sequelize', 'pg'], ['sequelize-cli']), null],
  ])('%s', async (_, files, context, want) => {
    const m = await detectNodeMigrations(memProject(files), context);
    expect(m === null ? null : { command: m.command, ...(m.stage ? { stage: m.stage } : {}) }).toEqual(want);
  });

  test('migrationsRun: true is a summary line, not a service', async () => {
    const notes: string[] = [];
    await detectNodeMigrations(memProject({ 'src/data-source.js': "export default new DataSource({ migrations: ['x'], migrationsRun: true })", 'src/migrations/1.js': '' }), ctx(['typeorm', 'pg'], [], notes));
    expect(notes).toEqual(['TypeORM migrations: src/data-source.js sets migrationsRun: true, so the app applies them when it starts: no migrate service']);
  });

  test('legacy config: the file goes into the runtime; TypeScript-only migrations and in-place TypeScript are said in the summary', async () => {
    const literal: string[] = [];
    const m = await detectNodeMigrations(memProject({ ...PKG('^0.2.45'), 'ormconfig.json': LEGACY_JSON, 'src/migration/1-init.ts': '' }), ctx(['typeorm', 'pg'], [], literal));
    expect(m?.runtimeFiles).toEqual(['ormconfig.json']);
    expect(literal).toEqual([expect.stringMatching(/^warning: ormconfig\.json names its database literally \(postgres\)/)]);
    const fromEnv: string[] = [];
    await detectNodeMigrations(memProject({ ...PKG('0.2.x'), 'ormconfig.js': "module.exports = { url: process.env.DATABASE_URL, migrations: ['migration/*.js'] };", 'migration/1.js': '' }), ctx(['typeorm', 'pg'], [], fromEnv));
    expect(fromEnv).toEqual([]);
    const notes: string[] = [];
    await detectNodeMigrations(memProject({ ...PKG('^0.2.45'), 'ormconfig.json': JSON.stringify({ migrations: ['src/migration/*.ts'] }), 'src/migration/1-init.ts': '' }), ctx(['typeorm', 'pg'], [], notes));
    await detectNodeMigrations(memProject({ ...PKG('1.1.1'), ...NO_OUTDIR }), ctx(['typeorm', 'pg'], [], notes));
    expect(notes).toEqual([
      'TypeORM migrations: ormconfig.json names TypeScript migrations only (src/migration/*.ts), which the image\'s node cannot load: no migrate service; point migrations at the compiled files (e.g. dist/migration/*.js)',
      'TypeORM migrations in src/data-source.ts: no migrate service, as the data source is TypeScript run in place (no tsc build writes it as JavaScript); add a tsc build (outDir) or run typeorm-ts-node-commonjs migration:run -d src/data-source.ts before each release',
    ]);
  });

  test('an unknown compiled path is said in the summary', async () => {
    const notes: string[] = [];
    await detectNodeMigrations(memProject({ 'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }', 'src/data-source.ts': DS_TS, ...MIGRATION_TS }), ctx(['typeorm', 'pg'], [], notes));
    expect(notes[0]).toMatch(/^TypeORM migrations in src\/data-source\.ts: no migrate service, as where it is compiled to is unknown/);
  });
});
