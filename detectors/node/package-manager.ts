import YAML from 'yaml';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { excerpt, UserError } from '../../src/errors.js';
import { chooseLockfile } from './lockfile-choice.js';

/** How one JavaScript package manager installs, runs scripts and caches, as argv arrays. */
export interface PackageManagerPlan {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  /** Exact version from `packageManager`, when pinned. */
  version: string | null;
  /** yarn only: classic (v1) or berry (v2+). */
  variant: 'classic' | 'berry' | null;
  lockfile: string | null;
  /** Copied before the install so a source-only change keeps the install layer. */
  manifestFiles: string[];
  /** Commands that make the package manager available in the build image. */
  setup: string[][];
  install: string[];
  installProd: string[];
  /** argv prefix that runs a package.json script: prefix + [script]. */
  runScript: string[];
  cacheTarget: string;
  /** Extra environment for install steps. */
  installEnv: { name: string; value: string }[];
  /** Why this manager was chosen. */
  reason: string;
  /** Lockfiles of other managers, present and ignored (stale, or the chosen one is): named in a warning. */
  staleLockfiles?: string[];
  /**
   * Config files holding credentials: kept out of the build context and mounted as BuildKit secrets
   * (`docker build --secret id=<id>,src=<file>`) into the home folder, where the package manager reads them.
   */
  secretFiles: { id: string; file: string; target: string }[];
}

interface PackageJsonLike {
  packageManager?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
  optionalDependencies?: unknown;
}

const LOCKFILES: [string, PackageManagerPlan['name']][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** Config files that change what an install does, copied with the lockfile when present. */
const INSTALL_CONFIG = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'pnpm-workspace.yaml', 'bunfig.toml'];
/**
 * Registry credentials in .npmrc / .yarnrc(.yml) / bunfig.toml: auth keys and tokens, or a user (and password)
 * embedded in a registry URL (`https://user:pass@host/`).
 */
export const REGISTRY_CREDENTIAL = /_auth(Token)?\s*[=:]|_password\s*[=:]|npmAuthToken|npmAuthIdent|\btoken\s*[=:]|:\/\/[^\s/@'"]+@/i;

/** Picks the package manager: `packageManager` field first, then lockfiles, else npm. */
export async function detectPackageManager(fs: ProjectFs, pkg: PackageJsonLike): Promise<PackageManagerPlan> {
  let name: PackageManagerPlan['name'] | undefined;
  let version: string | null = null;
  let reason = '';
  if (typeof pkg.packageManager === 'string') {
    const m = /^(npm|pnpm|yarn|bun)@(\d+\.\d+\.\d+[^+\s]*)/.exec(pkg.packageManager);
    if (!m) throw new UserError(`package.json: packageManager ${excerpt(pkg.packageManager)} is not of the form name@x.y.z; fix it (e.g. "pnpm@9.15.0")`);
    name = m[1] as PackageManagerPlan['name'];
    version = m[2]!;
    reason = `packageManager field "${pkg.packageManager}"`;
  }
  let lockfile: string | null = null;
  if (name === undefined) {
    const present: string[] = [];
    // One lockfile per manager (bun.lock before bun.lockb, package-lock.json before npm-shrinkwrap.json).
    const managers = new Set<string>();
    for (const [file, pm] of LOCKFILES) if (!managers.has(pm) && (await fs.exists(file))) present.push(file), managers.add(pm);
    const chosen = await chooseLockfile(fs, pkg, present);
    if (chosen) {
      lockfile = chosen.file;
      name = LOCKFILES.find(([f]) => f === chosen.file)![1];
      reason = `lockfile ${chosen.file} (${chosen.why})`;
    }
  }
  for (const [file, pm] of LOCKFILES) {
    if (lockfile !== null) break;
    if ((name === undefined || name === pm) && (await fs.exists(file))) {
      lockfile = file;
      if (name === undefined) {
        name = pm;
        reason = `lockfile ${file}`;
      }
      break;
    }
  }
  name ??= 'npm';
  if (reason === '') reason = 'no lockfile found (defaulting to npm)';
  // A second lockfile of another manager is stale (or the first is): say which one is used and why.
  const others: string[] = [];
  for (const [file, pm] of LOCKFILES) if (file !== lockfile && pm !== name && (await fs.exists(file))) others.push(file);
  const stale = others.length ? { staleLockfiles: others } : {};
  if (others.length) reason += `; ${others.join(', ')} also present and ignored (delete the stale lockfile${typeof pkg.packageManager === 'string' ? '' : ', or set "packageManager" to choose'})`;
  const present = async (files: string[]): Promise<string[]> => {
    const out: string[] = [];
    for (const f of files) if (await fs.exists(f)) out.push(f);
    return out;
  };
  const configs = await present(INSTALL_CONFIG);
  const secretFiles: PackageManagerPlan['secretFiles'] = [];
  for (const f of configs) {
    if (REGISTRY_CREDENTIAL.test((await fs.readText(f)) ?? '')) secretFiles.push({ id: f.replace(/^\./, '').replace(/\W/g, '-'), file: f, target: `/root/${f}` });
  }
  const manifestFiles = ['package.json', ...(lockfile ? [lockfile] : []), ...configs.filter((f) => !secretFiles.some((s) => s.file === f))];
  const frozen = lockfile !== null;
  switch (name) {
    case 'npm':
      return {
        name, version, variant: null, lockfile, manifestFiles, reason, secretFiles, ...stale,
        setup: version ? [['npm', 'install', '-g', `npm@${version}`]] : [],
        install: frozen ? ['npm', 'ci', '--no-audit', '--no-fund'] : ['npm', 'install', '--no-audit', '--no-fund'],
        installProd: frozen ? ['npm', 'ci', '--omit=dev', '--no-audit', '--no-fund'] : ['npm', 'install', '--omit=dev', '--no-audit', '--no-fund'],
        runScript: ['npm', 'run'],
        cacheTarget: '/root/.npm',
        installEnv: [],
      };
    case 'pnpm':
      return {
        name, version, variant: null, lockfile, manifestFiles, reason, secretFiles, ...stale,
        setup: [['npm', 'install', '-g', `pnpm@${version ?? (await pnpmMajorForLockfile(fs, lockfile))}`]],
        install: ['pnpm', 'install', ...(frozen ? ['--frozen-lockfile'] : [])],
        installProd: ['pnpm', 'install', '--prod', ...(frozen ? ['--frozen-lockfile'] : [])],
        runScript: ['pnpm', 'run'],
        cacheTarget: '/root/.local/share/pnpm/store',
        installEnv: [],
      };
    case 'yarn':
      return { ...(await yarnPlan(fs, version, lockfile, manifestFiles, reason, secretFiles)), ...stale };
    case 'bun':
      return {
        name, version, variant: null, lockfile, manifestFiles, reason, secretFiles, ...stale,
        setup: [['npm', 'install', '-g', `bun@${version ?? '1'}`]],
        install: ['bun', 'install', ...(frozen ? ['--frozen-lockfile'] : [])],
        installProd: ['bun', 'install', '--production', ...(frozen ? ['--frozen-lockfile'] : [])],
        runScript: ['bun', 'run'],
        cacheTarget: '/root/.bun/install/cache',
        installEnv: [],
      };
  }
}

/** The last yarn 1 (classic) release; yarn 1 is frozen, so this is what an unpinned classic project runs. */
const YARN_CLASSIC = '1.22.22';

async function yarnPlan(
  fs: ProjectFs, version: string | null, lockfile: string | null, manifestFiles: string[], reason: string,
  secretFiles: PackageManagerPlan['secretFiles'],
): Promise<PackageManagerPlan> {
  const lockText = lockfile ? ((await fs.readText(lockfile)) ?? '') : '';
  const berry = (version !== null && !version.startsWith('1.')) || /^__metadata:/m.test(lockText) || (await fs.exists('.yarnrc.yml'));
  const frozen = lockfile !== null;
  if (!berry) {
    return {
      name: 'yarn', version, variant: 'classic', lockfile, manifestFiles, reason, secretFiles,
      // Node 25+ images carry neither yarn nor corepack: without a pinned version, the last yarn 1 release.
      setup: [['npm', 'install', '-g', '--force', `yarn@${version ?? YARN_CLASSIC}`]],
      install: ['yarn', 'install', ...(frozen ? ['--frozen-lockfile'] : []), '--non-interactive'],
      installProd: ['yarn', 'install', '--production', ...(frozen ? ['--frozen-lockfile'] : []), '--non-interactive'],
      runScript: ['yarn', 'run'],
      cacheTarget: '/usr/local/share/.cache/yarn',
      installEnv: [],
    };
  }
  const rc = await readYarnrc(fs);
  const yarnPath = typeof rc.yarnPath === 'string' ? rc.yarnPath : undefined;
  if (yarnPath) manifestFiles.push(yarnPath);
  // The images' yarn is v1; berry comes from its npm distribution (pinned by packageManager), or from yarnPath.
  const setup = yarnPath ? [] : [['npm', 'install', '-g', '--force', `@yarnpkg/cli-dist@${version ?? '4'}`]];
  return {
    name: 'yarn', version, variant: 'berry', lockfile, manifestFiles, reason, secretFiles,
    setup,
    install: ['yarn', 'install', ...(frozen ? ['--immutable'] : [])],
    installProd: ['yarn', 'workspaces', 'focus', '--all', '--production'],
    runScript: ['yarn', 'run'],
    cacheTarget: '/root/.yarn/berry/cache',
    // Plug'n'Play needs a loader at run time; a node_modules tree keeps the runtime a plain `node` process.
    installEnv: [
      { name: 'YARN_NODE_LINKER', value: 'node-modules' },
      { name: 'YARN_ENABLE_GLOBAL_CACHE', value: 'true' },
    ],
  };
}

/** pnpm major that writes the lockfile's format, for projects without a packageManager pin. */
export async function pnpmMajorForLockfile(fs: ProjectFs, lockfile: string | null): Promise<string> {
  const text = lockfile ? ((await fs.readText(lockfile)) ?? '') : '';
  const v = /^lockfileVersion:\s*'?(\d+)(?:\.(\d+))?/m.exec(text);
  if (!v) return '10';
  const major = Number(v[1]);
  return major >= 9 ? '10' : major >= 6 ? '8' : '7';
}

async function readYarnrc(fs: ProjectFs): Promise<Record<string, unknown>> {
  const text = await fs.readText('.yarnrc.yml');
  if (text === undefined) return {};
  try {
    const doc = YAML.parse(text) as unknown;
    return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  } catch (err) {
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new UserError(`.yarnrc.yml:${pos ? `${pos.line}:${pos.col}:` : ''} invalid YAML; fix the syntax and run again`);
  }
}
