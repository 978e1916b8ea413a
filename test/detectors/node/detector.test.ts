import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import { createRequire } from 'node:module';
import type { Ignore } from '@balena/dockerignore';

// Docker's own .dockerignore matching (a CommonJS module whose typings declare an ES default export).
const ignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;

const pkg = (extra: object = {}) => ({ name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, ...extra });
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;

describe('package manager', () => {
  test.each<[string, Files, string, string[]]>([
    ['npm lockfile', { 'package.json': pkg(), 'package-lock.json': '{}' }, 'npm', ['npm', 'ci', '--omit=dev', '--no-audit', '--no-fund']],
    ['npm shrinkwrap', { 'package.json': pkg(), 'npm-shrinkwrap.json': '{}' }, 'npm', ['npm', 'ci', '--omit=dev', '--no-audit', '--no-fund']],
    ['pnpm lockfile', { 'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, 'pnpm', ['pnpm', 'install', '--prod', '--frozen-lockfile']],
    ['yarn classic', { 'package.json': pkg(), 'yarn.lock': '# yarn lockfile v1\n' }, 'yarn', ['yarn', 'install', '--production', '--frozen-lockfile', '--non-interactive']],
    ['yarn berry', { 'package.json': pkg(), 'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n' }, 'yarn', ['yarn', 'workspaces', 'focus', '--all', '--production']],
    ['bun text lock', { 'package.json': pkg(), 'bun.lock': '{}' }, 'bun', ['bun', 'install', '--production', '--frozen-lockfile']],
    ['bun binary lock', { 'package.json': pkg(), 'bun.lockb': 'x' }, 'bun', ['bun', 'install', '--production', '--frozen-lockfile']],
    ['packageManager wins over a stray lockfile', { 'package.json': pkg({ packageManager: 'pnpm@9.15.0' }), 'package-lock.json': '{}' }, 'pnpm', ['pnpm', 'install', '--prod']],
    ['no lockfile: npm install (not ci)', { 'package.json': pkg() }, 'npm', ['npm', 'install', '--omit=dev', '--no-audit', '--no-fund']],
  ])('%s', async (_, files, name, installProd) => {
    const p = await plan(files);
    expect(p.packageManager).toBe(name);
    expect((p.details.pm as { installProd: string[] }).installProd).toEqual(installProd);
  });

  test.each<[string, Files, string[][]]>([
    ['yarn classic without packageManager gets the last yarn 1 (Node 25+ images carry no yarn)', { 'package.json': pkg(), 'yarn.lock': '# yarn lockfile v1\n' }, [['npm', 'install', '-g', '--force', 'yarn@1.22.22']]],
    ['a pinned yarn classic is installed as pinned', { 'package.json': pkg({ packageManager: 'yarn@1.22.19' }), 'yarn.lock': '# yarn lockfile v1\n' }, [['npm', 'install', '-g', '--force', 'yarn@1.22.19']]],
    ['npm needs no setup', { 'package.json': pkg(), 'package-lock.json': '{}' }, []],
  ])('setup: %s', async (_, files, setup) => {
    expect(((await plan(files)).details.pm as { setup: string[][] }).setup).toEqual(setup);
  });

  test('a malformed packageManager field is a one-line error', async () => {
    await expect(plan({ 'package.json': pkg({ packageManager: 'pnpm' }) })).rejects.toThrow(/package.json: packageManager "pnpm" is not of the form/);
  });
});

describe('node version', () => {
  test.each<[string, Files, string]>([
    ['.nvmrc major', { '.nvmrc': '20\n' }, '20'],
    ['.nvmrc full version', { '.nvmrc': 'v22.11.0' }, '22'],
    ['.nvmrc lts/*', { '.nvmrc': 'lts/*' }, '26'],
    ['.nvmrc codename', { '.nvmrc': 'lts/iron' }, '20'],
    ['.nvmrc lts/-1', { '.nvmrc': 'lts/-1' }, '24'],
    ['.node-version', { '.node-version': '22.3.0' }, '22'],
    ['.tool-versions nodejs line (asdf)', { '.tool-versions': '# tools\npnpm 10.8.1\nnodejs 23.11.0 22.12.0\n' }, '23'],
    ['.tool-versions node line (mise)', { '.tool-versions': 'node 24' }, '24'],
    ['.tool-versions wins over engines', { '.tool-versions': 'nodejs 22.1.0', engines: '>=20' }, '22'],
    ['.node-version wins over .tool-versions', { '.node-version': '20', '.tool-versions': 'nodejs 22.1.0' }, '20'],
    ['.tool-versions without node: engines', { '.tool-versions': 'python 3.12.1\nnodejsx 9', engines: '^20' }, '20'],
    ['.tool-versions nodejs system: no pin, engines', { '.tool-versions': 'nodejs system', engines: '^20' }, '20'],
    ['.tool-versions system first, then a release', { '.tool-versions': 'nodejs ref:v1 system 22.1.0' }, '22'],
    ['engines range: newest LTS that satisfies', { engines: '>=20 <24' }, '22'],
    ['engines caret', { engines: '^20.11' }, '20'],
    ['engines open range', { engines: '>=18' }, '26'],
    ['engines pins an odd major', { engines: '23.x' }, '23'],
    ['.nvmrc pins an end-of-life major', { '.nvmrc': '14' }, '14'],
    ['nothing pinned: current LTS', {}, '26'],
  ])('%s', async (_, files, version) => {
    const { engines, ...rest } = files as Files & { engines?: string };
    const p = await plan({ 'package.json': pkg(engines ? { engines: { node: engines } } : {}), 'server.js': '', ...rest });
    expect(p.runtime.version).toBe(version);
  });

  test('--runtime-version overrides files', async () => {
    expect((await plan({ 'package.json': pkg(), '.nvmrc': '20' }, { runtimeVersion: '22' })).runtime.version).toBe('22');
  });

  test.each([['.nvmrc', 'banana'], ['.tool-versions', 'nodejs banana'], ['package.json engines', 'not a range!!']])('invalid %s is an error, not a guess', async (where, value) => {
    const files: Files = where === 'package.json engines' ? { 'package.json': pkg({ engines: { node: value } }) } : { 'package.json': pkg(), [where]: value };
    await expect(plan(files)).rejects.toThrow(/(does not hold a Node version|is not a valid semver range)/);
  });
});

describe('frameworks, start and port', () => {
  test.each<[string, Files, Partial<{ framework: string | null; start: string; port: number; build: boolean; base: string }>]>([
    ['express with PORT fallback', { 'package.json': pkg({ dependencies: { express: '4' } }), 'server.js': 'app.listen(process.env.PORT || 4000)' }, { framework: 'express', start: '/nodejs/bin/node server.js', port: 4000, build: false }],
    ['main field, no start script', { 'package.json': { name: 'a', main: 'lib/app.js' }, 'lib/app.js': '' }, { start: '/nodejs/bin/node lib/app.js', port: 3000 }],
    ['parseInt(process.env.PORT, 10) || N', { 'package.json': pkg(), 'server.js': 'app.listen(parseInt(process.env.PORT, 10) || 4100)' }, { port: 4100 }],
    ['destructured PORT default', { 'package.json': pkg(), 'server.js': 'const { PORT = 4200 } = process.env' }, { port: 4200 }],
    ['fallback to index.js', { 'package.json': { name: 'a' }, 'index.js': 'server.listen(5050, () => {})' }, { start: '/nodejs/bin/node index.js', port: 5050 }],
    ['NestJS', { 'package.json': pkg({ dependencies: { '@nestjs/core': '10' }, scripts: { build: 'nest build', start: 'nest start' } }) }, { framework: 'nestjs', start: '/nodejs/bin/node dist/main.js', build: true }],
    ['Next.js standalone', { 'package.json': pkg({ dependencies: { next: '15' }, scripts: { build: 'next build', start: 'next start' } }), 'next.config.mjs': "export default { output: 'standalone' }" }, { framework: 'nextjs', start: '/nodejs/bin/node server.js', port: 3000 }],
    ['Next.js static export', { 'package.json': pkg({ dependencies: { next: '15' }, scripts: { build: 'next build' } }), 'next.config.js': "module.exports = { output: 'export' }" }, { framework: 'nextjs', port: 8080 }],
    ['Nuxt', { 'package.json': pkg({ dependencies: { nuxt: '3' }, scripts: { build: 'nuxt build' } }) }, { framework: 'nuxt', start: '/nodejs/bin/node .output/server/index.mjs' }],
    ['React Router v7', { 'package.json': pkg({ dependencies: { '@react-router/serve': '7' }, scripts: { build: 'react-router build', start: 'react-router-serve ./build/server/index.js' } }) }, { framework: 'react-router', start: '/nodejs/bin/node node_modules/.bin/react-router-serve ./build/server/index.js' }],
    ['SvelteKit adapter-node', { 'package.json': pkg({ devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-node': '5' }, scripts: { build: 'vite build' } }) }, { framework: 'sveltekit', start: '/nodejs/bin/node build/index.js' }],
    ['Astro server', { 'package.json': pkg({ dependencies: { astro: '5', '@astrojs/node': '9' }, scripts: { build: 'astro build' } }) }, { framework: 'astro', port: 4321 }],
    ['Astro static', { 'package.json': { name: 'a', dependencies: { astro: '5' }, scripts: { build: 'astro build' } } }, { framework: 'astro', port: 8080 }],
    ['Vite SPA', { 'package.json': { name: 'a', devDependencies: { vite: '6' }, scripts: { build: 'vite build' } } }, { framework: 'vite', port: 8080 }],
    ['CRA', { 'package.json': { name: 'a', dependencies: { 'react-scripts': '5' }, scripts: { build: 'react-scripts build' } } }, { framework: 'create-react-app' }],
    ['TypeScript server built to dist', { 'package.json': pkg({ dependencies: { fastify: '5' }, scripts: { build: 'tsc', start: 'node dist/index.js' } }), 'src/index.ts': 'app.listen({ port: Number(process.env.PORT ?? 7000) })' }, { framework: 'fastify', start: '/nodejs/bin/node dist/index.js', port: 7000, build: true }],
    ['start with env prefix keeps distroless', { 'package.json': pkg({ scripts: { start: 'NODE_OPTIONS=--enable-source-maps node app.js' } }), 'app.js': '' }, { start: '/nodejs/bin/node app.js', base: 'distroless' }],
    ['shell start falls back to slim', { 'package.json': pkg({ scripts: { start: 'node migrate.js && node app.js' } }) }, { base: 'slim' }],
    ['--start override', { 'package.json': pkg(), 'server.js': '' }, { start: '/nodejs/bin/node other.js' }],
  ])('%s', async (name, files, want) => {
    const p = await plan(files, name === '--start override' ? { start: 'node other.js' } : {});
    if ('framework' in want) expect(p.framework).toBe(want.framework);
    if (want.start) expect(p.start.join(' ')).toBe(want.start);
    if (want.port) expect(p.port).toBe(want.port);
    if (want.build !== undefined) expect(p.build !== null).toBe(want.build);
    if (want.base) expect(p.base).toBe(want.base);
  });

  test('start with env prefix moves the assignment to ENV', async () => {
    const p = await plan({ 'package.json': pkg({ scripts: { start: 'NODE_OPTIONS=--enable-source-maps node app.js' } }) });
    expect(p.env).toContainEqual({ name: 'NODE_OPTIONS', value: '--enable-source-maps' });
  });

  test.each<[string, Files, RegExp]>([
    ['no package start at all', { 'package.json': { name: 'a' } }, /no "start" script, "main" field/],
    ['Next.js without build script', { 'package.json': { name: 'a', dependencies: { next: '15' } } }, /needs a build step/],
    ['SvelteKit with adapter-auto', { 'package.json': pkg({ devDependencies: { '@sveltejs/kit': '2' }, scripts: { build: 'vite build' } }) }, /adapter-node/],
    ['shell start with --base distroless', { 'package.json': pkg({ scripts: { start: 'npm run serve' } }) }, /needs a shell/],
  ])('negative: %s', async (name, files, error) => {
    await expect(plan(files, name.includes('distroless') ? { base: 'distroless' } : {})).rejects.toThrow(error);
  });
});

describe('health path and services', () => {
  test.each<[string, Files, string]>([
    ['express route', { 'server.js': "app.get('/healthz', h)" }, '/healthz'],
    ['prefers /health over /ping', { 'server.js': "app.get('/ping', a); app.get('/health', b)" }, '/health'],
    ['Next app router route', { 'app/api/health/route.ts': 'export const GET = () => 1' }, '/api/health'],
    ['Nest controller', { 'src/health.controller.ts': "@Controller('health')\nexport class H {}" }, '/health'],
    ['ignores tests', { 'server.js': '', 'src/app.test.js': "get('/health')" }, '/'],
    ['none: /', { 'server.js': 'x' }, '/'],
  ])('%s', async (_, files, path) => {
    expect((await plan({ 'package.json': pkg(), ...files })).healthcheck.path).toBe(path);
  });

  test.each<[string, object, string[]]>([
    ['pg + ioredis', { pg: '8', ioredis: '5' }, ['postgres', 'redis']],
    ['mysql2', { mysql2: '3' }, ['mysql']],
    ['mongoose', { mongoose: '8' }, ['mongo']],
    ['none', { express: '4' }, []],
  ])('services from %s', async (_, dependencies, services) => {
    expect((await plan({ 'package.json': pkg({ dependencies }), 'server.js': '' })).services).toEqual(services);
  });

  test('devDependencies do not add services', async () => {
    expect((await plan({ 'package.json': pkg({ devDependencies: { pg: '8' } }), 'server.js': '' })).services).toEqual([]);
  });

  test('prisma datasource adds postgres', async () => {
    const p = await plan({ 'package.json': pkg({ dependencies: { '@prisma/client': '5' } }), 'server.js': '', 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n}' });
    expect(p.services).toEqual(['postgres']);
  });

  test('--services replaces detection; unknown names are rejected', async () => {
    expect((await plan({ 'package.json': pkg({ dependencies: { pg: '8' } }), 'server.js': '' }, { services: ['redis'] })).services).toEqual(['redis']);
    await expect(plan({ 'package.json': pkg(), 'server.js': '' }, { services: ['oracle'] })).rejects.toThrow(/unknown service "oracle"/);
  });
});

describe('broken input', () => {
  test('invalid JSON names line and column', async () => {
    await expect(plan({ 'package.json': '{\n  "name": "a",\n  oops\n}' })).rejects.toThrow(/^package.json:3:3: invalid JSON/);
  });
  test('UTF-8 BOM is accepted', async () => {
    expect((await plan({ 'package.json': `\ufeff${JSON.stringify(pkg())}`, 'server.js': '' })).stack).toBe('node');
  });
  test('empty package.json', async () => {
    await expect(plan({ 'package.json': '' })).rejects.toThrow(/package.json: file is empty/);
  });
  test('package.json that is an array', async () => {
    await expect(plan({ 'package.json': '[]' })).rejects.toThrow(/must hold a JSON object/);
  });
  test('no recognisable stack', async () => {
    await expect(plan({ 'README.md': 'hi' })).rejects.toThrow(/no recognisable stack/);
  });
  test('workspaces are reported', async () => {
    expect((await plan({ 'package.json': pkg({ workspaces: ['packages/*'] }), 'server.js': '' })).workspaces).toEqual(['packages/*']);
  });
});

describe('review findings', () => {
  const details = (p: Plan) => p.details as { depsFrom: string; artifacts: { src: string }[]; pm: { secretFiles: { file: string }[]; manifestFiles: string[] } };

  test('a start script that repeats NODE_ENV and PORT yields one entry each; its PORT is the app port', async () => {
    const files = { 'package.json': pkg({ scripts: { start: 'NODE_ENV=production PORT=4000 node server.js' } }), 'server.js': '' };
    const p = await plan(files);
    expect(p.env.map((e) => e.name).sort()).toEqual(['NODE_ENV', 'PORT']);
    expect(p.port).toBe(4000);
    const forced = await plan(files, { port: 8080 });
    expect(forced.env.filter((e) => e.name === 'PORT')).toEqual([{ name: 'PORT', value: '8080' }]);
  });

  test('a start binary from devDependencies is an error, not a broken image', async () => {
    await expect(plan({ 'package.json': pkg({ scripts: { start: 'tsx src/index.ts' }, devDependencies: { tsx: '4' } }) })).rejects.toThrow(/runs tsx, a devDependency/);
  });

  test('pnpm bins are shell shims: they run through sh on slim', async () => {
    const p = await plan({ 'package.json': pkg({ packageManager: 'pnpm@9.15.0', scripts: { start: 'fastify start app.js' }, dependencies: { 'fastify-cli': '6' } }) });
    expect(p.start).toEqual(['/bin/sh', '-c', 'fastify start app.js']);
    expect(p.base).toBe('slim');
  });

  test('a shell start with a build copies the build output and takes node_modules from the build stage', async () => {
    const p = await plan({ 'package.json': pkg({ scripts: { build: 'tsc', start: 'prisma migrate deploy && node dist/server.js' } }) });
    expect(details(p).depsFrom).toBe('build');
    expect(details(p).artifacts.map((a) => a.src)).toContain('/app/dist');
  });

  test('a build whose output folder is unknown ships the built app, never stale host files', async () => {
    const p = await plan({ 'package.json': pkg({ scripts: { build: 'webpack', start: 'node server.js' } }), 'server.js': '' });
    expect(details(p).artifacts).toEqual([{ from: 'build', src: '/app', dest: './' }]);
    expect(p.details.copyContext).toBe(false);
  });

  test.each<[string, string, string]>([
    ['.npmrc', 'an auth token', '//registry.example.com/:_authToken=abc\n'],
    ['.npmrc', 'an _auth pair', '_auth=dXNlcjpwYXNz\n'],
    ['.npmrc', 'a password', '//registry.example.com/:username=me\n//registry.example.com/:_password=cGFzcw==\n'],
    ['.npmrc', 'user:pass in the registry URL', 'registry=https://deploy:s3cret@registry.example.com/\n'],
    ['.npmrc', 'a user in a scoped registry URL', '@acme:registry=https://deploy@npm.acme.example/\n'],
    ['.yarnrc.yml', 'npmAuthToken', 'npmRegistryServer: "https://npm.acme.example"\nnpmAuthToken: abc\n'],
    ['.yarnrc.yml', 'user:pass in npmRegistryServer', 'npmRegistryServer: "https://deploy:s3cret@npm.acme.example"\n'],
    ['bunfig.toml', 'a registry token', '[install.registry]\nurl = "https://npm.acme.example/"\ntoken = "abc"\n'],
    ['bunfig.toml', 'user:pass in the registry URL', '[install]\nregistry = "https://deploy:s3cret@npm.acme.example/"\n'],
  ])('%s with %s is a build secret: never in the context, never copied', async (file, _what, text) => {
    const p = await plan({ 'package.json': pkg(), 'server.js': '', [file]: text });
    expect(details(p).pm.secretFiles.map((s) => s.file)).toEqual([file]);
    expect(details(p).pm.manifestFiles).not.toContain(file);
    expect(ignore().add(p.dockerignore).ignores(file), p.dockerignore.join('\n')).toBe(true);
    expect(p.dockerignore).not.toContain(`!${file}`);
  });

  test.each<[string, string]>([
    ['a plain registry', 'registry=https://registry.example.com/\n'],
    ['a scoped registry', '@acme:registry=https://npm.acme.example/\nlegacy-peer-deps=true\n'],
    ['an e-mail address', 'email=me@example.com\n'],
  ])('.npmrc with %s is install config: copied with the manifests', async (_what, text) => {
    const p = await plan({ 'package.json': pkg(), 'server.js': '', '.npmrc': text });
    expect(details(p).pm.secretFiles).toEqual([]);
    expect(details(p).pm.manifestFiles).toContain('.npmrc');
    expect(ignore().add(p.dockerignore).ignores('.npmrc')).toBe(false);
    expect(ignore().add(p.dockerignore).ignores('packages/api/.npmrc'), 'nested .npmrc files stay out').toBe(true);
  });

  test('.npmrc without credentials is install config, copied with the manifests', async () => {
    const p = await plan({ 'package.json': pkg(), 'server.js': '', '.npmrc': 'legacy-peer-deps=true\n' });
    expect(details(p).pm.manifestFiles).toContain('.npmrc');
  });

  test.each([['.nvmrc', '10', /Node 10 has no official image on a Debian release.*oldest is Node 12.*nearest, 22 or 24/], ['engines', '>=99', /Node 99 is newer.*nearest/]])('%s %s has no images: clear error naming the nearest', async (where, value, error) => {
    const files: Files = where === '.nvmrc' ? { 'package.json': pkg(), '.nvmrc': value } : { 'package.json': pkg({ engines: { node: value } }) };
    await expect(plan(files)).rejects.toThrow(error);
  });

  test.each([
    ['.nvmrc', '14', 'bullseye', /Node\.js 14 \(\.nvmrc\) reached end of life on 2023-04-30/, ['node 14']],
    ['.nvmrc', '18', 'bookworm', /Node\.js 18 \(\.nvmrc\) reached end of life on 2025-04-30/, ['node 18']],
    ['engines', '^23', 'bookworm', /Node\.js 23 .* reached end of life on 2025-06-01/, ['node 23']],
    ['.nvmrc', '22', 'trixie', undefined, []],
  ] as const)('%s %s is built on its newest Debian (%s), with a warning and an accept-eol marker when end-of-life', async (where, value, debian, warning, accepted) => {
    const files: Files = where === '.nvmrc' ? { 'package.json': pkg(), 'server.js': '', '.nvmrc': value } : { 'package.json': pkg({ engines: { node: value } }), 'server.js': '' };
    const p = await plan(files);
    expect((p.details as { images: { build: { tag: string } } }).images.build.tag).toBe(`\${NODE_VERSION}-${debian}-slim`);
    if (warning) expect(p.warnings).toEqual([expect.stringMatching(warning)]);
    else expect(p.warnings).toEqual([]);
    expect(p.acceptedEol).toEqual(accepted);
    // distroless only where a maintained one exists on that Debian (debian13 for 22/24/26)
    expect(p.base).toBe(debian === 'trixie' ? 'distroless' : 'slim');
  });

  test('malformed pnpm-workspace.yaml is a one-line error with its position', async () => {
    await expect(plan({ 'package.json': pkg(), 'server.js': '', 'pnpm-workspace.yaml': 'packages:\n  - "a\n  b: [' })).rejects.toThrow(/^pnpm-workspace.yaml:\d+:\d+: invalid YAML/);
  });

  test('--stack node without package.json says so', async () => {
    await expect(plan({ 'main.go': 'package main' }, { stack: 'node' })).rejects.toThrow(/no package.json; run in the project root/);
  });
});
