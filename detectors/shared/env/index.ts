import type { ProjectFs } from '../../../src/fs/project-fs.js';
import type { Plan } from '../../../src/plan/types.js';
import { collectAppVariables, type AppVariable } from './collect.js';
import { appEnvPlan, MIGRATION_SWITCH } from './app-env-plan.js';
import { dataPlan, DEFAULT_DATA_DIR } from '../data/data-plan.js';
import { withCodeData } from '../data/code-data-plan.js';
import { withHostBind } from './host-bind.js';

export { collectAppVariables, type AppVariable } from './collect.js';
export { appPortVariable, envExamplePort, isAppPortName, pickPort, schemaPorts, type PortFinding } from './port.js';

/**
 * Adds the app's own configuration to a plan: its variables are collected once ({@link collectAppVariables}); a
 * listen-address variable the code reads is set to 0.0.0.0 ({@link withHostBind}); the ones naming writable data (SQLite files, uploads, caches) are pointed at the data volume or a tmpfs through the
 * image's ENV ({@link withData}); when the compose file is generated the rest are wired to the plan's services and
 * listed for .env.example and the summary.
 */
export async function withAppEnv(fs: ProjectFs, plan: Plan, dataDir: string = DEFAULT_DATA_DIR): Promise<Plan> {
  const vars = await collectAppVariables(fs, plan.stack, unbuiltEntries(plan));
  // Data paths written into the code (no variable names them) get a volume where the variables gave none.
  const values = new Map(vars.flatMap((v) => (v.value === undefined ? [] : [[v.name, v.value] as const])));
  const withDataPlan = embeddedMigrate(await withCodeData(fs, withData(vars, withHostBind(vars, plan), dataDir), values));
  if (!withDataPlan.compose.enabled) return withDataPlan;
  const appEnv = appEnvPlan(vars, withDataPlan);
  if (appEnv.compose.length === 0 && appEnv.example.length === 0) return withDataPlan;
  const notes = [...withDataPlan.notes];
  if (appEnv.wired.length) notes.push(`app variables wired to the services: ${appEnv.wired.join(', ')}`);
  return withMigrationSwitch({ ...withDataPlan, appEnv, notes });
}

/**
 * The app migrates its own schema at start when its switch (RUN_MIGRATIONS) is set, which the env plan sets: the
 * summary says so, and a Go app then needs no migrate service beside it (the same migrations would run twice).
 */
function withMigrationSwitch(plan: Plan): Plan {
  const found = plan.appEnv?.compose.find((v) => MIGRATION_SWITCH.test(v.name) && v.value === `\${${v.name}:-1}`);
  if (!found) return plan;
  const drop = plan.stack === 'go' && plan.migrate;
  const notes = drop ? plan.notes.filter((n) => !n.startsWith('migrate service (')) : plan.notes;
  const line = `the app migrates its schema at start when ${found.name} is set: compose sets ${found.name}=1${drop ? ` (no migrate service for ${plan.migrate!.tool})` : ''}`;
  return { ...plan, ...(drop ? { migrate: null } : {}), notes: [...notes, line] };
}

/**
 * A migration of an embedded database (SQLite) needs the database file on the data volume, which the migrate
 * service shares with the app (same image user, so the same owner): without one it would migrate a file of its own.
 */
function embeddedMigrate(plan: Plan): Plan {
  if (!plan.migrate?.embedded || (plan.data?.volume && plan.data.sqlite)) return plan;
  return { ...plan, migrate: null, notes: [...plan.notes.filter((n) => !n.startsWith('migrate service (')), `no migrate service for ${plan.migrate.tool}: no database service and no SQLite file found to put on a data volume (set its path through a variable such as DATABASE_URL)`] };
}

/** Directories of Go main packages other than the one built (and not holding it): their reads are another binary's. */
function unbuiltEntries(plan: Plan): string[] {
  const entries = plan.stack === 'go' ? plan.entries : undefined;
  if (!entries) return [];
  return entries.all.filter((dir) => dir !== '.' && dir !== entries.chosen && !entries.chosen.startsWith(`${dir}/`));
}

/**
 * The plan with its writable data: the variables' new values become ENV of the image (so `docker run -v` works
 * without compose too), the directories are created owned by the app user, and the notes say what moved where.
 */
export function withData(vars: AppVariable[], plan: Plan, dataDir: string): Plan {
  const data = dataPlan(vars, plan, dataDir);
  if (!data) return plan;
  const where = data.volume ? `the ${data.volume.name} volume on ${data.volume.target}` : 'tmpfs';
  return {
    ...plan,
    data,
    env: [...plan.env, ...data.env],
    notes: [...plan.notes, `writable data on ${where} (the root filesystem stays read-only): ${data.found.join('; ')}`],
  };
}
