import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { composeProblems, dockerfileProblems } from '../../helpers/validate.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { RustDetails } from '../../../detectors/rust/detector.js';
import { cliPin, DIESEL_CLI, SQLX_CLI } from '../../../src/versions/rust-migration-tools.js';

const MAIN = 'fn main() {}\n';
const toml = (name: string, deps = ''): string => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}`;
const lock = (...crates: [string, string][]): string =>
  `version = 4\n\n[[package]]\nname = "web"\nversion = "0.1.0"\ndependencies = [${crates.map(([n]) => `"${n}"`).join(', ')}]\n${crates.map(([n, v]) => `\n[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "registry+https://example.invalid/index"\n`).join('')}`;
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const stage = (p: Plan): RustDetails['migrate'] => (p.details as unknown as RustDetails).migrate;
const notes = (p: Plan): string => p.notes.join('\n');

const DIESEL_PG = 'diesel = { version = "2.2", features = ["postgres", "r2d2"] }\n';
const DIESEL_MIGRATION = { 'migrations/2024-01-01-000000_create_users/up.sql': 'CREATE TABLE users (id SERIAL PRIMARY KEY);', 'migrations/2024-01-01-000000_create_users/down.sql': 'DROP TABLE users;' };
const SQLX_PG = 'sqlx = { version = "0.7", features = ["runtime-tokio", "postgres"] }\n';
const SQLX_MIGRATION = { 'migrations/20240101000000_users.sql': 'CREATE TABLE users (id BIGSERIAL PRIMARY KEY);' };

describe('Rust migrations: which tool, run how', () => {
  test.each<[string, Files, Answers, string | null, string[] | null, RegExp]>([
    ['diesel CLI: diesel.toml and <stamp>_name/up.sql, postgres feature',
      { 'Cargo.toml': toml('web', DIESEL_PG), 'diesel.toml': '[print_schema]\nfile = "src/schema.rs"\n', 'src/main.rs': MAIN, ...DIESEL_MIGRATION }, {},
      'diesel', ['/usr/local/bin/diesel', 'migration', 'run', '--migration-dir', '/app/migrations'], /migrate service \(diesel\): migrations and the diesel dependency \(postgres\)/],
    ['diesel: migrations_directory of diesel.toml',
      { 'Cargo.toml': toml('web', DIESEL_PG), 'diesel.toml': '[migrations_directory]\ndir = "db/migrations"\n', 'src/main.rs': MAIN, 'db/migrations/00000000000000_init/up.sql': 'SELECT 1;' }, {},
      'diesel', ['/usr/local/bin/diesel', 'migration', 'run', '--migration-dir', '/app/migrations'], /db\/migrations and the diesel dependency/],
    ['diesel_migrations::embed_migrations! in the app: it migrates at start',
      { 'Cargo.toml': toml('web', `${DIESEL_PG}diesel_migrations = "2.2"\n`), 'src/main.rs': 'mod db;\nfn main() {}\n', 'src/db.rs': 'pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");\n', ...DIESEL_MIGRATION }, {},
      null, null, /migrations: diesel_migrations::embed_migrations! in src\/db\.rs, so the app applies them when it starts \(no migrate service\)/],
    ['negative: diesel without a migrations folder', { 'Cargo.toml': toml('web', DIESEL_PG), 'diesel.toml': '', 'src/main.rs': MAIN }, {}, null, null, /^(?![\s\S]*migrat)/],
    ['negative: diesel migrations with the database service turned off', { 'Cargo.toml': toml('web', DIESEL_PG), 'src/main.rs': MAIN, ...DIESEL_MIGRATION }, { services: [] },
      null, null, /no migrate service for the diesel migrations in migrations: no postgres service/],
    ['sqlx CLI: migrations/*.sql and no migrate! in the app',
      { 'Cargo.toml': toml('web', SQLX_PG), 'src/main.rs': MAIN, ...SQLX_MIGRATION }, {},
      'sqlx', ['/usr/local/bin/sqlx', 'migrate', 'run', '--source', '/app/migrations'], /sqlx-cli 0\.8\.6 \(no sqlx in Cargo\.lock: the newest release\), features postgres,rustls/],
    ['sqlx::migrate!() in the app: it migrates at start',
      { 'Cargo.toml': toml('web', SQLX_PG), 'src/main.rs': 'async fn main() { sqlx::migrate!().run(&pool).await.unwrap(); }\n', ...SQLX_MIGRATION }, {},
      null, null, /sqlx::migrate! in src\/main\.rs, so the app applies them when it starts/],
    ['sqlx::migrate! in src/bin/migrate.rs: that binary is the migration, built into the migrate stage',
      { 'Cargo.toml': toml('web', SQLX_PG), 'src/main.rs': MAIN, 'src/bin/migrate.rs': 'fn main() { sqlx::migrate!(); }\n', ...SQLX_MIGRATION }, {},
      'migrate binary', ['/app/migrate'], /migrate service \(migrate binary\): src\/bin\/migrate\.rs: binary migrate of web/],
    ['sea-orm-migration crate: `migration up`, never the app',
      {
        'Cargo.toml': '[workspace]\nmembers = ["api", "migration"]\n', 'Cargo.lock': '',
        'api/Cargo.toml': toml('api', 'sea-orm = { version = "1", features = ["sqlx-postgres"] }\n'), 'api/src/main.rs': MAIN,
        'migration/Cargo.toml': toml('migration', 'sea-orm-migration = { version = "1", features = ["sqlx-postgres"] }\n'), 'migration/src/main.rs': MAIN, 'migration/src/lib.rs': '',
      }, { services: ['postgres'] },
      'sea-orm-migration', ['/app/migration', 'up'], /migration\/Cargo\.toml: crate migration depends on sea-orm-migration \(binary migration\)/],
    ['sea-orm Migrator::up in the app: it migrates at start',
      {
        'Cargo.toml': toml('api', 'migration = { path = "migration" }\n') + '\n[workspace]\nmembers = [".", "migration"]\n',
        'src/main.rs': 'async fn main() { Migrator::up(&db, None).await?; }\n',
        'migration/Cargo.toml': toml('migration', 'sea-orm-migration = "1"\n'), 'migration/src/main.rs': MAIN, 'migration/src/lib.rs': '',
      }, { services: ['postgres'] },
      null, null, /Migrator::up in src\/main\.rs, so the app applies them/],
    ['negative: a migration crate with no database', {
      'Cargo.toml': '[workspace]\nmembers = ["web", "migration"]\n', 'web/Cargo.toml': toml('web'), 'web/src/main.rs': MAIN, 'migration/Cargo.toml': toml('migration'), 'migration/src/main.rs': MAIN,
    }, {}, null, null, /no migrate service for migration\/Cargo\.toml: the migration crate migration \(binary migration\): no database service/],
    ['refinery CLI: V<n>__name.sql without embed_migrations!',
      { 'Cargo.toml': toml('web', 'refinery = { version = "0.8", features = ["tokio-postgres"] }\ntokio-postgres = "0.7"\n'), 'src/main.rs': MAIN, 'migrations/V1__init.sql': 'CREATE TABLE t (id INT);' }, {},
      'refinery', ['/usr/local/bin/refinery', 'migrate', '-e', 'DATABASE_URL', '-p', '/app/migrations'], /refinery_cli 0\.9\.1 .*features postgresql/],
    ['refinery embed_migrations! in the app', { 'Cargo.toml': toml('web', 'refinery = { version = "0.8", features = ["tokio-postgres"] }\ntokio-postgres = "0.7"\n'), 'src/main.rs': 'embed_migrations!("migrations");\nfn main() {}\n', 'migrations/V1__init.sql': '' }, {},
      null, null, /refinery::embed_migrations! in src\/main\.rs/],
    ['negative: sqlx with no migrations folder', { 'Cargo.toml': toml('web', SQLX_PG), 'src/main.rs': MAIN }, {}, null, null, /^(?![\s\S]*migrat)/],
  ])('%s', async (_, files, answers, tool, command, note) => {
    const p = await plan(files, answers);
    expect(p.migrate?.tool ?? null).toBe(tool);
    expect(p.migrate?.command ?? null).toEqual(command);
    if (tool) expect(p.migrate?.stage).toBe(true);
    expect(stage(p) === null).toBe(tool === null);
    expect(notes(p)).toMatch(note);
  });
});

describe('the migrate stage in the Dockerfile', () => {
  test('diesel_cli: pinned by the locked diesel line, only the postgres feature, libpq built for the target and installed in a slim runtime', async () => {
    const p = await plan({ 'Cargo.toml': toml('web', DIESEL_PG), 'Cargo.lock': lock(['diesel', '2.2.4']), 'diesel.toml': '', 'src/main.rs': MAIN, ...DIESEL_MIGRATION });
    const s = stage(p)!;
    expect(s.tool!.install).toEqual(['cargo', 'install', '--locked', '--version', '2.2.12', '--no-default-features', '--features', 'postgres', 'diesel_cli']);
    expect(s.tool!.buildByArch).toEqual({ target: ['libpq-dev'], tools: ['pkg-config'] });
    expect(s.image).toEqual({ name: 'debian', tag: 'trixie-slim' });
    expect(s.runtimePackages).toEqual(['ca-certificates', 'libpq5']);
    expect(s.migrations).toEqual({ from: 'migrations', to: '/app/migrations' });
    const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(dockerfile).toContain('FROM toolchain AS migrate-tool');
    expect(dockerfile).toContain(' && cargo install --locked --version 2.2.12 --no-default-features --features postgres diesel_cli --target "$target" --root /out');
    expect(dockerfile).toMatch(/libpq-dev:"\$TARGETARCH" pkg-config/);
    expect(dockerfile).toContain('COPY --from=migrate-tool ["/out/bin/diesel", "/usr/local/bin/diesel"]');
    expect(dockerfile).toContain('COPY ["migrations", "/app/migrations"]');
    // The migrate stage comes before the runtime, which stays the last (default) stage; diesel.toml stays out of it.
    expect(dockerfile.indexOf('AS migrate\n')).toBeLessThan(dockerfile.indexOf('AS runtime\n'));
    expect(dockerfile).not.toContain('diesel.toml');
    const compose = render(p).find((f) => f.path === 'docker-compose.yml')!.text;
    expect(composeProblems(compose)).toEqual([]);
    expect(compose).toMatch(/ {2}migrate:\n {4}build:\n[\s\S]*? {6}target: migrate\n {4}command: \["\/usr\/local\/bin\/diesel"/);
    expect(compose).toMatch(/migrate:\n {8}condition: service_completed_successfully/);
  });

  test('sqlx-cli: pure Rust with rustls, so the migrate image is distroless cc; --base slim makes it slim', async () => {
    const files = { 'Cargo.toml': toml('web', SQLX_PG), 'Cargo.lock': lock(['sqlx', '0.7.3']), 'src/main.rs': MAIN, ...SQLX_MIGRATION };
    const s = stage(await plan(files))!;
    expect(s.tool!.install).toEqual(['cargo', 'install', '--locked', '--version', '0.7.4', '--no-default-features', '--features', 'postgres,rustls', 'sqlx-cli']);
    expect(s.tool!.buildPackages).toEqual([]);
    expect(s.image).toEqual({ name: 'gcr.io/distroless/cc-debian13', tag: 'nonroot' });
    expect(stage(await plan(files, { base: 'slim' }))!.image).toEqual({ name: 'debian', tag: 'trixie-slim' });
  });

  test('a migration crate: a second binary from the build stage with the app\'s target cache, on the app\'s runtime', async () => {
    const p = await plan({
      'Cargo.toml': '[workspace]\nmembers = ["web", "migration"]\n', 'Cargo.lock': '',
      'web/Cargo.toml': toml('web'), 'web/src/main.rs': MAIN, 'migration/Cargo.toml': toml('migration'), 'migration/src/main.rs': MAIN,
    }, { services: ['postgres'] });
    expect(p.start).toEqual(['/app/web']);
    const s = stage(p)!;
    expect(s.build).toEqual({ command: ['cargo', 'build', '--release', '--locked', '--package', 'migration', '--bin', 'migration'], artifact: 'release/migration', output: '/out/migrate/migration' });
    const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(dockerfile).toMatch(/FROM build AS migrate-build\n[\s\S]*?--mount=type=cache,id=cargo-target-web,target=\/app\/target,sharing=locked/);
    expect(dockerfile).toContain('COPY --from=migrate-build ["/out/migrate/migration", "/app/migration"]');
  });

  test('SQLite: a migration is kept only when the database file is on the data volume', async () => {
    const sqlite = 'sqlx = { version = "0.8", features = ["runtime-tokio", "sqlite"] }\n';
    const base = { 'Cargo.toml': toml('web', sqlite), 'src/main.rs': MAIN, ...SQLX_MIGRATION };
    const kept = await plan({ ...base, '.env.example': 'DATABASE_URL=sqlite://data/app.db\n' });
    expect(kept.migrate).toMatchObject({ tool: 'sqlx', embedded: true });
    expect(stage(kept)!.tool!.install).toContain('sqlite,rustls');
    const dropped = await plan(base);
    expect(dropped.migrate ?? null).toBeNull();
    expect(notes(dropped)).toMatch(/no migrate service for sqlx: no database service and no SQLite file/);
  });
});

describe('CLI pins', () => {
  test.each<[string | undefined, string, boolean]>([
    ['2.2.4', '2.2.12', true],
    ['2.3.0', '2.3.12', true],
    [undefined, DIESEL_CLI.latest, true],
    ['9.1.0', DIESEL_CLI.latest, false],
  ])('diesel %s -> diesel_cli %s', (locked, version, known) => {
    expect(cliPin(DIESEL_CLI, locked)).toEqual({ version, known });
  });

  test('every sqlx-cli pin has the rustls feature (0.6 onwards)', () => {
    for (const v of Object.values(SQLX_CLI.pins)) expect(Number(v.split('.')[1])).toBeGreaterThanOrEqual(6);
  });
});
