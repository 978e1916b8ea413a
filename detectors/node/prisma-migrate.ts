import path from 'node:path';
import type { MigratePlan } from '../../src/plan/types.js';
import type { PrismaPlan } from './prisma.js';

/** What the Node detector knows when it places `prisma migrate deploy` in the image. */
export interface PrismaMigrateContext {
  /** The migration the detector chose (any tool), null when none runs. */
  migrate: MigratePlan | null;
  /** Every dependency of the project, dev ones included. */
  allDeps: readonly string[];
  /** A SQL database service is in the plan. */
  hasDatabase: boolean;
  /** The stage the runtime's node_modules comes from. */
  depsFrom: string;
  /** The runtime copies the whole build context (the schema and migrations are there already). */
  copyContext: boolean;
}

/** Summary lines and warnings about Prisma migrations, and the Prisma plan with its migration parts filled in. */
export interface PrismaMigrateReport {
  notes: string[];
  warnings: string[];
  /** The input plan, unchanged or with `engineFetch` / `runtimeFiles` set (the input itself is never modified). */
  prisma: PrismaPlan;
}

/** Drops paths that lie inside another path of the list (a migrations folder inside the schema folder). */
const outermost = (paths: string[]): string[] =>
  [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}/`)));

/**
 * The Prisma plan's migration parts: the files migrate deploy reads in the runtime and, for the native schema
 * engine, a fetch of that engine in an install stage (the runtime's root filesystem is read-only and may be offline).
 * A CLI that is only a dev dependency runs from the Dockerfile's migrate stage, which then fetches the engine; migrations
 * nothing can run (no CLI at all) become one warning line.
 */
export function planPrismaMigrate(p: PrismaPlan, ctx: PrismaMigrateContext): PrismaMigrateReport {
  const notes: string[] = [];
  const warnings: string[] = [];
  const done = (prisma: PrismaPlan = p): PrismaMigrateReport => ({ notes, warnings, prisma });
  if (!ctx.hasDatabase) return done();
  if (ctx.migrate?.tool === 'prisma' && ctx.migrate.stage) {
    // The migrate stage has the whole context and every dependency: only the native engine is missing.
    if (p.schemaEngine === 'wasm') return done();
    // The stage holds the config, whose env() throws on an unset variable: the fetch gets the build's placeholders.
    const env = p.buildEnv.map((v) => `${v.name}=${v.value}`);
    notes.push(`prisma ${ctx.migrate.push ? 'db push' : 'migrate deploy'} runs Prisma's native schema engine: the migrate stage fetches it (prisma version) from Prisma's own download host, so building the migrate service needs that host; the app's image does not`);
    return done({ ...p, engineFetch: { stage: 'migrate', command: [...(env.length ? ['/usr/bin/env', ...env] : []), 'node_modules/.bin/prisma', 'version'] } });
  }
  if (!p.migrations) return done();
  if (ctx.migrate?.tool !== 'prisma') {
    if (!ctx.allDeps.includes('prisma')) {
      warnings.push(`prisma: ${p.migrations} holds migrations, but the prisma CLI is not a dependency, so nothing can run prisma migrate deploy and the app starts on whatever schema the database has; add prisma to devDependencies for a one-shot migrate service, or run prisma migrate deploy before each release`);
    }
    return done();
  }
  const withFiles: PrismaPlan = ctx.copyContext ? p : { ...p, runtimeFiles: outermost([p.schema, p.migrations, ...(p.configFile ? [p.configFile] : [])].map((f) => path.posix.normalize(f))) };
  if (p.schemaEngine === 'wasm') {
    notes.push(`prisma migrate deploy runs the WebAssembly schema engine through the driver adapter in ${p.configFile} (engine: 'js'): nothing is downloaded`);
    if (p.provider === 'postgresql' || p.provider === 'postgres' || p.provider === 'cockroachdb') {
      warnings.push(`prisma: ${p.configFile} selects engine: 'js', whose WebAssembly schema engine fails to apply migrations to PostgreSQL through @prisma/adapter-pg ("Column type 'name' could not be deserialized", Prisma 6.19); remove engine and adapter from the config so migrate deploy uses the native schema engine`);
    }
    return done(withFiles);
  }
  const stage = ctx.depsFrom === 'deps' ? 'deps' : 'build';
  notes.push(`prisma migrate deploy runs Prisma's native schema engine: the ${stage} stage fetches it (prisma version) from Prisma's own download host, so the build needs that host; the runtime gets OpenSSL for it`);
  return done({ ...withFiles, engineFetch: { stage, command: ['node_modules/.bin/prisma', 'version'] } });
}
