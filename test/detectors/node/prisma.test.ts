import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';

const pkg = (extra: object = {}) => ({ name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, ...extra });
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const dockerfile = (p: Plan) => render(p).find((f) => f.path === 'Dockerfile')!.text;
const stage = (text: string, name: string) => text.split(/^FROM /m).find((s) => new RegExp(` AS ${name}\\n`).test(s)) ?? '';
interface PrismaDetails { buildEnv: unknown[]; schema: string; schemaFrom: string; provider: string | null; outputs: string[]; sourceOutputs: string[]; nativeEngine: boolean; generate: string[] | null }
const prismaOf = (p: Plan) => p.details.prisma as PrismaDetails | null;

const deps6 = { dependencies: { '@prisma/client': '^6.2.0' }, devDependencies: { prisma: '^6.2.0' } };
const deps7 = { dependencies: { '@prisma/client': '7.10.0' }, devDependencies: { prisma: '7.10.0' } };
const ds = (provider: string) => `datasource db {\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n}\n`;
const gen = (body = 'provider = "prisma-client-js"') => `generator client {\n  ${body}\n}\n`;
const model = 'model User {\n  id Int @id\n}\n';
/** Prisma 7's generate needs no engine: the CLI's schema-engine fetch is skipped (see prisma-engines.test.ts). */
const SKIP_FETCH = 'PRISMA_SCHEMA_ENGINE_BINARY=/bin/false';

describe('prisma schema location and datasource', () => {
  test.each<[string, Files, string | null, string | null, string[]]>([
    ['default prisma/schema.prisma', { 'package.json': pkg(deps6), 'prisma/schema.prisma': gen() + ds('postgresql') + model }, 'prisma/schema.prisma', 'postgresql', ['postgres']],
    ['package.json prisma.schema', { 'package.json': pkg({ ...deps6, prisma: { schema: 'database/main.prisma' } }), 'database/main.prisma': gen() + ds('mysql') }, 'database/main.prisma', 'mysql', ['mysql']],
    ['prisma.config.ts literal schema', { 'package.json': pkg(deps7), 'prisma.config.ts': "import { defineConfig } from 'prisma/config';\nexport default defineConfig({ schema: 'db/schema.prisma' });\n", 'db/schema.prisma': gen('provider = "prisma-client"\n  output = "../src/generated"') + 'datasource db {\n  provider = "postgresql"\n}\n' }, 'db/schema.prisma', 'postgresql', ['postgres']],
    ['.config/prisma.ts: relative to the config folder', { 'package.json': pkg(deps7), '.config/prisma.ts': 'export default { schema: "../db/app.prisma" }', 'db/app.prisma': gen() + ds('postgresql') }, 'db/app.prisma', 'postgresql', ['postgres']],
    ['multi-file schema folder', { 'package.json': pkg({ ...deps6, prisma: { schema: 'prisma/schema' } }), 'prisma/schema/base.prisma': gen() + ds('postgresql'), 'prisma/schema/user.prisma': model }, 'prisma/schema', 'postgresql', ['postgres']],
    ['computed config path falls back to the default', { 'package.json': pkg(deps7), 'prisma.config.ts': 'export default { schema: path.join(dir, "x.prisma") }', 'prisma/schema.prisma': gen() + ds('mysql') }, 'prisma/schema.prisma', 'mysql', ['mysql']],
    ['sqlite: no service', { 'package.json': pkg(deps6), 'prisma/schema.prisma': gen() + ds('sqlite') }, 'prisma/schema.prisma', 'sqlite', []],
    // Negative rows.
    ['a schema without Prisma in the dependencies', { 'package.json': pkg(), 'prisma/schema.prisma': gen() + ds('postgresql') }, null, null, []],
    ['Prisma without a schema', { 'package.json': pkg(deps6) }, null, null, []],
  ])('%s', async (_, files, schema, provider, services) => {
    const p = await plan(files);
    expect(prismaOf(p)?.schema ?? null).toBe(schema);
    expect(prismaOf(p)?.provider ?? null).toBe(provider);
    expect(p.services).toEqual(services);
  });

  test('an invalid schema is a one-line error naming the file', async () => {
    await expect(plan({ 'package.json': pkg(deps6), 'prisma/schema.prisma': 'datasource db {\n  provider = \n' })).rejects.toThrow(/^prisma\/schema.prisma(:\d+)?: not a valid Prisma schema; run "prisma validate"/);
  });
});

describe('prisma generate and the runtime', () => {
  test('no build script: a build stage still generates the client, which the runtime gets beside production node_modules', async () => {
    const p = await plan({ 'package.json': pkg(deps6), 'server.js': '', 'prisma/schema.prisma': gen() + ds('postgresql') });
    const text = dockerfile(p);
    expect(p.build).toBeNull();
    expect(stage(text, 'build')).toContain('RUN ["node_modules/.bin/prisma", "generate"]');
    const runtime = stage(text, 'runtime');
    expect(runtime).toContain('COPY --from=deps /app/node_modules ./node_modules');
    expect(runtime).toContain('COPY --from=build ["/app/node_modules/.prisma", "./node_modules/.prisma"]');
    // The client copy comes after node_modules, or the production install would hide it.
    expect(runtime.indexOf('node_modules/.prisma')).toBeGreaterThan(runtime.indexOf('COPY --from=deps'));
  });

  test('generate runs before the build; a TypeScript client is compiled by the build, not copied', async () => {
    const p = await plan({
      'package.json': pkg({ ...deps7, scripts: { build: 'tsc', start: 'node dist/server.js' } }),
      'prisma/schema.prisma': gen('provider = "prisma-client"\n  output = "../src/generated/prisma"') + ds('postgresql'),
    });
    const build = stage(dockerfile(p), 'build');
    expect(build.indexOf('prisma", "generate"')).toBeGreaterThan(-1);
    expect(build.indexOf('prisma", "generate"')).toBeLessThan(build.indexOf('["npm", "run", "build"]'));
    expect(prismaOf(p)).toMatchObject({ outputs: [], sourceOutputs: ['src/generated/prisma'], nativeEngine: false });
    expect(stage(dockerfile(p), 'runtime')).not.toContain('generated');
  });

  test('a custom JavaScript output is copied to the same path', async () => {
    const p = await plan({ 'package.json': pkg(deps6), 'server.js': '', 'prisma/schema.prisma': gen('provider = "prisma-client-js"\n  output = "../generated/client"') + ds('postgresql') });
    expect(stage(dockerfile(p), 'runtime')).toContain('COPY --from=build ["/app/generated/client", "./generated/client"]');
  });

  test.each<[string, Files, Answers, boolean, RegExp | null]>([
    ['Prisma 6 native engine on slim: the runtime installs openssl', { 'package.json': pkg(deps6), 'prisma/schema.prisma': gen() + ds('postgresql') }, { base: 'slim' }, true, /apt-get install -y --no-install-recommends openssl/],
    ['Prisma 6 native engine on alpine: apk openssl', { 'package.json': pkg(deps6), 'prisma/schema.prisma': gen() + ds('postgresql') }, { base: 'alpine' }, true, /"apk", "add", "--no-cache", "openssl"/],
    ['Prisma 6 native engine on distroless: libssl is already there', { 'package.json': pkg(deps6), 'prisma/schema.prisma': gen() + ds('postgresql') }, {}, true, null],
    ['engineType client: no native engine', { 'package.json': pkg(deps6), 'prisma/schema.prisma': gen('provider = "prisma-client-js"\n  engineType = "client"') + ds('postgresql') }, { base: 'slim' }, false, null],
    ['Prisma 7: no native engine', { 'package.json': pkg(deps7), 'prisma/schema.prisma': gen() + ds('postgresql') }, { base: 'slim' }, false, null],
  ])('%s', async (_, files, answers, nativeEngine, runtimeLine) => {
    const p = await plan({ ...files, 'server.js': '' }, answers);
    expect(prismaOf(p)?.nativeEngine).toBe(nativeEngine);
    const runtime = stage(dockerfile(p), 'runtime');
    if (runtimeLine) expect(runtime).toMatch(runtimeLine);
    else expect(runtime).not.toMatch(/openssl/);
  });

  test.each<[string, string, string, string[] | null]>([
    ['env() in the config: a placeholder for generate only', "import { defineConfig, env } from 'prisma/config';\nexport default defineConfig({ datasource: { url: env('DATABASE_URL') } });\n", 'postgresql',
      ['/usr/bin/env', 'DATABASE_URL=postgresql://build@localhost:5432/build', SKIP_FETCH, 'node_modules/.bin/prisma', 'generate']],
    ['mysql placeholder, two variables', "export default defineConfig({ datasource: { url: env(\"DATABASE_URL\"), shadowDatabaseUrl: env('SHADOW_URL') } });", 'mysql',
      ['/usr/bin/env', 'DATABASE_URL=mysql://build@localhost:3306/build', 'SHADOW_URL=mysql://build@localhost:3306/build', SKIP_FETCH, 'node_modules/.bin/prisma', 'generate']],
    // Negative row: process.env with a fallback needs nothing.
    ['process.env with a fallback', "export default { datasource: { url: process.env.DATABASE_URL ?? 'postgresql://x' } };", 'postgresql', null],
  ])('%s', async (_, config, provider, argv) => {
    const p = await plan({ 'package.json': pkg(deps7), 'server.js': '', 'prisma.config.ts': config, 'prisma/schema.prisma': gen() + `datasource db {\n  provider = "${provider}"\n}\n` });
    expect(prismaOf(p)?.generate).toEqual(argv ?? ['/usr/bin/env', SKIP_FETCH, 'node_modules/.bin/prisma', 'generate']);
    const text = dockerfile(p);
    expect(stage(text, 'runtime')).not.toMatch(/build@localhost/);
    expect(text).not.toMatch(/^ENV DATABASE_URL/m);
  });

  test('@prisma/client without the prisma CLI: no generate step, and the summary says what to add', async () => {
    const p = await plan({ 'package.json': pkg({ dependencies: { '@prisma/client': '^6.0.0' } }), 'server.js': '', 'prisma/schema.prisma': gen() + ds('postgresql') });
    expect(prismaOf(p)?.generate).toBeNull();
    expect(dockerfile(p)).not.toContain('prisma", "generate"');
    expect(p.notes.join('\n')).toMatch(/add prisma to devDependencies/);
  });
});
