import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { RustDetails } from '../../../detectors/rust/detector.js';

const MAIN = 'fn main() {}\n';
const toml = (deps = '', extra = ''): string => `[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n${extra}\n[dependencies]\n${deps}`;
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const details = (p: Plan): RustDetails => p.details as unknown as RustDetails;
const dockerfile = (p: Plan): string => render(p).find((f) => f.path === 'Dockerfile')!.text;
/** A Cargo.lock: the root package api depending on `direct`, and `edges` between registry crates. */
const lock = (direct: string[], edges: Record<string, string[]> = {}): string => {
  const pkg = (name: string, deps: string[], source = true): string => `[[package]]\nname = "${name}"\nversion = "1.0.0"\n${source ? 'source = "registry+https://example.invalid/index"\n' : ''}${deps.length ? `dependencies = [${deps.map((d) => `"${d}"`).join(', ')}]\n` : ''}`;
  const names = new Set([...direct, ...Object.keys(edges), ...Object.values(edges).flat()]);
  return `version = 4\n\n${[pkg('api', direct, false), ...[...names].map((n) => pkg(n, edges[n] ?? []))].join('\n')}`;
};

describe('-sys crates: build packages, and the runtime library where distroless cc lacks it', () => {
  test.each<[string, Files, string, string[], string[]]>([
    ['openssl-sys under reqwest\'s default native-tls (Cargo.lock): libssl-dev in the build, distroless cc holds libssl3',
      { 'Cargo.toml': toml('reqwest = "0.12"\n'), 'Cargo.lock': lock(['reqwest'], { reqwest: ['native-tls'], 'native-tls': ['openssl'], openssl: ['openssl-sys'] }) },
      'distroless', ['libssl-dev', 'pkg-config'], []],
    ['openssl crate without Cargo.lock', { 'Cargo.toml': toml('openssl = "0.10"\n') }, 'distroless', ['libssl-dev', 'pkg-config'], []],
    ['openssl-sys with --base slim: libssl3t64 installed', { 'Cargo.toml': toml('openssl-sys = "0.9"\n') }, 'slim', ['libssl-dev', 'pkg-config'], ['ca-certificates', 'libssl3t64']],
    ['openssl vendored (openssl-src in the lock): OpenSSL is built from source, nothing at run time',
      { 'Cargo.toml': toml('openssl = { version = "0.10", features = ["vendored"] }\n'), 'Cargo.lock': lock(['openssl'], { openssl: ['openssl-sys'], 'openssl-sys': ['openssl-src'] }) },
      'distroless', ['make', 'perl'], []],
    ['rusqlite without bundled links libsqlite3', { 'Cargo.toml': toml('rusqlite = "0.32"\n') }, 'slim', ['libsqlite3-dev', 'pkg-config'], ['ca-certificates', 'libsqlite3-0']],
    ['sqlx sqlite-unbundled links libsqlite3', { 'Cargo.toml': toml('sqlx = { version = "0.8", features = ["sqlite-unbundled", "runtime-tokio"] }\n') }, 'slim', ['libsqlite3-dev', 'pkg-config'], ['ca-certificates', 'libsqlite3-0']],
    ['pq-sys deep in the lock (postgres through diesel_async)', { 'Cargo.toml': toml('diesel_async = "0.5"\n'), 'Cargo.lock': lock(['diesel_async'], { diesel_async: ['diesel'], diesel: ['pq-sys'] }) }, 'slim', ['libpq-dev', 'pkg-config'], ['ca-certificates', 'libpq5']],
    ['mysqlclient-sys: the MariaDB client library', { 'Cargo.toml': toml('mysqlclient-sys = "0.4"\n') }, 'slim', ['default-libmysqlclient-dev', 'pkg-config'], ['ca-certificates', 'libmariadb3']],
  ])('%s', async (name, files, base, build, runtime) => {
    const p = await plan({ 'src/main.rs': MAIN, ...files }, name.includes('--base slim') ? { base: 'slim' } : {});
    expect(p.base).toBe(base);
    expect(details(p).buildPackages).toEqual(build);
    expect(details(p).runtimePackages).toEqual(runtime);
    const text = dockerfile(p);
    // A library's -dev package is the target architecture's (multiarch) in a cross build; tools are the build machine's.
    const words = build.map((b) => (b.endsWith('-dev') ? `${b}:"$TARGETARCH"` : b));
    const stage = text.slice(text.indexOf('FROM toolchain AS build'), text.indexOf('WORKDIR /app'));
    expect(stage).toContain(` && apt-get install -y --no-install-recommends ${words.join(' ')} \\\n`);
    const libs = build.some((b) => b.endsWith('-dev'));
    expect(stage.includes('dpkg --add-architecture "$TARGETARCH"'), 'multiarch only for linked libraries').toBe(libs);
    expect(stage.includes('PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu="/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig"')).toBe(libs);
    expect(p.notes.join('\n')).toMatch(/native libraries: .* links .*; the build stage installs /);
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test.each<[string, Files]>([
    ['reqwest with rustls only (default-features = false)', { 'Cargo.toml': toml('reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\n') }],
    ['the lock holds openssl-sys for another crate only', { 'Cargo.toml': toml('serde = "1"\n'), 'Cargo.lock': lock(['serde'], { tool: ['openssl-sys'] }) }],
    ['sqlx sqlite bundles SQLite', { 'Cargo.toml': toml('sqlx = { version = "0.8", features = ["sqlite"] }\n'), 'Cargo.lock': lock(['sqlx'], { sqlx: ['sqlx-sqlite'], 'sqlx-sqlite': ['libsqlite3-sys'] }) }],
    ['rusqlite bundled', { 'Cargo.toml': toml('rusqlite = { version = "0.32", features = ["bundled"] }\n') }],
    ['rustls-only TLS and sqlx postgres', { 'Cargo.toml': toml('sqlx = { version = "0.8", features = ["postgres"] }\nrustls = "0.23"\n') }],
  ])('negative: %s', async (_, files) => {
    const p = await plan({ 'src/main.rs': MAIN, ...files });
    expect(p.base).toBe('distroless');
    expect(details(p).buildPackages).toEqual([]);
    expect(dockerfile(p)).not.toMatch(/FROM toolchain AS build\nRUN apt-get/);
    expect(p.notes.join('\n')).not.toMatch(/native libraries/);
  });
});

describe('build prerequisites: features, linkers, sqlx offline data', () => {
  const guard = '#[cfg(not(any(feature = "sqlite", feature = "postgres")))]\ncompile_error!("enable sqlite or postgres");\nfn main() {}\n';
  test.each<[string, Files, string[], RegExp]>([
    ['required-features of the [[bin]]', { 'Cargo.toml': toml('', '\n[features]\ncli = []\n\n[[bin]]\nname = "api"\npath = "src/main.rs"\nrequired-features = ["cli"]\n'), 'src/main.rs': MAIN }, ['--features', 'cli'], /features cli: required-features of binary api/],
    ['compile_error! without one of the database features, no default', { 'Cargo.toml': toml('', '\n[features]\nsqlite = []\npostgres = []\n'), 'src/main.rs': guard }, ['--features', 'sqlite'], /features sqlite: src\/main.rs refuses to build without one of sqlite, postgres and the default features have none; the build passes --features sqlite/],
    ['a build.rs that panics without CARGO_FEATURE_*', { 'Cargo.toml': toml('', '\n[features]\nembed-ui = []\n'), 'src/main.rs': MAIN, 'build.rs': 'fn main() {\n  if std::env::var("CARGO_FEATURE_EMBED_UI").is_err() { panic!("build with --features embed-ui"); }\n}\n' }, ['--features', 'embed-ui'], /features embed-ui: build.rs refuses to build without it/],
  ])('%s', async (_, files, flags, note) => {
    const p = await plan(files);
    expect(p.build!.slice(-2)).toEqual(flags);
    expect(p.notes.join('\n')).toMatch(note);
    expect(dockerfile(p)).toContain(`--bin api ${flags.join(' ')}`);
  });

  test.each<[string, Files]>([
    ['the default set already has one', { 'Cargo.toml': toml('', '\n[features]\ndefault = ["db"]\ndb = ["postgres"]\nsqlite = []\npostgres = []\n'), 'src/main.rs': guard }],
    ['required-features the default set holds', { 'Cargo.toml': toml('', '\n[features]\ndefault = ["cli"]\ncli = []\n\n[[bin]]\nname = "api"\npath = "src/main.rs"\nrequired-features = ["cli"]\n'), 'src/main.rs': MAIN }],
    ['a cfg(feature) without compile_error!', { 'Cargo.toml': toml('', '\n[features]\nsqlite = []\n'), 'src/main.rs': '#[cfg(not(feature = "sqlite"))]\nfn store() {}\nfn main() {}\n' }],
    ['a build.rs that reads a feature without refusing', { 'Cargo.toml': toml('', '\n[features]\nfast = []\n'), 'src/main.rs': MAIN, 'build.rs': 'fn main() { if std::env::var("CARGO_FEATURE_FAST").is_ok() { println!("cargo:rustc-cfg=fast"); } }\n' }],
  ])('negative: %s', async (_, files) => {
    const p = await plan(files);
    expect(p.build).not.toContain('--features');
    expect(p.notes.join('\n')).not.toMatch(/^features /m);
  });

  test.each<[string, string, string[]]>([
    ['mold through clang (config.toml)', '[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\nrustflags = ["-C", "link-arg=-fuse-ld=mold"]\n', ['clang', 'mold']],
    ['lld in [build] rustflags', '[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n', ['lld']],
    ['a cfg(unix) target with /usr/bin/mold', '[target.\'cfg(target_os = "linux")\']\nrustflags = ["-C", "link-arg=-fuse-ld=/usr/bin/mold"]\n', ['mold']],
  ])('.cargo/config.toml: %s is installed in the build stage', async (_, config, tools) => {
    const p = await plan({ 'Cargo.toml': toml(), 'src/main.rs': MAIN, '.cargo/config.toml': config });
    expect(details(p).buildPackages).toEqual(tools);
    expect(dockerfile(p)).toMatch(new RegExp(`FROM toolchain AS build\\nRUN apt-get update \\\\\\n && apt-get install -y --no-install-recommends ${tools.join(' ')} `));
    expect(p.notes.join('\n')).toMatch(new RegExp(`.cargo/config.toml asks for ${tools.join(', ')}`));
  });

  test.each<[string, string]>([
    ['a macOS-only linker', '[target.aarch64-apple-darwin]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n'],
    ['rust-lld (ships with the toolchain)', '[target.x86_64-unknown-linux-gnu]\nrustflags = ["-C", "link-arg=-fuse-ld=rust-lld"]\n'],
    ['a config without linkers', '[net]\ngit-fetch-with-cli = true\n'],
  ])('negative: .cargo/config.toml with %s installs nothing', async (_, config) => {
    const p = await plan({ 'Cargo.toml': toml(), 'src/main.rs': MAIN, '.cargo/config.toml': config });
    expect(details(p).buildPackages).toEqual([]);
  });

  const sqlx = { 'Cargo.toml': toml('sqlx = { version = "0.8", features = ["postgres", "macros"] }\n'), 'src/main.rs': 'fn main() {}\nasync fn count(db: &sqlx::PgPool) { sqlx::query!("SELECT 1 AS one").fetch_one(db).await.unwrap(); }\n' };
  test('sqlx query! with committed .sqlx/: SQLX_OFFLINE=true in the build stage', async () => {
    const p = await plan({ ...sqlx, '.sqlx/query-abc.json': '{}' });
    expect(details(p).buildEnv).toEqual([{ name: 'SQLX_OFFLINE', value: 'true' }]);
    expect(dockerfile(p)).toMatch(/FROM toolchain AS build\nWORKDIR \/app\nENV SQLX_OFFLINE="true"\n/);
    expect(p.warnings ?? []).toEqual([]);
  });

  test('sqlx query! without .sqlx/: one warning naming cargo sqlx prepare', async () => {
    const p = await plan(sqlx);
    expect(details(p).buildEnv).toEqual([]);
    expect(p.warnings).toEqual(['src/main.rs: sqlx query! macros need a database at build time or committed query data; run `cargo sqlx prepare` and commit .sqlx/ (the Dockerfile then builds with SQLX_OFFLINE=true)']);
  });

  test.each<[string, Files]>([
    ['sqlx without macros in use (query() functions)', { ...sqlx, 'src/main.rs': 'fn main() {}\nasync fn f(db: &sqlx::PgPool) { sqlx::query("SELECT 1").execute(db).await.unwrap(); }\n' }],
    ['a query! macro of another crate', { 'Cargo.toml': toml('tokio-postgres = "0.7"\n'), 'src/main.rs': 'macro_rules! query { () => {} }\nfn main() { query!(); }\n' }],
  ])('negative: %s sets nothing and warns nothing', async (_, files) => {
    const p = await plan(files);
    expect(details(p).buildEnv).toEqual([]);
    expect(p.warnings ?? []).toEqual([]);
  });
});

describe('build scripts exist before cargo fetch (a manifest with `links` does not parse without one)', () => {
  test.each<[string, Files, string[]]>([
    ['a local -sys crate with links and build.rs', { 'Cargo.toml': toml('ffi-sys = { path = "ffi-sys" }\n'), 'src/main.rs': MAIN, 'ffi-sys/Cargo.toml': '[package]\nname = "ffi-sys"\nversion = "0.1.0"\nlinks = "ffi"\n', 'ffi-sys/build.rs': 'fn main() {}\n', 'ffi-sys/src/lib.rs': '' }, ['src/main.rs', 'ffi-sys/src/lib.rs', 'ffi-sys/build.rs']],
    ['an explicit build = "tools/gen.rs"', { 'Cargo.toml': toml('', 'build = "tools/gen.rs"\n'), 'src/main.rs': MAIN, 'tools/gen.rs': 'fn main() {}\n' }, ['src/main.rs', 'tools/gen.rs']],
    ['negative: build = false ignores a build.rs', { 'Cargo.toml': toml('', 'build = false\n'), 'src/main.rs': MAIN, 'build.rs': 'fn main() {}\n' }, ['src/main.rs']],
    ['negative: no build script', { 'Cargo.toml': toml(), 'src/main.rs': MAIN }, ['src/main.rs']],
  ])('%s', async (_, files, stubs) => {
    expect(details(await plan(files)).stubFiles).toEqual(stubs);
  });
});
