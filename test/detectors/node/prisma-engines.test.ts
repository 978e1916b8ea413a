import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';

// Which Prisma engines the image needs, and where they come from: generate with no engine at all (Prisma 7, engineType
// "client"), the native schema engine for migrate deploy fetched in an install stage, the wasm one (engine: 'js').
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const out = (p: Plan, name: string) => render(p).find((f) => f.path === name)!.text;
const stage = (text: string, name: string) => text.split(/^FROM /m).find((s) => new RegExp(` AS ${name}\\n`).test(s)) ?? '';
interface Details { generate: string[] | null; engineFetch: { stage: string; command: string[] } | null; runtimeFiles: string[]; migrations: string | null; schemaEngine: string; major: number | null }
const prismaOf = (p: Plan) => p.details.prisma as Details;

const SKIP = 'PRISMA_SCHEMA_ENGINE_BINARY=/bin/false';
const v7 = { '@prisma/client': '7.10.0', '@prisma/adapter-pg': '7.10.0', pg: '^8.16.0' };
const v6 = { '@prisma/client': '6.19.3', '@prisma/adapter-pg': '6.19.3', pg: '^8.16.0' };
const pkg = (deps: object, dev: object = {}) => ({ name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: deps, devDependencies: dev });
const ds = (provider = 'postgresql') => `datasource db {\n  provider = "${provider}"\n}\n`;
const gen = (body: string) => `generator client {\n  ${body}\n}\n`;
const CLIENT7 = gen('provider = "prisma-client"\n  output = "../generated/prisma"\n  moduleFormat = "cjs"');
const MIGRATION = { 'prisma/migrations/20260101000000_init/migration.sql': 'CREATE TABLE "Note" ("id" SERIAL PRIMARY KEY);\n', 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n' };
const JS_ENGINE = "import { defineConfig } from 'prisma/config';\nimport { PrismaPg } from '@prisma/adapter-pg';\nexport default defineConfig({ experimental: { adapter: true }, engine: 'js', adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }) });\n";

describe('prisma generate reaches no download host when no native engine is needed', () => {
  test.each<[string, Files, boolean]>([
    ['Prisma 7 prisma-client', { 'package.json': pkg(v7, { prisma: '7.10.0' }), 'prisma/schema.prisma': CLIENT7 + ds() }, true],
    ['Prisma 6 engineType client', { 'package.json': pkg(v6, { prisma: '6.19.3' }), 'prisma/schema.prisma': gen('provider = "prisma-client-js"\n  engineType = "client"') + ds() }, true],
    // Negative rows: the native query engine must be downloaded; engine 'js' makes the CLI fetch nothing anyway.
    ['Prisma 6 native query engine', { 'package.json': pkg(v6, { prisma: '6.19.3' }), 'prisma/schema.prisma': gen('provider = "prisma-client-js"') + ds() }, false],
    ["Prisma 6 engine: 'js' in the config", { 'package.json': pkg(v6, { prisma: '6.19.3' }), 'prisma.config.ts': JS_ENGINE, 'prisma/schema.prisma': gen('provider = "prisma-client-js"\n  engineType = "client"') + ds() }, false],
  ])('%s', async (_, files, skips) => {
    const p = await plan({ ...files, 'server.js': '' });
    expect(prismaOf(p).generate?.includes(SKIP)).toBe(skips);
    expect(p.notes.some((n) => n.includes('reaches no download host'))).toBe(skips);
  });
});

describe('prisma migrate deploy in the image', () => {
  test('native schema engine: fetched in the deps stage, schema, migrations and config shipped, OpenSSL on slim', async () => {
    // A build script: the runtime gets the build's output, not the whole context, so the migration files are named.
    const built = { ...pkg({ ...v7, prisma: '7.10.0' }, { typescript: '^5.9.0' }), scripts: { build: 'tsc', start: 'node dist/server.js' } };
    const p = await plan({ 'package.json': built, 'tsconfig.json': '{}', 'src/server.ts': '', 'prisma.config.ts': "export default { schema: 'prisma/schema.prisma' };\n", 'prisma/schema.prisma': CLIENT7 + ds(), ...MIGRATION }, { base: 'slim' });
    expect(p.migrate?.command.slice(1)).toEqual(['node_modules/prisma/build/index.js', 'migrate', 'deploy']);
    expect(prismaOf(p)).toMatchObject({ engineFetch: { stage: 'deps' }, runtimeFiles: ['prisma/schema.prisma', 'prisma/migrations', 'prisma.config.ts'], schemaEngine: 'native' });
    const text = out(p, 'Dockerfile');
    expect(stage(text, 'deps')).toContain('RUN ["node_modules/.bin/prisma", "version"]');
    expect(stage(text, 'build')).not.toContain('"version"');
    const runtime = stage(text, 'runtime');
    expect(runtime).toContain('COPY --from=build ["/app/prisma/migrations", "./prisma/migrations"]');
    expect(runtime).toContain('COPY --from=build ["/app/prisma.config.ts", "./prisma.config.ts"]');
    expect(runtime).toMatch(/install -y --no-install-recommends openssl/);
    expect(out(p, 'docker-compose.yml')).toMatch(/^ {2}migrate:$/m);
    expect(p.notes.join('\n')).toMatch(/native schema engine: the deps stage fetches it/);
  });

  test("engine: 'js': the wasm schema engine, nothing fetched, no OpenSSL; PostgreSQL is warned about", async () => {
    const files = { 'package.json': pkg({ ...v6, prisma: '6.19.3' }), 'server.js': '', 'prisma.config.ts': JS_ENGINE, 'prisma/schema.prisma': gen('provider = "prisma-client-js"\n  engineType = "client"') + ds(), ...MIGRATION };
    const p = await plan(files, { base: 'slim' });
    expect(prismaOf(p)).toMatchObject({ schemaEngine: 'wasm', engineFetch: null });
    expect(out(p, 'Dockerfile')).not.toMatch(/openssl|"version"/);
    expect((p.warnings ?? []).join('\n')).toMatch(/engine: 'js'.*fails to apply migrations to PostgreSQL/);
    const mysql = await plan({ ...files, 'prisma/schema.prisma': gen('provider = "prisma-client-js"\n  engineType = "client"') + ds('mysql'), 'package.json': pkg({ ...v6, prisma: '6.19.3', mysql2: '^3.0.0' }) });
    expect(mysql.migrate?.tool).toBe('prisma');
    expect((mysql.warnings ?? []).join('\n')).not.toMatch(/engine: 'js'/);
  });

  test.each<[string, Files, string | null]>([
    ['config migrations.path', { 'prisma.config.ts': "export default { schema: 'db/schema.prisma', migrations: { path: 'db/changes' } };\n", 'db/schema.prisma': CLIENT7 + ds(), 'db/changes/1_init/migration.sql': 'SELECT 1;\n' }, 'db/changes'],
    ['beside a schema at a custom path', { 'prisma.config.ts': "export default { schema: 'db/schema.prisma' };\n", 'db/schema.prisma': CLIENT7 + ds(), 'db/migrations/1_init/migration.sql': 'SELECT 1;\n' }, 'db/migrations'],
    // Negative row: no migrations folder, so no migrate deploy (db push instead, below).
    ['no migrations', { 'prisma/schema.prisma': CLIENT7 + ds() }, null],
  ])('migrations folder: %s', async (_, files, dir) => {
    const p = await plan({ 'package.json': pkg({ ...v7, prisma: '7.10.0' }), 'server.js': '', ...files });
    expect(prismaOf(p).migrations).toBe(dir);
    expect(p.migrate?.command.slice(2) ?? null).toEqual(dir ? ['migrate', 'deploy'] : ['db', 'push']);
    expect(prismaOf(p).engineFetch?.stage).toBe(dir ? 'deps' : 'migrate');
  });

  test('the CLI only in devDependencies: migrate deploy from the migrate stage, which fetches the engine; the runtime stays lean', async () => {
    const p = await plan({ 'package.json': pkg(v7, { prisma: '7.10.0' }), 'server.js': '', 'prisma/schema.prisma': CLIENT7 + ds(), ...MIGRATION }, { base: 'slim' });
    expect(p.migrate).toMatchObject({ tool: 'prisma', stage: true, command: ['/usr/local/bin/node', 'node_modules/prisma/build/index.js', 'migrate', 'deploy'] });
    expect(p.migrate?.push).toBeUndefined();
    expect(p.warnings ?? []).not.toContainEqual(expect.stringMatching(/prisma CLI/));
    expect(prismaOf(p)).toMatchObject({ engineFetch: { stage: 'migrate' }, runtimeFiles: [] });
    const text = out(p, 'Dockerfile');
    const migrate = stage(text, 'migrate');
    expect(migrate).toContain('RUN ["node_modules/.bin/prisma", "version"]');
    expect(migrate).toMatch(/install -y --no-install-recommends openssl/);
    expect(migrate).toMatch(/^USER 1000:1000$/m);
    expect(stage(text, 'runtime')).not.toMatch(/openssl|prisma\/migrations/);
    expect(stage(text, 'deps')).not.toContain('"version"');
    expect(out(p, 'docker-compose.yml')).toMatch(/^ {2}migrate:\n {4}build:\n(?: {6}.*\n)* {6}target: migrate$/m);
    // No CLI at all: nothing can migrate, one warning line naming the fix.
    const none = await plan({ 'package.json': pkg(v7), 'server.js': '', 'prisma/schema.prisma': CLIENT7 + ds(), ...MIGRATION });
    expect(none.migrate).toBeNull();
    expect(none.warnings).toContainEqual(expect.stringMatching(/^prisma: prisma\/migrations holds migrations, but the prisma CLI is not a dependency.*add prisma to devDependencies/));
    // Negative: without a database service there is nothing to migrate or warn about.
    const sqlite = await plan({ 'package.json': pkg({ '@prisma/client': '7.10.0' }, { prisma: '7.10.0' }), 'server.js': '', 'prisma/schema.prisma': CLIENT7 + ds('sqlite'), ...MIGRATION });
    expect(sqlite.migrate).toBeNull();
    expect((sqlite.warnings ?? []).join('\n')).not.toMatch(/prisma CLI/);
  });

  test.each<[string, string, string[]]>([
    ['Prisma 7: db push no longer runs generate', '7.10.0', ['db', 'push']],
    ['Prisma 6: db push would run generate into the read-only node_modules', '6.19.3', ['db', 'push', '--skip-generate']],
  ])('no migrations folder, %s', async (_, version, args) => {
    const client = version.startsWith('7') ? CLIENT7 : gen('provider = "prisma-client-js"\n  engineType = "client"');
    const p = await plan({ 'package.json': pkg({ '@prisma/client': version, pg: '^8.16.0' }, { prisma: version }), 'server.js': '', 'prisma/schema.prisma': client + ds() });
    expect(p.migrate).toMatchObject({ tool: 'prisma', stage: true, push: true });
    expect(p.migrate?.command.slice(2)).toEqual(args);
    expect(out(p, 'Dockerfile')).toMatch(/^# prisma schema push: run before each new version from the migrate stage/m);
  });
});
