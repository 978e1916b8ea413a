import { describe, expect, test } from 'vitest';
import { detectNodeMigrations, type NodeMigrationContext } from '../../../detectors/node/migrations.js';
import { memProject, type Files } from '../../helpers/memfs.js';

// The Node migration tools: in the runtime image when the CLI is a production dependency, else (or for a push, which
// reads the schema sources) from the Dockerfile's migrate stage; push only when there is no migrations folder.
const ctx = (prod: string[], dev: string[] = [], hasDatabase = true): NodeMigrationContext => ({
  prodDeps: new Set(prod), allDeps: new Set([...prod, ...dev]), runtimeBin: '/nodejs/bin/node', hasDatabase, prisma: null,
});
// A runtime holding only the build output (Next.js .next, tsc's dist): no knexfile, drizzle config or migrations.
const built = (prod: string[], dev: string[] = []): NodeMigrationContext => ({ ...ctx(prod, dev), copyContext: false });
const RUNTIME = '/nodejs/bin/node';
const STAGE = '/usr/local/bin/node';
const JOURNAL = { 'drizzle/0000_init.sql': '', 'drizzle/meta/_journal.json': '{}' };

describe('Node migration tools', () => {
  test.each<[string, Files, NodeMigrationContext, { command: string[]; stage?: boolean; push?: boolean } | null]>([
    ['Prisma CLI in dependencies', { 'prisma/migrations/0_init/migration.sql': '' }, ctx(['@prisma/client', 'prisma']), { command: [RUNTIME, 'node_modules/prisma/build/index.js', 'migrate', 'deploy'] }],
    ['Prisma CLI only a devDependency: the migrate stage', { 'prisma/migrations/0_init/migration.sql': '' }, ctx(['@prisma/client'], ['prisma']), { command: [STAGE, 'node_modules/prisma/build/index.js', 'migrate', 'deploy'], stage: true }],
    ['no Prisma CLI at all', { 'prisma/migrations/0_init/migration.sql': '' }, ctx(['@prisma/client']), null],
    ['knex', { 'knexfile.js': '' }, ctx(['knex', 'pg']), { command: [RUNTIME, 'node_modules/knex/bin/cli.js', '--knexfile', 'knexfile.js', 'migrate:latest'] }],
    ['knex a devDependency', { 'knexfile.cjs': '' }, ctx(['pg'], ['knex']), { command: [STAGE, 'node_modules/knex/bin/cli.js', '--knexfile', 'knexfile.cjs', 'migrate:latest'], stage: true }],
    ['drizzle-kit in dependencies with migrations', { 'drizzle.config.ts': '', ...JOURNAL }, ctx(['drizzle-orm', 'drizzle-kit', 'pg']), { command: [RUNTIME, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.ts'] }],
    ['drizzle-kit a devDependency, migrations in another folder (the config out)', { 'drizzle.config.ts': '', 'db/migrations/meta/_journal.json': '{}' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.ts'], stage: true }],
    ['drizzle-kit without migrations: push from the stage', { 'drizzle.config.ts': '', 'src/schema.ts': '' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'push', '--config', 'drizzle.config.ts'], stage: true, push: true }],
    ['drizzle-kit in dependencies without migrations: push still from the stage (it reads the schema sources)', { 'drizzle.config.mjs': '' }, ctx(['drizzle-orm', 'drizzle-kit', 'pg']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'push', '--config', 'drizzle.config.mjs'], stage: true, push: true }],
    ['drizzle out read from the config: a folder the file walk skips (out)', { 'drizzle.config.ts': "export default defineConfig({ dialect: 'postgresql', out: './out' });", 'out/meta/_journal.json': '{}' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.ts'], stage: true }],
    ['drizzle out under a build output (dist/migrations), module.exports form', { 'drizzle.config.js': "module.exports = { out: 'dist/migrations', dialect: 'postgresql' };", 'dist/migrations/meta/_journal.json': '{}' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.js'], stage: true }],
    ['drizzle out computed: the first journal the walk finds', { 'drizzle.config.ts': 'export default defineConfig({ out: process.env.OUT_DIR });', 'db/migrations/meta/_journal.json': '{}' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.ts'], stage: true }],
    ['drizzle-kit in dependencies, runtime holds only the build output: the migrate stage (it has the config and migrations)', { 'drizzle.config.ts': '', ...JOURNAL }, built(['drizzle-orm', 'drizzle-kit', 'pg']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.ts'], stage: true }],
    ['knex in dependencies, runtime holds only the build output: the migrate stage', { 'knexfile.js': '' }, built(['knex', 'pg']), { command: [STAGE, 'node_modules/knex/bin/cli.js', '--knexfile', 'knexfile.js', 'migrate:latest'], stage: true }],
    // Negative rows.
    ['drizzle-kit in dependencies, runtime holds the project (copyContext): the app image', { 'drizzle.config.ts': '', ...JOURNAL }, { ...ctx(['drizzle-orm', 'drizzle-kit', 'pg']), copyContext: true }, { command: [RUNTIME, 'node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.config.ts'] }],
    ['drizzle out set, its folder has no journal (one elsewhere is not what migrate reads): push', { 'drizzle.config.ts': "export default defineConfig({ out: './migrations' });", ...JOURNAL }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'push', '--config', 'drizzle.config.ts'], stage: true, push: true }],
    ['drizzle out outside the project: not in the build context, push', { 'drizzle.config.ts': "export default defineConfig({ out: '../shared/migrations' });", ...JOURNAL }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'push', '--config', 'drizzle.config.ts'], stage: true, push: true }],
    ['a journal only inside node_modules is no migrations folder', { 'drizzle.config.ts': '', 'node_modules/x/meta/_journal.json': '{}' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), { command: [STAGE, 'node_modules/drizzle-kit/bin.cjs', 'push', '--config', 'drizzle.config.ts'], stage: true, push: true }],
    ['drizzle-orm without drizzle-kit', { 'drizzle.config.ts': '', ...JOURNAL }, ctx(['drizzle-orm', 'pg']), null],
    ['drizzle-kit without a config', JOURNAL, ctx(['drizzle-orm', 'pg'], ['drizzle-kit']), null],
    ['drizzle-kit without a database service', { 'drizzle.config.js': '' }, ctx(['drizzle-orm', 'pg'], ['drizzle-kit'], false), null],
    ['knexfile without knex', { 'knexfile.js': '' }, ctx(['pg']), null],
    ['nothing', {}, ctx(['pg'], ['typescript']), null],
  ])('%s', async (_, files, context, want) => {
    const m = await detectNodeMigrations(memProject(files), context);
    expect(m === null ? null : { command: m.command, ...(m.stage ? { stage: m.stage } : {}), ...(m.push ? { push: m.push } : {}) }).toEqual(want);
  });

  test.each([
    ["export default defineConfig({ out: './out' })", 'out'],
    ["export default defineConfig({ out: './.drizzle/pg' })", '.drizzle/pg'],
  ])('the migrations folder is the config out (%s)', async (config, folder) => {
    const m = await detectNodeMigrations(memProject({ 'drizzle.config.ts': config, [`${folder}/meta/_journal.json`]: '{}' }), ctx(['drizzle-orm', 'pg'], ['drizzle-kit']));
    expect(m?.folder).toBe(folder);
    expect(m?.reason).toContain(`migrations in ${folder}`);
  });

  test('a runtime without the sources: the summary and the stage say why the migrate stage runs it', async () => {
    const m = await detectNodeMigrations(memProject({ 'drizzle.config.ts': "export default { out: './lib/db/migrations' };", 'lib/db/migrations/meta/_journal.json': '{}' }), built(['drizzle-orm', 'drizzle-kit', 'postgres']));
    expect(m?.reason).toContain('run from the migrate stage: the app\'s image holds the build output');
    expect(m?.stageHolds).toBe('the sources with drizzle.config.ts and lib/db/migrations');
    const inImage = await detectNodeMigrations(memProject({ 'drizzle.config.ts': '', ...JOURNAL }), ctx(['drizzle-orm', 'drizzle-kit', 'pg']));
    expect(inImage?.stageHolds).toBeUndefined();
  });

  test('a push says in the summary that it keeps no migration history', async () => {
    const m = await detectNodeMigrations(memProject({ 'drizzle.config.ts': '' }), ctx(['drizzle-orm', 'pg'], ['drizzle-kit']));
    expect(m?.reason).toMatch(/push applies the schema .* no migration history/);
  });
});
