import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { MigratePlan, ServicePlan } from '../../src/plan/types.js';
import type { SourceText } from '../shared/health-route.js';
import { resolveServices } from '../shared/services.js';
import { detectServices, EMBEDDED_DATABASE_DEPENDENCIES } from '../shared/database-choice.js';
import { withoutOptional } from '../shared/optional-services.js';
import { detectNodeMigrations } from './migrations.js';
import { PRISMA_PROVIDER_DEPS, type PrismaPlan } from './prisma.js';
import { planPrismaMigrate } from './prisma-migrate.js';

/** What the Node detector knows when it chooses the backing services and the migration. */
export interface NodeDatabaseInput {
  prodDeps: string[];
  /** Every dependency, dev ones included. */
  deps: ReadonlySet<string>;
  prisma: PrismaPlan | undefined;
  /** The scanned sources (an optional service is one only guarded code uses). */
  texts: SourceText[];
  /** `--services`, when given. */
  services: string[] | undefined;
  isStatic: boolean;
  /** The runtime's node (or bun) binary. */
  runtimeBin: string;
  /** The workspace member the app is in, null at the root. */
  memberDir: string | null;
  depsFrom: 'deps' | 'build';
  copyContext: boolean;
}

/** The services, the migrate step and the Prisma plan with its migration parts, with their notes and warnings in order. */
export interface NodeDatabasePlan {
  services: ServicePlan[];
  migrate: MigratePlan | null;
  prisma: PrismaPlan | undefined;
  notes: string[];
  prismaWarnings: string[];
  memberWarnings: string[];
}

/**
 * The Node app's databases: the services its drivers call for (one SQL database at most, optional ones dropped),
 * the migration tool's one-shot step (SQLite: marked embedded, kept only when the data plan puts the file on the
 * volume; a workspace member's: a warning, not wired), and Prisma's migration parts.
 */
export async function planNodeDatabase(fs: ProjectFs, i: NodeDatabaseInput): Promise<NodeDatabasePlan> {
  const notes: string[] = [];
  const { prisma, prodDeps, deps } = i;
  const prismaDep = prisma?.provider ? PRISMA_PROVIDER_DEPS[prisma.provider] : undefined;
  const dbChoice = await detectServices(fs, prismaDep ? [...prodDeps, prismaDep] : prodDeps, i.services);
  notes.push(...dbChoice.notes);
  const used = withoutOptional(dbChoice.services, i.texts, i.services);
  notes.push(...used.notes);
  const services = resolveServices(used.services, i.services);
  for (const s of services) notes.push(`${s.name} service: ${s.reason}`);
  const hasDatabase = services.some((s) => s.name === 'postgres' || s.name === 'mysql');
  // SQLite: a migration is planned, marked embedded; it stays only when the data plan puts the file on a volume.
  const embedded = !hasDatabase && ([...deps].some((d) => EMBEDDED_DATABASE_DEPENDENCIES.has(d)) || prisma?.provider === 'sqlite');
  const found = i.isStatic ? null : await detectNodeMigrations(fs, { prodDeps: new Set(prodDeps), allDeps: deps, runtimeBin: i.runtimeBin, hasDatabase: hasDatabase || embedded, prisma: prisma ?? null, notes, copyContext: i.copyContext });
  const foundMigrate = found && embedded ? { ...found, embedded } : found;
  // A member's tool paths and working directory are the member's, but the migrate stage and the hoisted
  // node_modules are the workspace root's: not wired until a fixture proves a form, and said so.
  const migrate = i.memberDir !== null ? null : foundMigrate;
  const memberWarnings = i.memberDir !== null && foundMigrate ? [`${i.memberDir}: ${foundMigrate.tool} migrations (${foundMigrate.reason}) get no migrate service in a workspace member yet; run them before each release`] : [];
  if (migrate) notes.push(`migrate service (${migrate.tool}): ${migrate.reason}; runs before the app`);
  const prismaMigrate = prisma && !i.isStatic
    ? planPrismaMigrate(prisma, { migrate, allDeps: [...deps], hasDatabase: hasDatabase || embedded, depsFrom: i.depsFrom, copyContext: i.copyContext })
    : { notes: [], warnings: [], prisma };
  notes.push(...prismaMigrate.notes);
  return { services, migrate, prisma: prismaMigrate.prisma, notes, prismaWarnings: prismaMigrate.warnings, memberWarnings };
}
