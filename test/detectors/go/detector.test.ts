import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import { parseGoMod } from '../../../detectors/go/go-mod.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { GoDetails } from '../../../detectors/go/detector.js';

const MAIN = 'package main\n\nfunc main() {}\n';
const mod = (extra = '', name = 'example.com/app', go = '1.22') => `module ${name}\n\ngo ${go}\n${extra}`;
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const details = (p: Plan): GoDetails => p.details as unknown as GoDetails;

describe('go.mod reader', () => {
  test('module, go, toolchain, require blocks with indirect, local replace, quoted paths', () => {
    const m = parseGoMod([
      '// a comment',
      'module "example.com/shop" // trailing',
      'go 1.22.3',
      'toolchain go1.23.4',
      'require github.com/lib/pq v1.10.9',
      'require (',
      '\tgithub.com/jackc/pgx/v5 v5.6.0',
      '\tgolang.org/x/text v0.16.0 // indirect',
      ')',
      'replace example.com/lib => ../lib',
      'replace example.com/x v1.0.0 => example.com/y v1.0.1',
      'exclude example.com/bad v0.1.0',
    ].join('\n'), 'go.mod');
    expect(m.module).toBe('example.com/shop');
    expect(m.go).toBe('1.22.3');
    expect(m.toolchain).toBe('1.23.4');
    expect(m.requires).toEqual([
      { path: 'github.com/lib/pq', version: 'v1.10.9', indirect: false },
      { path: 'github.com/jackc/pgx/v5', version: 'v5.6.0', indirect: false },
      { path: 'golang.org/x/text', version: 'v0.16.0', indirect: true },
    ]);
    expect(m.localReplaces).toEqual(['../lib']);
    expect(m.locallyReplaced).toEqual(['example.com/lib']);
  });

  test('go.work use lines, single and in a block', () => {
    expect(parseGoMod('go 1.23\n\nuse ./svc\nuse (\n\t./lib\n\t"./tools"\n)\n', 'go.work').uses).toEqual(['./svc', './lib', './tools']);
  });

  test.each<[string, string, RegExp]>([
    ['unclosed block', 'module a\nrequire (\n  x v1\n', /^go.mod:2: "require \(" block is never closed/],
    ['bad go version', 'module a\ngo banana\n', /^go.mod:2: "go banana" is not a Go version/],
    ['stray parenthesis', 'module a\n)\n', /^go.mod:2:1: unexpected "\)"/],
    ['unterminated string', 'module "a\n', /^go.mod:1:8: unterminated string/],
    ['require without version', 'module a\nrequire x\n', /^go.mod:2: "require" expects a module path and a version/],
    ['replace without arrow', 'module a\nreplace x y\n', /^go.mod:2: "replace" needs "old => new"/],
  ])('negative: %s', (_, text, error) => {
    expect(() => parseGoMod(text, 'go.mod')).toThrow(error);
  });
});

describe('Go version', () => {
  test.each<[string, Files, Answers, string, string]>([
    ['go directive is a minimum: the newest supported Go', { 'go.mod': mod() }, {}, '1.27', 'trixie'],
    ['patch level dropped', { 'go.mod': mod('', 'example.com/app', '1.26.2') }, {}, '1.27', 'trixie'],
    ['toolchain newer than go', { 'go.mod': mod('toolchain go1.26.4\n', 'example.com/app', '1.21.5') }, {}, '1.27', 'trixie'],
    ['go 1.15 builds on a supported Go', { 'go.mod': mod('', 'example.com/app', '1.15') }, {}, '1.27', 'trixie'],
    ['no go directive: default', { 'go.mod': 'module example.com/app\n' }, {}, '1.27', 'trixie'],
    ['--runtime-version go1.22.3 (end of life, bookworm)', { 'go.mod': mod('', 'example.com/app', '1.22') }, { runtimeVersion: 'go1.22.3' }, '1.22', 'bookworm'],
    ['--runtime-version 1.24 (end of life, trixie tags)', { 'go.mod': mod('', 'example.com/app', '1.22') }, { runtimeVersion: '1.24' }, '1.24', 'trixie'],
  ])('%s', async (_, files, answers, version, debian) => {
    const p = await plan({ 'main.go': MAIN, ...files }, answers);
    expect(p.runtime.version).toBe(version);
    expect(p.args).toContainEqual({ name: 'GO_VERSION', value: version });
    expect(details(p).images.build).toEqual({ name: 'golang', tag: `\${GO_VERSION}-${debian}` });
    expect(p.acceptedEol).toEqual(answers.runtimeVersion ? [`go ${version}`] : []);
    // the static runtime of Debian 12 is end-of-life, so a bookworm build runs on debian:bookworm-slim
    expect(p.base).toBe(debian === 'trixie' ? 'distroless' : 'slim');
  });

  test('a go line newer than every known release is a clear error', async () => {
    await expect(plan({ 'main.go': MAIN, 'go.mod': mod('', 'example.com/app', '1.29') })).rejects.toThrow(/^go\.mod: go 1\.29 is newer than the Go releases/);
  });

  test('invalid --runtime-version is an error', async () => {
    await expect(plan({ 'go.mod': mod(), 'main.go': MAIN }, { runtimeVersion: 'latest' })).rejects.toThrow(/--runtime-version: "latest" is not a Go version/);
  });

  test('a broken go.mod names the line', async () => {
    await expect(plan({ 'go.mod': 'module a\ngo x.y\n', 'main.go': MAIN })).rejects.toThrow(/^go.mod:2: "go x.y" is not a Go version/);
  });
});

describe('main package', () => {
  const two = (module: string): Files => ({ 'go.mod': mod('', module), 'cmd/api/main.go': MAIN, 'cmd/admin/main.go': MAIN, 'internal/x/x.go': 'package x\n' });
  test.each<[string, Files, Answers, { dir: string; start: string; note?: RegExp }]>([
    ['root package main', { 'go.mod': mod('', 'example.com/shop/v2'), 'main.go': MAIN, 'cmd/tool/main.go': MAIN }, {}, { dir: '.', start: '/app/shop' }],
    ['the only cmd/<name>', { 'go.mod': mod(), 'cmd/server/main.go': MAIN, 'lib.go': 'package app\n' }, {}, { dir: './cmd/server', start: '/app/server' }],
    ['several: the one named after the module', two('example.com/acme/api'), {}, { dir: './cmd/api', start: '/app/api', note: /named after the module; also found cmd\/admin \(build one with --main cmd\/admin\)/ }],
    ['several: first by name, others noted', two('example.com/acme/shop'), {}, { dir: './cmd/admin', start: '/app/admin', note: /first by name; also found cmd\/api/ }],
    ['--main cmd/api', two('example.com/x'), { main: 'cmd/api' }, { dir: './cmd/api', start: '/app/api' }],
    ['--main ./cmd/api/', two('example.com/x'), { main: './cmd/api/' }, { dir: './cmd/api', start: '/app/api' }],
    ['--main bare name', two('example.com/x'), { main: 'api' }, { dir: './cmd/api', start: '/app/api' }],
    ['--main any folder with package main', { 'go.mod': mod(), 'server/main.go': MAIN }, { main: 'server' }, { dir: './server', start: '/app/server' }],
    ['a build-ignored generator does not make the root a main', { 'go.mod': mod(), 'gen.go': `//go:build ignore\n\n${MAIN}`, 'lib.go': 'package app\n', 'cmd/app/main.go': MAIN }, {}, { dir: './cmd/app', start: '/app/app' }],
    ['tests with package main do not count', { 'go.mod': mod(), 'main_test.go': MAIN, 'cmd/web/main.go': MAIN }, {}, { dir: './cmd/web', start: '/app/web' }],
  ])('%s', async (_, files, answers, want) => {
    const p = await plan(files, answers);
    expect(p.build?.at(-1)).toBe(want.dir);
    expect(p.start).toEqual([want.start]);
    if (want.note) expect(p.notes.join('\n')).toMatch(want.note);
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['no main package anywhere', { 'go.mod': mod(), 'lib.go': 'package app\n', 'internal/x/x.go': 'package x\n' }, {}, /^go.mod: no package main in the module \(root, cmd\/<name> or any folder\); pass --main/],
    ['a main package only under examples/ is not the app', { 'go.mod': mod(), 'lib.go': 'package lib\n', 'examples/demo/main.go': MAIN }, {}, /^go.mod: no package main in the module/],
    ['--main that is not a main package', { 'go.mod': mod(), 'cmd/api/main.go': MAIN, 'lib/lib.go': 'package lib\n' }, { main: 'lib' }, /^--main: "lib" is not a folder holding package main; choose one of cmd\/api/],
    ['--main outside the project', { 'go.mod': mod(), 'main.go': MAIN }, { main: '../other' }, /^--main: "..\/other" is not a folder/],
    ['go.mod without module', { 'go.mod': 'go 1.22\n', 'main.go': MAIN }, {}, /^go.mod: no "module" directive/],
    ['--build is not supported', { 'go.mod': mod(), 'main.go': MAIN }, { build: 'make' }, /^--build: the Go build is generated/],
    ['--start needing a shell', { 'go.mod': mod(), 'main.go': MAIN }, { start: '/app/app && echo hi' }, /^--start: .* needs a shell/],
  ])('negative: %s', async (_, files, answers, error) => {
    await expect(plan(files, answers)).rejects.toThrow(error);
  });

  test('--start with arguments becomes the entrypoint argv', async () => {
    expect((await plan({ 'go.mod': mod(), 'main.go': MAIN }, { start: '/app/app serve --verbose' })).start).toEqual(['/app/app', 'serve', '--verbose']);
  });
});

describe('main package outside the root and cmd/', () => {
  test('the only package main in the module, e.g. ./app', async () => {
    const p = await plan({ 'go.mod': mod(), 'app/main.go': MAIN, 'domain/user.go': 'package domain\n', 'internal/rest/h.go': 'package rest\n' });
    expect(p.build?.at(-1)).toBe('./app');
    expect(p.notes).toContain('main package app: the only package main in the module');
  });
  test('several: listed, one chosen, --main picks another', async () => {
    const files = { 'go.mod': mod(), 'server/main.go': MAIN, 'worker/main.go': MAIN };
    const p = await plan(files);
    expect(p.entries?.all).toEqual(['server', 'worker']);
    expect((await plan(files, { main: 'worker' })).build?.at(-1)).toBe('./worker');
  });
});

describe('port, health route, framework and services', () => {
  test.each<[string, string, number]>([
    ['Getenv with if-fallback', 'port := os.Getenv("PORT")\nif port == "" {\n\tport = "3000"\n}', 3000],
    ['cmp.Or fallback', 'addr := ":" + cmp.Or(os.Getenv("PORT"), "9000")', 9000],
    ['listen literal', 'http.ListenAndServe(":5000", nil)', 5000],
    ['host:port literal', 'srv := &http.Server{Addr: "0.0.0.0:7070"}', 7070],
    ['nothing: 8080', 'fmt.Println("hi")', 8080],
  ])('port: %s', async (_, body, port) => {
    const p = await plan({ 'go.mod': mod(), 'main.go': `package main\n\nfunc main() {\n${body}\n}\n` });
    expect(p.port).toBe(port);
    expect(p.env).toContainEqual({ name: 'PORT', value: String(port) });
    expect(p.healthcheck.cmd).toEqual(['/usr/local/bin/healthcheck', `http://127.0.0.1:${port}${p.healthcheck.path}`, '500', 'PORT']);
  });

  test.each<[string, Files, string]>([
    ['Go 1.22 method pattern', { 'main.go': 'package main\nfunc main() { mux.HandleFunc("GET /healthz", h) }' }, '/healthz'],
    ['router in internal/', { 'main.go': MAIN, 'internal/http/routes.go': 'package http\nfunc R() { r.Get("/livez", a); r.Get("/health", b) }' }, '/health'],
    ['another main package does not leak', { 'cmd/api/main.go': `${MAIN}// "/ping"`, 'cmd/admin/main.go': 'package main\nfunc main() { http.HandleFunc("/healthz", h) }' }, '/ping'],
    ['none: /', { 'main.go': MAIN }, '/'],
  ])('health: %s', async (_, files, path) => {
    expect((await plan({ 'go.mod': mod('', 'example.com/api'), ...files })).healthcheck.path).toBe(path);
  });

  test('the port comes from the chosen main package only', async () => {
    const p = await plan({
      'go.mod': mod('', 'example.com/acme/api'),
      'cmd/admin/main.go': 'package main\nfunc main() { http.ListenAndServe("127.0.0.1:9090", nil) }',
      'cmd/api/main.go': 'package main\nfunc main() { http.ListenAndServe(":8081", nil) }',
    });
    expect(p.port).toBe(8081);
    expect(p.notes.join('\n')).not.toMatch(/unreachable/);
  });

  test("a settings tag's default:50 is no address literal; a real \":9090\" still is", async () => {
    const tag = 'package main\n\ntype cfg struct {\n\tPageSize int `conf:"default:50"`\n}\n\nfunc main() {}\n';
    expect((await plan({ 'go.mod': mod(), 'main.go': tag })).port).toBe(8080);
    expect((await plan({ 'go.mod': mod(), 'main.go': tag.replace('func main() {}', 'func main() { http.ListenAndServe(":9090", nil) }') })).port).toBe(9090);
  });

  test('a loopback listen address is noted', async () => {
    const p = await plan({ 'go.mod': mod(), 'main.go': 'package main\nfunc main() { http.ListenAndServe("127.0.0.1:9090", nil) }' });
    expect(p.port).toBe(9090);
    expect(p.notes.join('\n')).toMatch(/main.go listens on 127.0.0.1:9090, which is unreachable from outside the container/);
  });

  test('services and framework from direct requires; indirect ones are ignored', async () => {
    const requires = 'require (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/jackc/pgx/v5 v5.6.0\n\tgithub.com/redis/go-redis/v9 v9.5.1\n\tgo.mongodb.org/mongo-driver v1.15.0 // indirect\n)\n';
    const p = await plan({ 'go.mod': mod(requires), 'go.sum': '', 'main.go': MAIN });
    expect(p.services).toEqual(['postgres', 'redis']);
    expect(p.framework).toBe('gin');
    expect(details(p).manifests).toEqual([{ files: ['go.mod', 'go.sum'], dest: './' }]);
  });

  test("an indirect driver the code imports (untidy go.mod) is used: mysql, and DATABASE_URL in go-sql-driver's DSN form", async () => {
    const requires = 'require (\n\tgithub.com/go-sql-driver/mysql v1.8.1 // indirect\n\tgo.mongodb.org/mongo-driver v1.15.0 // indirect\n)\n';
    const main = 'package main\n\nimport (\n\t"database/sql"\n\t"os"\n\n\t_ "github.com/go-sql-driver/mysql"\n)\n\nfunc main() { sql.Open("mysql", os.Getenv("DSN")) }\n';
    const p = await plan({ 'go.mod': mod(requires), 'go.sum': '', 'main.go': main });
    expect(p.services).toEqual(['mysql']);
    expect(p.serviceDetails[0]!.appEnvironment[0]!.value).toMatch(/^app:\$\{MYSQL_PASSWORD:\?[^}]*\}@tcp\(mysql:3306\)\/\$\{MYSQL_DATABASE:-app\}\?parseTime=true$/);
    // The app's own DSN variable gets the same value from the service.
    expect(p.appEnv?.compose.find((v) => v.name === 'DSN')?.value).toBe(p.serviceDetails[0]!.appEnvironment[0]!.value);
    expect(p.notes.join('\n')).toMatch(/DATABASE_URL is user:password@tcp\(mysql:3306\)\/db\?parseTime=true: github.com\/go-sql-driver\/mysql rejects mysql:\/\/ URLs/);
  });

  test('requires without go.sum are noted, unless every one is replaced by a folder of the project', async () => {
    const p = await plan({ 'go.mod': mod('require github.com/lib/pq v1.10.9\n'), 'main.go': MAIN });
    expect(p.notes.join('\n')).toMatch(/has requires but no go.sum/);
    const local = mod('require github.com/lib/pq v1.10.9\n\nreplace github.com/lib/pq => ./third_party/pq\n');
    const q = await plan({ 'go.mod': local, 'main.go': MAIN, 'third_party/pq/go.mod': mod('', 'github.com/lib/pq'), 'third_party/pq/pq.go': 'package pq\n' });
    expect(q.notes.join('\n')).not.toMatch(/no go.sum/);
    expect(details(q).manifests).toEqual([{ files: ['go.mod'], dest: './' }, { files: ['third_party/pq/go.mod'], dest: 'third_party/pq/' }]);
  });
});

describe('workspaces, vendoring and runtime flavours', () => {
  const work: Files = {
    'go.work': 'go 1.23\n\nuse (\n\t./svc\n\t./lib\n)\n',
    'go.work.sum': '',
    'svc/go.mod': mod('', 'example.com/svc'),
    'svc/go.sum': '',
    'svc/cmd/api/main.go': MAIN,
    'lib/go.mod': mod('replace example.com/shared => ../shared\n', 'example.com/lib'),
    'lib/lib.go': 'package lib\n',
    'shared/go.mod': mod('', 'example.com/shared'),
  };

  test('go.work: modules reported, every manifest copied first, the main built from the root', async () => {
    const p = await plan(work);
    expect(p.workspaces).toEqual(['svc', 'lib']);
    expect(p.runtime.version).toBe('1.27');
    expect(p.build).toEqual(['go', 'build', '-trimpath', '-ldflags=-s -w', '-o', '/out/api', './svc/cmd/api']);
    expect(details(p).manifests).toEqual([
      { files: ['go.work', 'go.work.sum'], dest: './' },
      { files: ['lib/go.mod'], dest: 'lib/' },
      { files: ['shared/go.mod'], dest: 'shared/' },
      { files: ['svc/go.mod', 'svc/go.sum'], dest: 'svc/' },
    ]);
    expect(p.notes.join('\n')).toMatch(/go.work modules svc, lib; building svc\/cmd\/api of module example.com\/svc/);
  });

  test.each<[string, Files, RegExp]>([
    ['use of a missing module', { 'go.work': 'go 1.22\nuse ./nope\n' }, /^go.work: nope\/go.mod does not exist/],
    ['use outside the project', { 'go.work': 'go 1.22\nuse ../elsewhere\n' }, /^go.work: "use ..\/elsewhere" is outside the project/],
    ['go.work without use', { 'go.work': 'go 1.22\n' }, /^go.work: no "use" directive/],
  ])('negative: %s', async (_, files, error) => {
    await expect(plan(files)).rejects.toThrow(error);
  });

  test('vendored modules: no download, vendor/ stays in the context', async () => {
    const p = await plan({ 'go.mod': mod('require github.com/lib/pq v1.10.9\n'), 'go.sum': '', 'vendor/modules.txt': '# x\n', 'main.go': MAIN });
    expect(details(p).download).toBe(false);
    expect(p.dockerignore).not.toContain('vendor');
    expect(render(p).find((f) => f.path === 'Dockerfile')!.text).not.toMatch(/go", "mod", "download/);
  });

  test.each<[string, Answers, string, boolean]>([
    ['distroless (default)', {}, 'gcr.io/distroless/static-debian13:nonroot', false],
    ['slim', { base: 'slim' }, 'debian:trixie-slim', true],
    ['alpine', { base: 'alpine' }, 'alpine:${ALPINE_VERSION}', false],
  ])('runtime %s renders a clean Dockerfile', async (_, answers, image, caCerts) => {
    const p = await plan({ 'go.mod': mod(), 'main.go': MAIN }, answers);
    expect(p.user).toEqual({ uid: 65532, gid: 65532 });
    expect(details(p).caCerts).toBe(caCerts);
    const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfile).toContain(`FROM ${image} AS runtime`);
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    if (answers.base === 'alpine') expect(p.args).toContainEqual({ name: 'ALPINE_VERSION', value: '3.22' });
  });

  // A locked mount is held for the whole compile, so a rebuild waited for any other Go build on the engine (measured:
  // a one-line edit's 2 s go build took 38 s beside a build holding the mount 40 s); the go command locks its own files.
  test('module and build cache mounts are shared: no Go build waits for another one\'s compile', async () => {
    const p = await plan({ 'go.mod': mod('require github.com/lib/pq v1.10.9\n'), 'go.sum': '', 'main.go': MAIN });
    const runs = render(p).find((f) => f.path === 'Dockerfile')!.text.split('\n').filter((l) => l.includes('target=/go/pkg/mod'));
    expect(runs).toHaveLength(2); // go mod download, go build
    for (const run of runs) expect(run).not.toMatch(/sharing=(locked|private)/);
  });

  test('go.mod next to package.json: Go wins', async () => {
    expect((await plan({ 'go.mod': mod(), 'main.go': MAIN, 'package.json': { name: 'ui', scripts: { build: 'vite build' } } })).stack).toBe('go');
  });
});
