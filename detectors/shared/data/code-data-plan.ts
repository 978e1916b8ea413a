import path from 'node:path';
import type { ProjectFs } from '../../../src/fs/project-fs.js';
import type { Plan } from '../../../src/plan/types.js';
import { codeDataPaths, type CodeDataPath } from './code-paths.js';
import { DATA_VOLUME } from './data-plan.js';

/** The folder the generated images run the app in (the final stage's WORKDIR of every stack). */
export const APP_DIR = '/app';

/** Files that only keep an empty folder in git: the folder holds nothing the app reads. */
const KEEP_FILES = new Set(['.gitkeep', '.keep', '.gitignore']);

/** The folders that must be writable: a database file's folder, each path without one of its parents also listed. */
function writableFolders(found: CodeDataPath[]): { dir: string; why: CodeDataPath[] }[] {
  const dirs = new Map<string, CodeDataPath[]>();
  for (const f of found) {
    const dir = f.kind === 'sqlite' ? path.posix.dirname(f.path) : f.path;
    dirs.set(dir, [...(dirs.get(dir) ?? []), f]);
  }
  const names = [...dirs.keys()];
  const top = names.filter((d) => !names.some((o) => o !== d && o !== '.' && d.startsWith(`${o}/`)));
  return top.map((dir) => ({ dir, why: names.filter((d) => d === dir || d.startsWith(`${dir}/`)).flatMap((d) => dirs.get(d)!) }));
}

/**
 * Writable data named only in the code (`os.MkdirAll("data")`, `path.join(__dirname, 'uploads')`, Django's
 * `MEDIA_ROOT = BASE_DIR / 'media'`, a config struct's `default:"data/app.db"`), or a folder name joined to the app's
 * folder (`path.join(__dirname, '..', process.env.UPLOAD_DIRNAME ?? 'uploads')`, its value from `defaults`: the app's
 * variables' example or schema values; the image and compose then pin the variable to it): with no variable to point
 * elsewhere, the folder itself under /app becomes the app's data volume, created in the image owned by the app user.
 * Only when the app's variables gave no data volume, and for a single folder: a second folder, or a database file
 * in /app itself (Django's `BASE_DIR / 'db.sqlite3'`), cannot be given a volume and is a warning saying what to change,
 * unless the settings replace that database from a URL variable and compose runs a SQL database (then it is unused).
 */
export async function withCodeData(fs: ProjectFs, plan: Plan, defaults: ReadonlyMap<string, string> = new Map()): Promise<Plan> {
  if (plan.data?.volume || plan.appDir) return plan;
  const scanned = await codeDataPaths(fs, plan.stack, defaults);
  const { warnings: unplaced } = scanned;
  // A SQLite default the settings replace from DATABASE_URL is unused when compose runs a SQL database.
  const sqlService = plan.serviceDetails.some((s) => s.name === 'postgres' || s.name === 'mysql');
  const found = sqlService ? scanned.found.filter((f) => !f.urlFallback) : scanned.found;
  if (found.length === 0 && unplaced.length === 0) return plan;
  const folders = writableFolders(found);
  const warnings = [...(plan.warnings ?? []), ...unplaced];
  for (const f of folders.filter((x) => x.dir === '.')) {
    for (const w of f.why) {
      warnings.push(`${w.source}: the SQLite database ${w.path} is written into ${APP_DIR} itself, read-only in the container; read its path from a variable (SQLITE_PATH) and re-run, so it moves to the data volume`);
    }
  }
  const [first, ...rest] = folders.filter((x) => x.dir !== '.');
  for (const r of rest) warnings.push(`${r.why[0]!.source}: ${APP_DIR}/${r.dir} is written too but only ${APP_DIR}/${first!.dir} gets the data volume; read its path from a variable and re-run`);
  const withWarnings = warnings.length > (plan.warnings?.length ?? 0) ? { ...plan, warnings } : plan;
  if (!first) return withWarnings;
  const target = `${APP_DIR}/${first.dir}`;
  // The folder is joined to a variable the code reads without a default: the image points it at the app's folder.
  const taken = new Set(plan.env.map((v) => v.name));
  const baseEnv = [...new Set(first.why.flatMap((w) => (w.baseVar && !taken.has(w.baseVar) ? [w.baseVar] : [])))].map((name) => ({ name, value: APP_DIR }));
  // The folder is named by a variable: pinned to the value the path was made with, in the image and in compose.
  const folderEnv = [...new Map(first.why.flatMap((w) => (w.folderVar && !taken.has(w.folderVar.name) ? [[w.folderVar.name, w.folderVar] as const] : []))).values()];
  const pinned = [...baseEnv, ...folderEnv];
  const data = {
    volume: { name: DATA_VOLUME, target },
    dirs: [...new Set([target, ...(plan.data?.dirs ?? [])])].sort(),
    tmpfs: plan.data?.tmpfs ?? [],
    env: [...(plan.data?.env ?? []), ...pinned],
    found: [...(plan.data?.found ?? []), ...first.why.map((w) => `${w.path} (${w.source}) -> the volume on ${target}`)],
  };
  // What a local run left there (a dev database, uploads) stays out of the image, and COPY . . does not create the
  // folder root-owned before the app user's WORKDIR could. A folder the project holds files in ships them (seed
  // data, templates the app reads): ignoring it would leave the app without them.
  const shipped = (await fs.list(first.dir)).some((name) => !KEEP_FILES.has(name));
  const dockerignore = shipped || plan.dockerignore.includes(`/${first.dir}/`) ? plan.dockerignore : [...plan.dockerignore, `/${first.dir}/`];
  const shippedWarning = `${first.why[0]!.source}: ${first.dir}/ holds files in the project, copied into the image owned by root, so the app cannot write there; move them out of ${first.dir}/ (or read the folder from a variable) and re-run`;
  const all = shipped ? { ...withWarnings, warnings: [...(withWarnings.warnings ?? []), shippedWarning] } : withWarnings;
  return { ...all, data, dockerignore, env: [...plan.env, ...pinned], notes: [...plan.notes, `writable data on the ${DATA_VOLUME} volume on ${target} (the root filesystem stays read-only): ${data.found.join('; ')}`] };
}
