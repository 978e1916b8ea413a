import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { findRequirements, namesOf, normaliseName, readRequirements } from './requirements.js';
import { readToml } from './toml.js';

/** Pinned tool versions installed in the build stage only (never in the runtime image). */
export const PYTHON_TOOLS = { uv: '0.8.0', poetry: '2.1.3', pdm: '2.22.0', pipenv: '2024.4.0' } as const;
/** The virtualenv every package manager installs into; the runtime image copies it whole. */
export const VENV = '/opt/venv';

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** One COPY of manifests before the source: sources and destination (relative to /app). */
export interface ManifestCopy {
  files: string[];
  dest: string;
}

/** How dependencies get into the virtualenv. */
export interface PythonPmPlan {
  name: 'pip' | 'uv' | 'poetry' | 'pdm' | 'pipenv';
  reason: string;
  lockfile: string | null;
  /** Copied before the source, so the install layer survives source edits. */
  manifests: ManifestCopy[];
  /** Installs the tool itself (build stages only), before the manifests are copied. */
  setup: string[][];
  /** Environment of the build stages for the tool. */
  env: EnvVar[];
  cacheTarget: string;
  /** Installs the dependencies (not the project) from the manifests; null when there is nothing to install first. */
  install: string[] | null;
  /** Installs the project itself after the source is copied, when the app needs it installed. */
  installProject: string[] | null;
  /** Cache of the tool that runs installProject. */
  projectCacheTarget: string;
}

/** A uv workspace's install, decided at its root: the app is one member (or the root project) of it. */
export interface UvWorkspaceInstall {
  /** `uv.lock` at the workspace root, or null when there is none. */
  lock: string | null;
  /** Every member's pyproject.toml, relative to the workspace root: copied to its folder before the install. */
  memberManifests: string[];
  /** The member's project name for `uv sync --package`; undefined when the root project is the app. */
  package: string | undefined;
}

/** Everything the manifests say that the rest of the plan needs. */
export interface PythonManifests {
  pm: PythonPmPlan;
  /** Normalised dependency names (runtime dependencies only). */
  deps: Set<string>;
  pyproject: Table | undefined;
  /** `[project.scripts]` / `[tool.poetry.scripts]` name -> `module:function`. */
  scripts: Record<string, string>;
  /** The project builds as a package ([build-system], or Poetry/PDM/uv package defaults). */
  isPackage: boolean;
  pipfilePython?: string;
  notes: string[];
}

const PIP_CACHE = '/root/.cache/pip';
const pip = (...args: string[]): string[] => [`${VENV}/bin/pip`, 'install', ...args];
const PIP_ENV: EnvVar[] = [
  { name: 'PIP_DISABLE_PIP_VERSION_CHECK', value: '1' },
  { name: 'PIP_ROOT_USER_ACTION', value: 'ignore' },
];
/** The build image's own interpreter, which installs the tools outside the app's virtualenv. */
const SYSTEM_PIP = ['/usr/local/bin/python', '-m', 'pip', 'install'];

/**
 * Reads pyproject.toml, Pipfile and requirements files and picks the package manager (a lockfile decides). In a uv
 * workspace (`ws`), `fs` is the app's folder and the install is the workspace root's: its lockfile, every member's
 * manifest, `--package` for the member.
 */
export async function readPythonManifests(fs: ProjectFs, ws?: UvWorkspaceInstall): Promise<PythonManifests> {
  const notes: string[] = [];
  const pyproject = await readToml(fs, 'pyproject.toml');
  const project = table(pyproject?.project);
  const tool = table(pyproject?.tool);
  const poetry = table(tool.poetry);
  const pipfile = await readToml(fs, 'Pipfile');
  const has = async (f: string): Promise<boolean> => fs.exists(f);
  const buildSystem = pyproject?.['build-system'] !== undefined;
  const projectDeps = namesOf(strs(project.dependencies), 'pyproject.toml [project] dependencies');
  const poetryDeps = Object.keys(table(poetry.dependencies)).filter((d) => d.toLowerCase() !== 'python').map(normaliseName);
  const scripts: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...table(poetry.scripts), ...table(project.scripts) })) if (typeof v === 'string') scripts[k] = v;
  const dynamicDeps = strs(project.dynamic).includes('dependencies');

  const withPyproject = (lock: string): string[] => ['pyproject.toml', lock];
  const manifests = (files: string[]): ManifestCopy[] => [{ files, dest: './' }];
  const env = (...e: [string, string][]): EnvVar[] => [...PIP_ENV, { name: 'VIRTUAL_ENV', value: VENV }, ...e.map(([name, value]) => ({ name, value }))];
  let pm: PythonPmPlan;
  let deps: string[] = [...projectDeps, ...poetryDeps];
  let isPackage = buildSystem;

  if (ws || (await has('uv.lock')) || (tool.uv !== undefined && !(await findRequirements(fs)))) {
    const lock = ws ? ws.lock : (await has('uv.lock')) ? 'uv.lock' : null;
    if (!lock) notes.push(`[tool.uv${ws ? '.workspace' : ''}] without uv.lock: dependencies resolve at build time; commit uv.lock`);
    isPackage = buildSystem && table(tool.uv).package !== false;
    // A workspace installs its members (the app's own libraries) from source: the dependency layer skips them all.
    const sync = ['uv', 'sync', ...(lock ? ['--frozen'] : []), '--no-dev', ...(ws?.package ? ['--package', ws.package] : [])];
    const copies = ws ? ws.memberManifests.map((f) => ({ files: [f], dest: `./${f.slice(0, f.lastIndexOf('/') + 1)}` })) : [];
    pm = {
      name: 'uv', reason: ws ? (lock ? `${lock} at the uv workspace root` : '[tool.uv.workspace] at the root') : lock ? 'uv.lock' : '[tool.uv] in pyproject.toml', lockfile: lock,
      manifests: [...manifests(lock ? withPyproject(lock) : ['pyproject.toml']), ...copies],
      setup: [[...SYSTEM_PIP, `uv==${PYTHON_TOOLS.uv}`]],
      env: env(['UV_PROJECT_ENVIRONMENT', VENV], ['UV_PYTHON_DOWNLOADS', 'never'], ['UV_LINK_MODE', 'copy'], ['UV_COMPILE_BYTECODE', '1']),
      cacheTarget: '/root/.cache/uv',
      install: [...sync, ws ? '--no-install-workspace' : '--no-install-project'],
      installProject: [...sync, '--no-editable'],
      projectCacheTarget: '/root/.cache/uv',
    };
  } else if ((await has('poetry.lock')) || tool.poetry !== undefined) {
    const lock = (await has('poetry.lock')) ? 'poetry.lock' : null;
    if (!lock) notes.push('[tool.poetry] without poetry.lock: dependencies resolve at build time; run poetry lock and commit poetry.lock');
    isPackage = buildSystem && poetry['package-mode'] !== false;
    pm = {
      name: 'poetry', reason: lock ? 'poetry.lock' : '[tool.poetry] in pyproject.toml', lockfile: lock,
      manifests: manifests(lock ? withPyproject(lock) : ['pyproject.toml']),
      setup: [[...SYSTEM_PIP, `poetry==${PYTHON_TOOLS.poetry}`]],
      env: env(['POETRY_VIRTUALENVS_CREATE', 'false'], ['POETRY_NO_INTERACTION', '1']),
      cacheTarget: '/root/.cache/pypoetry',
      install: ['poetry', 'install', '--only', 'main', '--no-root', '--no-interaction', '--no-ansi'],
      installProject: pip('--no-deps', '.'),
      projectCacheTarget: PIP_CACHE,
    };
  } else if (await has('pdm.lock')) {
    isPackage = buildSystem && table(tool.pdm).distribution !== false;
    pm = {
      name: 'pdm', reason: 'pdm.lock', lockfile: 'pdm.lock',
      manifests: manifests(withPyproject('pdm.lock')),
      setup: [[...SYSTEM_PIP, `pdm==${PYTHON_TOOLS.pdm}`]],
      env: env(['PDM_CHECK_UPDATE', 'false']),
      cacheTarget: '/root/.cache/pdm',
      install: ['pdm', 'sync', '--prod', '--no-self', '--no-editable'],
      installProject: pip('--no-deps', '.'),
      projectCacheTarget: PIP_CACHE,
    };
  } else if (pipfile !== undefined) {
    const lock = (await has('Pipfile.lock')) ? 'Pipfile.lock' : null;
    if (!lock) notes.push('Pipfile without Pipfile.lock: dependencies resolve at build time; run pipenv lock and commit Pipfile.lock');
    deps = Object.keys(table(pipfile.packages)).map(normaliseName);
    pm = {
      name: 'pipenv', reason: lock ? 'Pipfile.lock' : 'Pipfile', lockfile: lock,
      manifests: manifests(lock ? ['Pipfile', lock] : ['Pipfile']),
      setup: [[...SYSTEM_PIP, `pipenv==${PYTHON_TOOLS.pipenv}`]],
      env: env(['PIPENV_VERBOSITY', '-1'], ['PIPENV_NOSPIN', '1']),
      cacheTarget: '/root/.cache',
      install: ['pipenv', 'install', ...(lock ? ['--deploy'] : [])],
      installProject: null,
      projectCacheTarget: PIP_CACHE,
    };
    isPackage = false;
  } else {
    const root = await findRequirements(fs);
    if (root !== undefined) {
      const req = await readRequirements(fs, root);
      deps = req.names;
      if (!req.pinned) notes.push(`${root}: not every requirement is pinned with ==; builds may differ over time (pip-compile or uv pip compile makes a lock)`);
      const local = req.local.length > 0;
      if (local) notes.push(`${root}: local requirements (${req.local.join(', ')}) need the source: the install runs after COPY . and is not cached`);
      const top = req.files.filter((f) => !f.includes('/'));
      const nested = req.files.filter((f) => f.includes('/'));
      pm = {
        name: 'pip', reason: root, lockfile: req.pinned ? root : null,
        manifests: local ? [] : [...(top.length ? [{ files: top, dest: './' }] : []), ...nested.map((f) => ({ files: [f], dest: `./${f}` }))],
        setup: [], env: env(), cacheTarget: PIP_CACHE,
        install: local ? null : pip('-r', root),
        installProject: local ? pip('-r', root) : null,
        projectCacheTarget: PIP_CACHE,
      };
      isPackage = false;
    } else if (pyproject !== undefined && pyproject.project !== undefined) {
      if (dynamicDeps) notes.push('pyproject.toml: dependencies are dynamic, so they install with the project after COPY . (not cached)');
      pm = {
        name: 'pip', reason: 'pyproject.toml [project] (PEP 621)', lockfile: null,
        manifests: dynamicDeps || projectDeps.length === 0 ? [] : manifests(['pyproject.toml']),
        setup: [], env: env(), cacheTarget: PIP_CACHE,
        install: dynamicDeps || projectDeps.length === 0 ? null : pip(...strs(project.dependencies)),
        installProject: buildSystem ? pip(...(dynamicDeps ? [] : ['--no-deps']), '.') : null,
        projectCacheTarget: PIP_CACHE,
      };
      notes.push('no lockfile: PEP 621 dependencies install by their ranges; lock them (pip-compile, uv) for reproducible builds');
    } else {
      throw new UserError('pyproject.toml: no [project] table, lockfile or requirements.txt to install from; add [project] dependencies or a requirements.txt');
    }
  }
  const pipfilePython = table(pipfile?.requires).python_version ?? table(pipfile?.requires).python_full_version;
  return {
    pm, deps: new Set(deps), pyproject, scripts, isPackage, notes,
    ...(typeof pipfilePython === 'string' ? { pipfilePython } : {}),
  };
}
