import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan, ServicePlan } from '../../src/plan/types.js';
import type { SourceText } from '../shared/health-route.js';
import { servicePlan } from '../shared/services.js';
import type { GoMain } from './main-packages.js';
import { findMigrateProgram, hasMigrateSubcommand } from './migrate-program.js';
import { findMigrateTool, migratesAtStart, type GoMigrateTool } from './migrate-tools.js';
import { byCodeUnits } from '../shared/text-order.js';

/** Template data of the Dockerfile's migrate stage (templates/go/Dockerfile.hbs), built only for the migrate service. */
export interface GoMigrateStage {
  /** `go build` of a main package other than the served one, in a `migrate-build` stage from the build stage. */
  build: string[] | null;
  /** `go install <cli>@<version>` of a migration CLI, in a `migrate-build` stage of its own. */
  install: string[] | null;
  /** The binary's name (go install writes it under /go/bin, in a platform folder when cross-compiling). */
  bin: string;
  /** The stage and path the binary is copied from, and where the migrate image holds it. */
  from: 'build' | 'migrate-build';
  output: string;
  target: string;
  /** Folders of migration files copied beside it: the CLI applies them; a program may read them from disk. */
  copies: { src: string; dest: string }[];
  /** The CLI with its folder flag: compose's command adds the database and `up`. */
  entrypoint: string[] | null;
  /** What the image runs by itself (the program, which reads its settings from the environment). */
  cmd: string[] | null;
}

/** What the Go migration detection returns: the plan's migrate service and its stage, or notes only. */
export interface GoMigrations {
  migrate: MigratePlan | null;
  stage: GoMigrateStage | undefined;
  notes: string[];
}

/** What the detection needs from the Go detector. */
export interface GoMigrationContext {
  served: GoMain;
  mains: GoMain[];
  /** The served main package's sources, and the module's other packages'. */
  mainSources: SourceText[];
  otherSources: SourceText[];
  services: ServicePlan[];
  /** The app's build argv (its flags are reused for the program). */
  build: string[];
}

const NONE: GoMigrations = { migrate: null, stage: undefined, notes: [] };
const SKIP = /(^|\/)(vendor|testdata|node_modules|\.[^/]+)\//;

/**
 * Go migrations, in this order: the served main runs them at start (goose.Up, migrate's m.Up()): nothing to add;
 * the project's own migration program (./migrate-program.ts): built into the migrate stage; a call at start in
 * another package; goose or golang-migrate SQL migrations (./migrate-tools.ts): their CLI at the version go.mod
 * pins, against the compose database. A migration switch the app reads from its environment (RUN_MIGRATIONS) is
 * set by the env plan instead (detectors/shared/env).
 */
export async function detectGoMigrations(fs: ProjectFs, ctx: GoMigrationContext): Promise<GoMigrations> {
  const sqlService = ctx.services.find((s) => s.name === 'postgres' || s.name === 'mysql');
  // A goose.Up under the served binary's own `migrate` subcommand runs when asked, not at start.
  const atStartMain = ctx.mainSources.some((s) => hasMigrateSubcommand(s.text)) ? undefined : migratesAtStart(ctx.mainSources);
  if (atStartMain) return { ...NONE, notes: [`migrations run at start (${atStartMain}): no migrate service`] };
  const program = await findMigrateProgram(fs, ctx.served, ctx.mains);
  if (program) {
    const own = program.main.dir === ctx.served.dir;
    const target = `/app/${program.main.name}`;
    const pkg = program.main.dir === '.' ? '.' : `./${program.main.dir}`;
    const build = own ? null : [...ctx.build.slice(0, -3), '-o', `/out/${program.main.name}`, pkg];
    const command = [target, ...program.args];
    const copies = await sqlFolders(fs, program.main.module.dir);
    return {
      migrate: {
        tool: program.args.length ? `${program.main.name} ${program.args.join(' ')}` : program.main.dir, command, reason: program.reason, stage: true,
        stageHolds: own ? 'the app\'s binary' : 'the migration program', ...(sqlService ? {} : { embedded: true }),
      },
      stage: { build, install: null, bin: program.main.name, from: own ? 'build' : 'migrate-build', output: `/out/${program.main.name}`, target, copies, entrypoint: null, cmd: command },
      notes: [],
    };
  }
  const atStart = migratesAtStart(ctx.otherSources);
  if (atStart) return { ...NONE, notes: [`migrations run at start (${atStart}): no migrate service`] };
  const found = await findMigrateTool(fs, ctx.served.module.dir, ctx.served.module.mod);
  if (!found.tool) return { ...NONE, notes: found.notes };
  if (!sqlService) return { ...NONE, notes: [...found.notes, `${found.tool.tool} migrations in ${found.tool.dir}: no migrate service without a database service (--services postgres or mysql adds one)`] };
  return toolMigrations(found.tool, sqlService.name as 'postgres' | 'mysql', found.notes);
}

/** The CLI's stage and the migrate service's command, the database URL in the form the tool accepts. */
function toolMigrations(tool: GoMigrateTool, db: 'postgres' | 'mysql', notes: string[]): GoMigrations {
  const target = `/app/${tool.bin}`;
  const dir = `/app/${tool.dir}`;
  const url = toolUrl(tool.tool, db);
  // golang-migrate's CLI links only the database drivers named by build tags; goose's links its own set.
  const tags = tool.tool === 'golang-migrate' ? [`-tags=${db}`] : [];
  const install = ['go', 'install', '-trimpath', '-ldflags=-s -w', ...tags, `${tool.cli}@${tool.version}`];
  const [entrypoint, command, k8sCommand, usage] = tool.tool === 'goose'
    ? [[target, '-dir', dir], [db === 'postgres' ? 'postgres' : 'mysql', url, 'up'], [db === 'postgres' ? 'postgres' : 'mysql', '$(DATABASE_URL)', 'up'], `${db} "$DATABASE_URL" up`]
    : [[target, '-path', dir], ['-database', url, 'up'], ['-database', '$(DATABASE_URL)', 'up'], '-database "$DATABASE_URL" up'];
  const k8sNote = db === 'mysql' ? `; in Kubernetes it reads DATABASE_URL from the Secret, which must then be in ${tool.tool}'s MySQL form (${tool.tool === 'goose' ? 'user:password@tcp(host:3306)/db' : 'mysql://user:password@tcp(host:3306)/db'})` : '';
  return {
    migrate: { tool: tool.tool, command, k8sCommand, interpolate: true, usage, stage: true, stageHolds: `the ${tool.tool} CLI`, reason: `${tool.reason}; the CLI ${tool.version} is installed in the migrate stage${k8sNote}` },
    stage: { build: null, install, bin: tool.bin, from: 'migrate-build', output: `/out/${tool.bin}`, target, copies: [{ src: tool.dir, dest: `${dir}/` }], entrypoint, cmd: null },
    notes,
  };
}

/**
 * The compose database's URL as the tool takes it, built from the service's own variables (compose interpolates
 * them): lib/pq's `postgres://...?sslmode=disable` (the compose database has no TLS); for MySQL, go-sql-driver's
 * DSN (goose) or golang-migrate's `mysql://user:password@tcp(host:port)/db`.
 */
export function toolUrl(tool: GoMigrateTool['tool'], db: 'postgres' | 'mysql'): string {
  const url = servicePlan(db, '').appEnvironment[0]!.value;
  if (db === 'postgres') return `${url}?sslmode=disable`;
  const tcp = url.replace('@mysql:3306/', '@tcp(mysql:3306)/');
  return tool === 'goose' ? `${tcp.replace(/^mysql:\/\//, '')}?parseTime=true` : tcp;
}

/** The folders of .sql files in the module (at most three, busiest first), copied beside a program. */
async function sqlFolders(fs: ProjectFs, moduleDir: string): Promise<{ src: string; dest: string }[]> {
  const files = (await fs.glob(moduleDir && moduleDir !== '.' ? `${moduleDir}/**/*.sql` : '**/*.sql', { deep: 6 })).filter((f) => !SKIP.test(f));
  const count = new Map<string, number>();
  for (const f of files) count.set(path.posix.dirname(f), (count.get(path.posix.dirname(f)) ?? 0) + 1);
  return [...count].filter(([d]) => d !== '.').sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0])).slice(0, 3).map(([d]) => ({ src: d, dest: `/app/${d}/` }));
}
