import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import type { PackageJson } from './start-command.js';

/** The project's package.json, which must hold a JSON object. */
export async function readPackageJson(fs: ProjectFs): Promise<PackageJson> {
  const pkg = await fs.readJson<unknown>('package.json');
  if (pkg === undefined) throw new UserError(`${fs.root}: no package.json; run in the project root or pass --cwd DIR`);
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    throw new UserError('package.json: must hold a JSON object; fix the file and run again');
  }
  return pkg as PackageJson;
}

/** The string-valued entries of a package.json map (dependencies, scripts). */
export const strings = (o: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** One entry per name, the later one winning, in first-seen order (a start script may repeat NODE_ENV or PORT). */
export function mergeEnv(vars: EnvVar[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const v of vars) byName.set(v.name, v);
  return [...byName.values()];
}
