import type { DataPlan, EnvVar, Plan } from '../../../src/plan/types.js';
import type { AppVariable } from '../env/collect.js';
import { dataTarget } from './data-vars.js';

/** Directory of the data volume in the container when `--data-dir` is not given. */
export const DEFAULT_DATA_DIR = '/data';
/** Name of the compose volume holding the app's data. */
export const DATA_VOLUME = 'app-data';

/**
 * The app's writable data from its variables: each SQLite URL/path or data directory variable is pointed into
 * `dataDir` (one named volume), each cache directory into its own tmpfs under /tmp. Variables a backing service
 * already provides (a postgres `DATABASE_URL`) and the image's own ENV are left alone. Undefined when nothing is found.
 */
export function dataPlan(vars: AppVariable[], plan: Pick<Plan, 'env' | 'serviceDetails'>, dataDir: string): DataPlan | undefined {
  const taken = new Set([...plan.env.map((v) => v.name), ...plan.serviceDetails.flatMap((s) => s.appEnvironment.map((v) => v.name))]);
  const env: EnvVar[] = [];
  const dirs = new Set<string>();
  const tmpfs = new Set<string>();
  const found: string[] = [];
  let sqlite = false;
  for (const v of vars) {
    if (v.platform || taken.has(v.name)) continue;
    const t = dataTarget(v, dataDir);
    if (!t) continue;
    taken.add(v.name);
    env.push({ name: v.name, value: t.value });
    (t.kind === 'cache' ? tmpfs : dirs).add(t.dir);
    if (t.kind === 'sqlite') sqlite = true;
    found.push(`${v.name} (${v.sources[0] ?? '?'}) -> ${t.value}`);
  }
  if (env.length === 0) return undefined;
  if (dirs.size > 0) dirs.add(dataDir);
  return {
    volume: dirs.size > 0 ? { name: DATA_VOLUME, target: dataDir } : null,
    ...(sqlite ? { sqlite } : {}),
    dirs: [...dirs].sort(),
    tmpfs: [...tmpfs].sort(),
    env,
    found: found.map((f) => f.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')),
  };
}
