import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems, composeProblems } from '../../helpers/validate.js';
import { auditFiles } from '../../../src/audit/audit.js';
import type { Plan } from '../../../src/plan/types.js';
import type { GoDetails } from '../../../detectors/go/detector.js';

const SERVE = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const mod = (...requires: string[]) => `module example.com/shop\n\ngo 1.22\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n`;
const sum = { 'go.sum': '' };
const PQ = 'github.com/lib/pq v1.10.9';
const GOOSE = 'github.com/pressly/goose/v3 v3.21.1';
const MIGRATE = 'github.com/golang-migrate/migrate/v4 v4.17.1';
const GOOSE_SQL = '-- +goose Up\nCREATE TABLE items (id int);\n\n-- +goose Down\nDROP TABLE items;\n';
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject({ ...sum, ...files }), {})).plan;
const stage = (p: Plan) => (p.details as unknown as GoDetails).migrate;
const PG_URL = 'postgres://${POSTGRES_USER:-app}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}@postgres:5432/${POSTGRES_DB:-app}?sslmode=disable';

describe('Go migrations: a migrate service', () => {
  test.each<[string, Files, { tool: string; command: string[]; k8s?: string[] }]>([
    ['goose SQL migrations in a folder (postgres)', { 'go.mod': mod(PQ, GOOSE), 'main.go': SERVE, 'db/migrations/00001_items.sql': GOOSE_SQL, 'db/migrations/00002_more.sql': GOOSE_SQL, 'db/seed.sql': 'INSERT 1;' },
      { tool: 'goose', command: ['postgres', PG_URL, 'up'], k8s: ['postgres', '$(DATABASE_URL)', 'up'] }],
    ['golang-migrate NNN_name.up.sql / .down.sql pairs', { 'go.mod': mod('github.com/jackc/pgx/v5 v5.6.0', MIGRATE), 'main.go': SERVE, 'migrations/000001_init.up.sql': 'CREATE TABLE a (id int);', 'migrations/000001_init.down.sql': 'DROP TABLE a;' },
      { tool: 'golang-migrate', command: ['-database', PG_URL, 'up'], k8s: ['-database', '$(DATABASE_URL)', 'up'] }],
    ['golang-migrate against MySQL: its tcp() URL form', { 'go.mod': mod('github.com/go-sql-driver/mysql v1.8.1', MIGRATE), 'main.go': SERVE, 'sql/1_init.up.sql': 'CREATE TABLE a (id int);' },
      { tool: 'golang-migrate', command: ['-database', 'mysql://app:${MYSQL_PASSWORD:?set MYSQL_PASSWORD in .env (see .env.example)}@tcp(mysql:3306)/${MYSQL_DATABASE:-app}', 'up'] }],
    ['goose against MySQL: go-sql-driver\'s DSN', { 'go.mod': mod('github.com/go-sql-driver/mysql v1.8.1', GOOSE), 'main.go': SERVE, 'migrations/1_a.sql': GOOSE_SQL },
      { tool: 'goose', command: ['mysql', 'app:${MYSQL_PASSWORD:?set MYSQL_PASSWORD in .env (see .env.example)}@tcp(mysql:3306)/${MYSQL_DATABASE:-app}?parseTime=true', 'up'] }],
    ['the project\'s cmd/migrate program (database/sql)', { 'go.mod': mod(PQ), 'main.go': SERVE, 'cmd/migrate/main.go': 'package main\n\nimport "database/sql"\n\nfunc main() { sql.Open("postgres", "") }\n' },
      { tool: 'cmd/migrate', command: ['/app/migrate'] }],
    ['cmd/<app>-migrate reading the database URL', { 'go.mod': mod(PQ), 'cmd/shop/main.go': SERVE, 'cmd/shop-migrate/main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("DATABASE_URL") }\n' },
      { tool: 'cmd/shop-migrate', command: ['/app/shop-migrate'] }],
    ['an admin tool\'s migrate subcommand (a switch on its arguments)', { 'go.mod': mod(PQ), 'cmd/shop/main.go': SERVE, 'cmd/admin/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\tswitch os.Args[1] {\n\tcase "migrate":\n\t\trun()\n\tcase "seed":\n\t}\n}\n' },
      { tool: 'admin migrate', command: ['/app/admin', 'migrate'] }],
    ['goose.Up under the served binary\'s own migrate subcommand', { 'go.mod': mod(PQ, GOOSE), 'main.go': 'package main\n\nfunc main() {\n\tswitch os.Args[1] {\n\tcase "migrate":\n\t\tgoose.Up(db, "migrations")\n\tdefault:\n\t\tserve()\n\t}\n}\n', 'migrations/1_a.sql': GOOSE_SQL },
      { tool: 'shop migrate', command: ['/app/shop', 'migrate'] }],
    ['the served binary\'s cobra migrate command', { 'go.mod': mod(PQ), 'main.go': SERVE, 'cmd.go': 'package main\n\nvar migrateCmd = &cobra.Command{\n\tUse: "migrate",\n}\n' },
      { tool: 'shop migrate', command: ['/app/shop', 'migrate'] }],
  ])('%s', async (_name, files, want) => {
    const p = await plan(files);
    expect(p.migrate?.tool).toBe(want.tool);
    expect(p.migrate?.command).toEqual(want.command);
    if (want.k8s) expect(p.migrate?.k8sCommand).toEqual(want.k8s);
    expect(p.migrate?.stage).toBe(true);
    const out = render(p);
    const dockerfile = out.find((f) => f.path === 'Dockerfile')!.text;
    const compose = out.find((f) => f.path === 'docker-compose.yml')!.text;
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(composeProblems(compose)).toEqual([]);
    expect(auditFiles(out.map(({ path, text }) => ({ path, text })))).toEqual([]);
    // The migrate stage comes before the runtime, which stays the default target of a plain docker build.
    expect(dockerfile.indexOf(' AS migrate\n')).toBeGreaterThan(0);
    expect(dockerfile.indexOf(' AS migrate\n')).toBeLessThan(dockerfile.indexOf(' AS runtime\n'));
    expect(compose).toMatch(/migrate:\n {4}build:\n[\s\S]*target: migrate\n[\s\S]*restart: "no"/);
    expect(compose).toContain('condition: service_completed_successfully');
  });

  test('a CLI is installed at the version go.mod pins, with the driver tag golang-migrate needs, and its folder copied', async () => {
    const goose = stage(await plan({ 'go.mod': mod(PQ, GOOSE), 'main.go': SERVE, 'db/migrations/1_a.sql': GOOSE_SQL }))!;
    expect(goose.install).toEqual(['go', 'install', '-trimpath', '-ldflags=-s -w', 'github.com/pressly/goose/v3/cmd/goose@v3.21.1']);
    expect(goose.entrypoint).toEqual(['/app/goose', '-dir', '/app/db/migrations']);
    expect(goose.copies).toEqual([{ src: 'db/migrations', dest: '/app/db/migrations/' }]);
    const gm = stage(await plan({ 'go.mod': mod(PQ, MIGRATE), 'main.go': SERVE, 'migrations/1_a.up.sql': 'x' }))!;
    expect(gm.install).toEqual(['go', 'install', '-trimpath', '-ldflags=-s -w', '-tags=postgres', 'github.com/golang-migrate/migrate/v4/cmd/migrate@v4.17.1']);
    expect(gm.entrypoint).toEqual(['/app/migrate', '-path', '/app/migrations']);
  });

  test('a program is built like the app from the build stage; the served binary\'s subcommand reuses the app\'s build', async () => {
    const own = stage(await plan({ 'go.mod': mod(PQ), 'main.go': SERVE, 'cmd/migrate/main.go': 'package main\n\nimport _ "github.com/lib/pq"\n\nfunc main() {}\n', 'migrations/1.sql': 'x' }))!;
    expect(own.build).toEqual(['go', 'build', '-trimpath', '-ldflags=-s -w', '-o', '/out/migrate', './cmd/migrate']);
    expect(own.copies).toEqual([{ src: 'migrations', dest: '/app/migrations/' }]);
    const sub = stage(await plan({ 'go.mod': mod(PQ), 'main.go': SERVE, 'cli.go': 'package main\n\nfunc run(a string) {\n\tswitch a {\n\tcase "serve", "migrate":\n\t}\n}\n' }))!;
    expect(sub).toMatchObject({ build: null, from: 'build', output: '/out/shop', cmd: ['/app/shop', 'migrate'] });
  });
});

describe('Go migrations: no migrate service', () => {
  test.each<[string, Files, RegExp | null]>([
    ['the served main runs goose.Up at start', { 'go.mod': mod(PQ, GOOSE), 'main.go': 'package main\n\nfunc main() { goose.Up(db, "migrations") }\n', 'migrations/1_a.sql': GOOSE_SQL }, /migrations run at start \(main\.go\)/],
    ['a package runs golang-migrate\'s m.Up() at start', { 'go.mod': mod(PQ, MIGRATE), 'main.go': SERVE, 'internal/db/db.go': 'package db\n\nfunc Migrate() { m, _ := migrate.New("file://migrations", url); m.Up() }\n', 'migrations/1_a.up.sql': 'x' }, /migrations run at start \(internal\/db\/db\.go\)/],
    ['cmd/migrate that touches no database', { 'go.mod': mod(PQ), 'main.go': SERVE, 'cmd/migrate/main.go': 'package main\n\nimport "os"\n\nfunc main() { os.Rename("a.json", "b.json") }\n' }, null],
    ['goose required but no -- +goose Up file', { 'go.mod': mod(PQ, GOOSE), 'main.go': SERVE, 'schema/schema.sql': 'CREATE TABLE a (id int);' }, null],
    ['golang-migrate files without the library in go.mod', { 'go.mod': mod(PQ), 'main.go': SERVE, 'migrations/000001_init.up.sql': 'x', 'migrations/000001_init.down.sql': 'x' }, null],
    ['goose SQL migrations without a database service', { 'go.mod': mod(GOOSE), 'main.go': SERVE, 'migrations/1_a.sql': GOOSE_SQL }, /no migrate service without a database service/],
    ['goose Go migrations only: the CLI cannot run them', { 'go.mod': mod(PQ, GOOSE), 'main.go': SERVE, 'migrations/00001_a.go': 'package migrations\n\nfunc init() { goose.AddMigrationContext(up, down) }\n' }, /goose Go migrations \(migrations\) run only from a binary that imports them/],
    ['a migration program with neither a database service nor a SQLite file', { 'go.mod': mod(), 'main.go': SERVE, 'cmd/migrate/main.go': 'package main\n\nimport "database/sql"\n\nfunc main() { sql.Open("x", "") }\n' }, /no migrate service for cmd\/migrate/],
  ])('%s', async (_name, files, note) => {
    const p = await plan(files);
    expect(p.migrate ?? null).toBeNull();
    expect(render(p).find((f) => f.path === 'Dockerfile')!.text).not.toContain(' AS migrate');
    if (note) expect(p.notes.join('\n')).toMatch(note);
  });

  test('a RUN_MIGRATIONS switch the app reads is set in compose instead of a migrate service', async () => {
    const main = 'package main\n\nimport "os"\n\nfunc main() { if os.Getenv("RUN_MIGRATIONS") == "1" { migrateDB() } }\n';
    const p = await plan({ 'go.mod': mod(PQ), 'main.go': main, 'cmd/migrate/main.go': 'package main\n\nimport "database/sql"\n\nfunc main() { sql.Open("postgres", "") }\n' });
    expect(p.migrate ?? null).toBeNull();
    expect(p.appEnv?.compose).toContainEqual({ name: 'RUN_MIGRATIONS', value: '${RUN_MIGRATIONS:-1}', interpolate: true });
    expect(p.notes.join('\n')).toContain('the app migrates its schema at start when RUN_MIGRATIONS is set: compose sets RUN_MIGRATIONS=1 (no migrate service for cmd/migrate)');
    expect(render(p).find((f) => f.path === 'Dockerfile')!.text).not.toContain(' AS migrate');
  });

  test.each<[string, string, boolean]>([
    ['an option table keyed by the switch (parsed from os.Environ())', 'package config\n\nvar defaults = map[string]*option{\n\t"RUN_MIGRATIONS": {value: "0"},\n}\n', true],
    ['the name in a log message only', 'package config\n\nfunc warn() { log.Print("RUN_MIGRATIONS: deprecated") }\n', false],
  ])('a migration switch in %s', async (_name, config, set) => {
    const p = await plan({ 'go.mod': mod(PQ), 'main.go': SERVE, 'internal/config/options.go': config });
    expect(p.appEnv?.compose.some((v) => v.name === 'RUN_MIGRATIONS' && v.value === '${RUN_MIGRATIONS:-1}') ?? false).toBe(set);
  });
});
