import semver from '../shared/semver.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { parseYamlValueOnce } from '../../src/yaml-document.js';
import { pnpmMajorForLockfile, type PackageManagerPlan } from './package-manager.js';

/**
 * Dependencies' build scripts under pnpm's approval. pnpm 10 runs a dependency's preinstall/install/postinstall only
 * when `onlyBuiltDependencies` (package.json `pnpm` field or pnpm-workspace.yaml) or, from 10.26, `allowBuilds` approves
 * it, and skips the rest with a notice; pnpm 11 and later fail the install instead (`strictDepBuilds`) and read only
 * pnpm-workspace.yaml. Packages whose install script the app needs are approved in the image's copy of package.json on
 * pnpm 10; a package the project itself ignores is left ignored, with a warning.
 */
export interface PnpmBuildsPlan {
  /** `npm pkg set pnpm.onlyBuiltDependencies[]=<name> ...` run in the base stage after the manifests; null when nothing is added. */
  edit: string[] | null;
  /** Packages approved by the edit, sorted. */
  approved: string[];
  notes: string[];
  warnings: string[];
}

/** The first pnpm major that skips unapproved dependency build scripts. */
export const BLOCKING_PNPM_MAJOR = 10;

/** The package name a pnpm build matcher names: "name", "name@1.2.3", "@scope/name@1 || 2"; null for patterns. */
export function buildKeyName(key: string): string | null {
  const at = key.indexOf('@', 1);
  const name = (at < 0 ? key : key.slice(0, at)).trim();
  return /^(@[\w.-]+\/)?[\w.-]+$/.test(name) ? name : null;
}

/** The build settings pnpm reads from one source (package.json's `pnpm` field or pnpm-workspace.yaml). */
interface BuildSettings {
  only: string[];
  ignored: string[];
  never: string[] | null;
  allowAll: boolean;
  onlyFile: boolean;
}

const names = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).flatMap((v) => (typeof v === 'string' ? [buildKeyName(v)].filter((n): n is string => n !== null) : []));

function settingsOf(source: unknown): BuildSettings {
  const s = source !== null && typeof source === 'object' ? (source as Record<string, unknown>) : {};
  const allow = s.allowBuilds !== null && typeof s.allowBuilds === 'object' ? Object.entries(s.allowBuilds as Record<string, unknown>) : [];
  const allowed = (want: boolean): string[] => allow.flatMap(([k, v]) => (v === want ? [buildKeyName(k)].filter((n): n is string => n !== null) : []));
  return {
    only: [...names(s.onlyBuiltDependencies), ...allowed(true)],
    ignored: [...names(s.ignoredBuiltDependencies), ...allowed(false)],
    never: Array.isArray(s.neverBuiltDependencies) ? names(s.neverBuiltDependencies) : null,
    allowAll: s.dangerouslyAllowAllBuilds === true,
    onlyFile: typeof s.onlyBuiltDependenciesFile === 'string',
  };
}

async function workspaceSettings(fs: ProjectFs): Promise<unknown> {
  const text = await fs.readText('pnpm-workspace.yaml');
  if (text === undefined) return {};
  try {
    return await parseYamlValueOnce(text);
  } catch {
    return {}; // the workspace reader reports invalid YAML with its position
  }
}

const listed = (items: string[]): string => (items.length > 6 ? [...items.slice(0, 6), `and ${items.length - 6} more`] : items).join(', ');
const NPMRC_BUILD_KEYS = /^\s*(dangerously-allow-all-builds|only-built-dependencies|only-built-dependencies-file|never-built-dependencies|ignored-built-dependencies|allow-builds)\b/m;

/**
 * The build-approval decision for a pnpm install. `needed` are the packages whose install script the app needs (native
 * modules that compile, binaries an install script puts in place). The pnpm that installs is the `packageManager` pin,
 * else the major that writes the lockfile's format (10 for lockfile 9).
 */
export async function planPnpmBuilds(
  fs: ProjectFs, rootPkg: object, pm: Pick<PackageManagerPlan, 'name' | 'version' | 'lockfile' | 'manifestFiles'>, needed: string[],
): Promise<PnpmBuildsPlan | null> {
  if (pm.name !== 'pnpm' || needed.length === 0) return null;
  const major = pm.version ? semver.major(semver.coerce(pm.version) ?? '0.0.0') : Number(await pnpmMajorForLockfile(fs, pm.lockfile));
  if (major < BLOCKING_PNPM_MAJOR) return null;
  const which = pm.version ? `pnpm ${pm.version}` : `pnpm ${major} (the lockfile's format)`;
  const plan: PnpmBuildsPlan = { edit: null, approved: [], notes: [], warnings: [] };
  const npmrc = pm.manifestFiles.includes('.npmrc') ? (await fs.readText('.npmrc')) ?? '' : '';
  if (NPMRC_BUILD_KEYS.test(npmrc)) {
    plan.notes.push(`build scripts: .npmrc sets pnpm's build approval, so ${which} follows the project's own policy; nothing is approved in the image`);
    return plan;
  }
  // pnpm 11 reads its settings from pnpm-workspace.yaml only; pnpm 10 merges both lists.
  const fromPkg = settingsOf(major < 11 ? (rootPkg as { pnpm?: unknown }).pnpm : {});
  const fromYaml = settingsOf(await workspaceSettings(fs));
  const wsFile = 'pnpm-workspace.yaml';
  if (fromPkg.allowAll || fromYaml.allowAll) {
    plan.notes.push(`build scripts: dangerouslyAllowAllBuilds is set, so ${which} runs every dependency's build script`);
    return plan;
  }
  if (fromPkg.onlyFile || fromYaml.onlyFile) {
    plan.notes.push(`build scripts: onlyBuiltDependenciesFile names the approved packages, so ${which} follows the project's own list; nothing is approved in the image`);
    return plan;
  }
  const never = fromYaml.never ?? fromPkg.never;
  const ignored = new Set([...fromPkg.ignored, ...fromYaml.ignored, ...(never ?? [])]);
  const denied = needed.filter((n) => ignored.has(n));
  if (denied.length) {
    const where = never ? 'neverBuiltDependencies' : 'ignoredBuiltDependencies (or allowBuilds: false)';
    plan.warnings.push(`${fromYaml.ignored.some((n) => denied.includes(n)) || fromYaml.never ? wsFile : 'package.json'}: ${where} lists ${listed(denied)}, whose install script the app needs (the image gets no binding or binary, and the app fails when it loads it); remove ${denied.length === 1 ? 'it' : 'them'} and approve with pnpm approve-builds`);
  }
  // neverBuiltDependencies is a deny list: every other package's script already runs.
  if (never) return plan;
  const allowed = new Set([...fromPkg.only, ...fromYaml.only]);
  const missing = needed.filter((n) => !allowed.has(n) && !ignored.has(n));
  if (missing.length === 0) return plan;
  if (major >= 11) {
    plan.warnings.push(`${wsFile}: ${which} fails the install on build scripts nobody approved (strictDepBuilds), and ${listed(missing)} ${missing.length === 1 ? 'needs its' : 'need their'} install script; run pnpm approve-builds (allowBuilds: ${missing.map((n) => `${n}: true`).join(', ')}) and commit ${wsFile}`);
    return plan;
  }
  plan.approved = missing;
  plan.edit = ['npm', 'pkg', 'set', ...missing.map((n) => `pnpm.onlyBuiltDependencies[]=${n}`)];
  plan.notes.push(`build scripts: ${listed(missing)} ${missing.length === 1 ? 'needs its' : 'need their'} install script and ${missing.length === 1 ? 'is' : 'are'} approved in the image's copy of package.json (pnpm.onlyBuiltDependencies): ${which} skips unapproved dependency build scripts; approve ${missing.length === 1 ? 'it' : 'them'} in the project too: pnpm approve-builds`);
  return plan;
}
