import semver from '../shared/semver.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { nameOfLockKey, npmLockPackages, type NativeBuild } from './native.js';
import type { PackageManagerPlan } from './package-manager.js';

/**
 * Dependencies' install scripts under npm's `allowScripts` policy. npm 12 runs a dependency's preinstall/install/
 * postinstall only when package.json's `allowScripts` (or .npmrc `allow-scripts`) approves it; npm 11 runs every one
 * not denied with `false`, older npm ignores the field. Packages that compile at install are approved in the image's
 * copy of package.json, so their binding is built; other unapproved install scripts get one warning.
 */
export interface AllowScriptsPlan {
  /** `npm pkg set allowScripts[<name>]=true ... --json` run in the base stage after the manifests are copied; null when nothing is added. */
  edit: string[] | null;
  /** Packages approved by the edit, sorted. */
  approved: string[];
  notes: string[];
  warnings: string[];
}

/** The first npm major that skips unapproved dependency install scripts (npm 11 only honours `false` denials). */
export const BLOCKING_NPM_MAJOR = 12;

/** The package name an `allowScripts` key names: "name", "name@1.2.3", "@scope/name@^1"; null for URLs and paths. */
export function allowKeyName(key: string): string | null {
  if (/^(file:|git|https?:|\.|\/)/.test(key)) return null;
  const at = key.indexOf('@', 1);
  return at < 0 ? key : key.slice(0, at);
}

/** Names of the lockfile's Linux-installable registry entries that carry an install script, sorted. */
async function lockInstallScripts(fs: ProjectFs, lockfile: string): Promise<string[] | undefined> {
  const packages = await npmLockPackages(fs, lockfile);
  if (!packages) return undefined;
  const out = new Set<string>();
  for (const [key, entry] of Object.entries(packages)) {
    if (!key.includes('node_modules/') || entry === null || typeof entry !== 'object' || entry.hasInstallScript !== true || entry.inBundle === true) continue;
    if (Array.isArray(entry.os) && !entry.os.includes('linux')) continue;
    // file:, git and link entries match allowScripts by their resolved spec, not by name: the project approves them itself.
    if (typeof entry.resolved === 'string' && !/^https?:/.test(entry.resolved)) continue;
    out.add(nameOfLockKey(key));
  }
  return [...out].sort();
}

const listed = (names: string[]): string => (names.length > 6 ? [...names.slice(0, 6), `and ${names.length - 6} more`] : names).join(', ');

/**
 * The allowScripts decision for an npm install. The npm that installs is the `packageManager` pin (installed in the
 * base stage) or, unpinned, the npm the floating node image bundles, which moves to a blocking major without notice:
 * approvals are added then too (npm 11 and older ignore them), but the warning about other scripts needs a blocking pin.
 */
export async function planAllowScripts(
  fs: ProjectFs, pkg: object, pm: Pick<PackageManagerPlan, 'name' | 'version' | 'lockfile' | 'manifestFiles'>, native: NativeBuild | undefined, nodeMajor: number,
): Promise<AllowScriptsPlan | null> {
  if (pm.name !== 'npm') return null;
  const pinned = pm.version ? semver.major(semver.coerce(pm.version) ?? '0.0.0') : null;
  if (pinned !== null && pinned < 11) return null;
  // Before Node 16 the bundled npm (6, 7) has no `npm pkg` and runs every dependency script.
  if (pinned === null && nodeMajor < 16) return null;
  const blocks = pinned === null ? null : pinned >= BLOCKING_NPM_MAJOR;
  const which = pinned === null ? "the node image's npm (unpinned)" : `npm ${pm.version}`;
  const why = blocks ? `${which} skips unapproved dependency install scripts`
    : `npm ${BLOCKING_NPM_MAJOR} and later skip unapproved dependency install scripts, and ${which} ${pinned === null ? 'moves to them with the image' : 'is one upgrade away'}`;
  const plan: AllowScriptsPlan = { edit: null, approved: [], notes: [], warnings: [] };
  const npmrc = pm.manifestFiles.includes('.npmrc') ? (await fs.readText('.npmrc')) ?? '' : '';
  if (/^\s*allow-scripts\s*=/m.test(npmrc)) {
    plan.notes.push(`install scripts: .npmrc sets allow-scripts, so ${which} follows the project's own policy; no allowScripts entry is added`);
    return plan;
  }
  const field = (pkg as { allowScripts?: unknown }).allowScripts;
  const policy = field !== null && typeof field === 'object' ? (field as Record<string, unknown>) : {};
  const allowed = new Set<string>();
  const denied = new Set<string>();
  for (const [key, value] of Object.entries(policy)) {
    const name = allowKeyName(key);
    if (name !== null && value === false) denied.add(name);
    else if (name !== null && value === true) allowed.add(name);
  }
  const scripted = pm.lockfile === 'package-lock.json' || pm.lockfile === 'npm-shrinkwrap.json' ? await lockInstallScripts(fs, pm.lockfile) : undefined;
  const builds = (native?.packages ?? []).filter((n) => n !== '(this project)' && (scripted === undefined || scripted.includes(n)));
  const deniedBuilds = builds.filter((n) => denied.has(n));
  if (deniedBuilds.length) {
    plan.warnings.push(`package.json: allowScripts denies ${listed(deniedBuilds)} (false), which compile${deniedBuilds.length === 1 ? 's' : ''} at install, so the image gets no binding and the app fails when it loads it; delete the false entr${deniedBuilds.length === 1 ? 'y' : 'ies'} and run npm install-scripts approve ${deniedBuilds.join(' ')}`);
  }
  plan.approved = builds.filter((n) => !denied.has(n) && !allowed.has(n));
  if (plan.approved.length) {
    plan.edit = ['npm', 'pkg', 'set', ...plan.approved.map((n) => `allowScripts[${n}]=true`), '--json'];
    plan.notes.push(`install scripts: ${listed(plan.approved)} compile${plan.approved.length === 1 ? 's' : ''} at install and ${plan.approved.length === 1 ? 'is' : 'are'} approved in the image's copy of package.json (allowScripts): ${why}; approve ${plan.approved.length === 1 ? 'it' : 'them'} in the project too: npm install-scripts approve ${plan.approved.join(' ')}`);
  }
  const unreviewed = (scripted ?? []).filter((n) => !builds.includes(n) && !allowed.has(n) && !denied.has(n));
  if (blocks && unreviewed.length) {
    plan.warnings.push(`package.json: npm ${pm.version} skips the install scripts of ${listed(unreviewed)} (not in allowScripts); if the app needs them, run npm install-scripts approve ${unreviewed.join(' ')} (or deny them) and commit package.json`);
  }
  return plan;
}
