import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { RustDetails } from '../../../detectors/rust/detector.js';

const MAIN = 'fn main() {}\n';
const toml = (name: string, extra = ''): string => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const details = (p: Plan): RustDetails => p.details as unknown as RustDetails;
const bin = (p: Plan): string => p.build![p.build!.length - 1]!;

describe('binaries of one crate', () => {
  test.each<[string, Files, string, RegExp?]>([
    ['src/main.rs is named after the package', { 'Cargo.toml': toml('web'), 'src/main.rs': MAIN }, 'web'],
    ['[[bin]] with an explicit path', { 'Cargo.toml': toml('web', '[[bin]]\nname = "server"\npath = "src/server.rs"\n'), 'src/server.rs': MAIN }, 'server'],
    ['default-run picks among several', { 'Cargo.toml': toml('web', 'default-run = "api"\n'), 'src/main.rs': MAIN, 'src/bin/api.rs': MAIN }, 'api'],
    ['several: the one named after the crate', { 'Cargo.toml': toml('web'), 'src/main.rs': MAIN, 'src/bin/migrate.rs': MAIN }, 'web', /named after the crate; also found web:migrate \(build one with --main web:migrate\)/],
    ['several: first by name', { 'Cargo.toml': toml('web'), 'src/bin/zeta.rs': MAIN, 'src/bin/alpha/main.rs': MAIN }, 'alpha', /first binary by name/],
    ['autobins = false keeps only [[bin]]', { 'Cargo.toml': toml('web', 'autobins = false\n[[bin]]\nname = "only"\npath = "src/only.rs"\n'), 'src/only.rs': MAIN, 'src/bin/extra.rs': MAIN }, 'only'],
    ['--main bin', { 'Cargo.toml': toml('web'), 'src/main.rs': MAIN, 'src/bin/worker.rs': MAIN }, 'worker'],
  ])('%s', async (name, files, want, note) => {
    const p = await plan(files, name.startsWith('--main') ? { main: 'worker' } : {});
    expect(bin(p)).toBe(want);
    expect(p.start).toEqual([`/app/${want}`]);
    expect(details(p).artifact).toBe(`release/${want}`);
    if (note) expect(p.notes.join('\n')).toMatch(note);
  });

  test('stubs cover every target, so cargo fetch can read the manifest before the sources exist', async () => {
    const p = await plan({ 'Cargo.toml': toml('web'), 'Cargo.lock': '', 'src/main.rs': MAIN, 'src/lib.rs': '', 'src/bin/tool/main.rs': MAIN });
    expect(details(p).stubFiles).toEqual(['src/main.rs', 'src/bin/tool/main.rs', 'src/lib.rs']);
    expect(details(p).stubDirs).toEqual(['src/bin/tool']);
    expect(details(p).fetch).toEqual(['cargo', 'fetch', '--locked']);
    expect(p.build).toEqual(['cargo', 'build', '--release', '--locked', '--bin', 'web']);
  });

  test('no Cargo.lock: no --locked, and a note', async () => {
    const p = await plan({ 'Cargo.toml': toml('web'), 'src/main.rs': MAIN });
    expect(p.build).toEqual(['cargo', 'build', '--release', '--bin', 'web']);
    expect(details(p).manifests).toEqual([{ files: ['Cargo.toml'], dest: './' }]);
    expect(p.notes.join('\n')).toMatch(/no Cargo.lock/);
  });
});

describe('workspaces', () => {
  const ws: Files = {
    'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/gen"]\nexclude = ["crates/old"]\n\n[workspace.package]\nrust-version = "1.80"\n\n[workspace.dependencies]\ncore = { path = "crates/core" }\nredis = { version = "0.25", features = ["tokio-comp"] }\n',
    'Cargo.lock': '',
    'crates/core/Cargo.toml': toml('core', '\n[dependencies]\nsqlx = { version = "0.8", features = ["runtime-tokio", "postgres"] }\n'),
    'crates/core/src/lib.rs': '',
    'crates/api/Cargo.toml': toml('api', 'rust-version.workspace = true\n\n[dependencies]\ncore = { workspace = true }\nkv = { workspace = true, package = "redis" }\naxum = "0.7"\n\n[dev-dependencies]\nmongodb = "3"\n'),
    'crates/api/src/main.rs': 'fn main() { let addr = SocketAddr::from(([0, 0, 0, 0], 3000)); }',
    'crates/old/Cargo.toml': 'not toml at all [',
    'tools/gen/Cargo.toml': toml('gen'),
    'tools/gen/src/main.rs': MAIN,
  };

  test('members from globs (minus exclude); the first binary crate by name; services via the local closure', async () => {
    const p = await plan(ws);
    expect(p.workspaces).toEqual(['crates/api', 'crates/core', 'tools/gen']);
    expect(p.build).toEqual(['cargo', 'build', '--release', '--locked', '--package', 'api', '--bin', 'api']);
    expect(p.notes.join('\n')).toMatch(/binary api: the only binary of api, first crate by name; also found gen:gen \(build one with --main gen:gen\)/);
    expect(p.runtime.version).toBe('1');
    expect(p.framework).toBe('axum');
    expect(p.port).toBe(3000);
    expect(p.services).toEqual(['redis', 'postgres']);
    expect(details(p).manifests).toEqual([
      { files: ['Cargo.toml', 'Cargo.lock'], dest: './' },
      { files: ['crates/api/Cargo.toml'], dest: 'crates/api/' },
      { files: ['crates/core/Cargo.toml'], dest: 'crates/core/' },
      { files: ['tools/gen/Cargo.toml'], dest: 'tools/gen/' },
    ]);
    expect(details(p).targetCache).toBe('cargo-target-api');
  });

  test.each<[string, string, string]>([['crate:bin', 'gen:gen', 'gen'], ['bin', 'gen', 'gen'], ['crate name', 'api', 'api']])('--main %s', async (_, main, want) => {
    expect(bin(await plan(ws, { main }))).toBe(want);
  });

  test('a root package wins over members', async () => {
    const p = await plan({ 'Cargo.toml': `${toml('root')}\n[workspace]\nmembers = ["sub"]\n`, 'src/main.rs': MAIN, 'sub/Cargo.toml': toml('sub'), 'sub/src/main.rs': MAIN });
    expect(bin(p)).toBe('root');
    expect(p.build).toContain('--package');
  });

  test('a path dependency outside the members is copied too', async () => {
    const p = await plan({ 'Cargo.toml': toml('app', '\n[dependencies]\nutil = { path = "libs/util" }\n'), 'src/main.rs': MAIN, 'libs/util/Cargo.toml': toml('util'), 'libs/util/src/lib.rs': '' });
    expect(details(p).manifests).toContainEqual({ files: ['libs/util/Cargo.toml'], dest: 'libs/util/' });
    expect(details(p).stubFiles).toContain('libs/util/src/lib.rs');
    expect(p.workspaces).toEqual([]);
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['ambiguous bin', { 'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n', 'a/Cargo.toml': toml('a', '[[bin]]\nname = "run"\npath = "r.rs"\n'), 'b/Cargo.toml': toml('b', '[[bin]]\nname = "run"\npath = "r.rs"\n') }, { main: 'run' }, /^--main: binary "run" exists in several crates; use crate:bin, one of a:run, b:run/],
    ['unknown --main', { 'Cargo.toml': toml('web'), 'src/main.rs': MAIN }, { main: 'nope' }, /^--main: no binary "nope"; choose one of web:web/],
    ['only libraries', { 'Cargo.toml': toml('lib'), 'src/lib.rs': '' }, {}, /^Cargo.toml: no binary target/],
    ['member without Cargo.toml', { 'Cargo.toml': '[workspace]\nmembers = ["gone"]\n' }, {}, /^Cargo.toml: workspace member gone has no Cargo.toml/],
    ['neither package nor workspace', { 'Cargo.toml': '[dependencies]\nserde = "1"\n' }, {}, /^Cargo.toml: no \[package\] or \[workspace\] table/],
    ['package without name', { 'Cargo.toml': '[package]\nversion = "1.0.0"\n', 'src/main.rs': MAIN }, {}, /^Cargo.toml: \[package\] has no name/],
    ['no target at all', { 'Cargo.toml': toml('empty') }, {}, /^Cargo.toml: no target/],
    ['default-run naming nothing', { 'Cargo.toml': toml('web', 'default-run = "ghost"\n'), 'src/main.rs': MAIN }, {}, /^Cargo.toml: default-run "ghost" is not a binary of web/],
    ['TOML syntax error with line:col', { 'Cargo.toml': '[package]\nname = "a"\nversion = \n' }, {}, /^Cargo.toml:3:11: invalid TOML \(invalid value\)/],
    ['broken member manifest', { 'Cargo.toml': '[workspace]\nmembers = ["m"]\n', 'm/Cargo.toml': '[package\n' }, {}, /^m\/Cargo.toml:1:\d+: invalid TOML/],
    ['--base alpine', { 'Cargo.toml': toml('web'), 'src/main.rs': MAIN }, { base: 'alpine' }, /^--base alpine: the Rust build links against glibc/],
    ['--build', { 'Cargo.toml': toml('web'), 'src/main.rs': MAIN }, { build: 'make' }, /^--build: the Rust build is generated/],
  ])('negative: %s', async (_, files, answers, error) => {
    await expect(plan(files, answers)).rejects.toThrow(error);
  });
});

describe('toolchain version', () => {
  test.each<[string, Files, Answers, string, string]>([
    ['rust-toolchain.toml with a full version', { 'rust-toolchain.toml': '[toolchain]\nchannel = "1.78.0"\n' }, {}, '1.78', 'bookworm'],
    ['legacy rust-toolchain file', { 'rust-toolchain': '1.80\n' }, {}, '1.80', 'bookworm'],
    ['legacy file in TOML form', { 'rust-toolchain': '[toolchain]\nchannel = "stable"\n' }, {}, '1', 'trixie'],
    ['rust-version is a minimum: stable', { rv: '1.74' }, {}, '1', 'trixie'],
    ['toolchain file beats rust-version', { 'rust-toolchain.toml': '[toolchain]\nchannel = "1.82"\n', rv: '1.70' }, {}, '1.82', 'bookworm'],
    ['a toolchain before 1.70 falls back to bullseye', { 'rust-toolchain.toml': '[toolchain]\nchannel = "1.65"\n' }, {}, '1.65', 'bullseye'],
    ['nothing pinned: stable', {}, {}, '1', 'trixie'],
    ['--runtime-version', { rv: '1.70' }, { runtimeVersion: '1.90.1' }, '1.90', 'trixie'],
  ])('%s', async (_, files, answers, want, debian) => {
    const { rv, ...rest } = files as Files & { rv?: string };
    const p = await plan({ 'Cargo.toml': toml('web', rv ? `rust-version = "${rv}"\n` : ''), 'src/main.rs': MAIN, ...rest }, answers);
    expect(p.runtime.version).toBe(want);
    expect(p.args).toEqual([{ name: 'RUST_VERSION', value: want }]);
    expect(details(p).images.build).toEqual({ name: 'rust', tag: `\${RUST_VERSION}-${debian}` });
  });

  test.each<[string, Files, RegExp]>([
    ['nightly', { 'rust-toolchain.toml': '[toolchain]\nchannel = "nightly-2024-05-01"\n' }, /^rust-toolchain.toml: the channel has no official rust image/],
    ['no channel', { 'rust-toolchain.toml': '[toolchain]\ncomponents = ["clippy"]\n' }, /^rust-toolchain.toml: no toolchain channel/],
  ])('negative: %s', async (_, files, error) => {
    await expect(plan({ 'Cargo.toml': toml('web'), 'src/main.rs': MAIN, ...files })).rejects.toThrow(error);
  });

  test('toolchain files stay out of the build context', async () => {
    const p = await plan({ 'Cargo.toml': toml('web'), 'src/main.rs': MAIN });
    expect(p.dockerignore).toEqual(expect.arrayContaining(['rust-toolchain', 'rust-toolchain.toml', 'target', '**/target']));
  });
});

describe('port, health, services and runtime flavours', () => {
  test.each<[string, string, number]>([
    ['env fallback string', 'let port = env::var("PORT").unwrap_or_else(|_| "3000".into());', 3000],
    ['env fallback number', 'let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(4000);', 4000],
    ['bind literal', 'TcpListener::bind("0.0.0.0:5000")', 5000],
    ['nothing: 8080', 'println!("hi");', 8080],
  ])('port: %s', async (_, body, port) => {
    const p = await plan({ 'Cargo.toml': toml('web'), 'src/main.rs': `fn main() {\n${body}\n}\n` });
    expect(p.port).toBe(port);
    expect(p.healthcheck.cmd).toEqual(['/usr/local/bin/healthcheck', `http://127.0.0.1:${port}/`, '500', 'PORT']);
  });

  test('rocket: port 8000 and its address variables', async () => {
    const p = await plan({ 'Cargo.toml': toml('web', '\n[dependencies]\nrocket = "0.5"\n'), 'src/main.rs': '#[get("/healthz")]\nfn h() {}' });
    expect(p.port).toBe(8000);
    expect(p.healthcheck.path).toBe('/healthz');
    expect(p.env).toEqual([{ name: 'PORT', value: '8000' }, { name: 'ROCKET_ADDRESS', value: '0.0.0.0' }, { name: 'ROCKET_PORT', value: '8000' }]);
  });

  test('health route in a module file; services from target-specific deps; dev-dependencies ignored', async () => {
    const p = await plan({
      'Cargo.toml': toml('web', '\n[target.\'cfg(unix)\'.dependencies]\ntokio-postgres = "0.7"\n\n[dev-dependencies]\nredis = "0.25"\n'),
      'src/main.rs': MAIN,
      'src/routes.rs': 'match p { "/health" => ok(), _ => nf() }',
    });
    expect(p.healthcheck.path).toBe('/health');
    expect(p.services).toEqual(['postgres']);
  });

  test.each<[string, Answers, string, string[]]>([
    ['distroless (default)', {}, 'gcr.io/distroless/cc-debian13:nonroot', []],
    ['slim', { base: 'slim' }, 'debian:trixie-slim', ['ca-certificates']],
  ])('runtime %s renders a clean Dockerfile with tini as PID 1', async (_, answers, image, packages) => {
    const p = await plan({ 'Cargo.toml': toml('web'), 'src/main.rs': MAIN }, answers);
    expect(p.user).toEqual({ uid: 65532, gid: 65532 });
    expect(details(p).runtimePackages).toEqual(packages);
    const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfile).toContain(`FROM ${image} AS runtime`);
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/local/bin/tini", "-g", "--"]');
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  test('Cargo.toml next to package.json: Rust wins', async () => {
    expect((await plan({ 'Cargo.toml': toml('web'), 'src/main.rs': MAIN, 'package.json': { name: 'ui', scripts: { start: 'vite' } } })).stack).toBe('rust');
  });
});

describe('crates that link a shared C library at run time', () => {
  const diesel = (features: string, extra = ''): Files => ({
    'Cargo.toml': toml('api', `\n[dependencies]\ndiesel = { version = "2", features = [${features}] }\n${extra}`),
    'src/main.rs': MAIN,
  });
  test.each<[string, Files, string[], string, string[]]>([
    ['diesel postgres: libpq on Debian slim, and the postgres service', diesel('"postgres", "r2d2"'), ['postgres'], 'slim', ['ca-certificates', 'libpq5']],
    ['diesel mysql: the MariaDB client library', diesel('"mysql"'), ['mysql'], 'slim', ['ca-certificates', 'libmariadb3']],
    ['pq-sys directly', { 'Cargo.toml': toml('api', '\n[dependencies]\npq-sys = "0.6"\n'), 'src/main.rs': MAIN }, [], 'slim', ['ca-certificates', 'libpq5']],
    ['diesel sqlite links the system libsqlite3 (no service; Debian slim with libsqlite3-0)', diesel('"sqlite"'), [], 'slim', ['ca-certificates', 'libsqlite3-0']],
    ['negative: diesel sqlite with libsqlite3-sys bundled compiles SQLite in (distroless)', diesel('"sqlite"', 'libsqlite3-sys = { version = "0.30", features = ["bundled"] }\n'), [], 'distroless', []],
    ['negative: sqlx postgres speaks the protocol itself (distroless)', { 'Cargo.toml': toml('api', '\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n'), 'src/main.rs': MAIN }, ['postgres'], 'distroless', []],
  ])('%s', async (_name, files, services, base, packages) => {
    const p = await plan(files);
    expect(p.services).toEqual(services);
    expect(p.base).toBe(base);
    expect(details(p).runtimePackages).toEqual(packages);
    if (packages.length > 1) {
      expect(details(p).images.runtime).toEqual({ name: 'debian', tag: 'trixie-slim' });
      expect(p.notes.join('\n')).toMatch(/which distroless cc lacks \(installed: /);
      const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
      expect(dockerfile).toContain(`apt-get install -y --no-install-recommends ${packages.join(' ')}`);
      expect(dockerfileProblems(dockerfile)).toEqual([]);
    }
  });

  test('--base distroless with a linked library is refused in one line naming the crate', async () => {
    await expect(plan(diesel('"postgres"'), { base: 'distroless' })).rejects.toThrow(/^--base distroless: diesel-postgres links libpq, which distroless cc lacks; use --base slim$/);
  });
});
