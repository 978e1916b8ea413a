import { PYTHON_SECRET_CONFIGS, secretConfigs, type SecretConfig } from '../shared/secret-configs.js';
import type { Detector } from '../types.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { BaseFlavour, EnvVar, ImageRef, Plan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { shellWords } from '../shared/shell-words.js';
import { readPythonManifests, VENV, type PythonPmPlan } from './package-manager.js';
import { resolvePythonVersion } from './version.js';
import { detectApp, pythonSources, type DjangoFacts } from './app.js';
import { pythonDockerignore, pythonHealthcheck, scanPython, serverStart, systemPackages } from './image.js';
import { resolveServices } from '../shared/services.js';
import { detectServices } from '../shared/database-choice.js';
import { withoutOptional } from '../shared/optional-services.js';
import { detectMigrations } from '../shared/migrations.js';
import { schemaScript } from './schema-script.js';
import { hostsWarning } from './django-hosts.js';
import { runtimeUser } from '../shared/plan-parts.js';
import { healthcheckPlan, healthNote, statusBelow } from '../shared/health-check.js';
import { projectHealth } from '../shared/platform-health.js';
import { platformPort } from '../shared/platform-port.js';
import { lockFacts } from './ceiling.js';
import { compiledPinsWarning, dockerfileCeiling } from './runtime-evidence.js';
import { PYTHON, DISTROLESS_PYTHON } from '../../src/versions/python.js';
import { findRelease, isEol, newestDebian } from '../../src/versions/lookup.js';
import { distrolessMaintained } from '../../src/versions/distroless.js';
import { releaseReport } from '../../src/versions/pin.js';
import { DISTROLESS_SUFFIX } from '../../src/versions/types.js';
import { databaseUrlEvidence } from './database-consumers.js';
import { pythonWorkspace, uvWorkspaceListing } from './workspace-plan.js';
import { consoleServeArgs } from './cli-table.js';

/** Template data of the python stack (templates/python). */
export interface PythonDetails {
  /** Header line, e.g. "Python 3.11 (pip, django)". */
  title: string;
  images: { build: ImageRef; runtime: ImageRef };
  pm: PythonPmPlan;
  venv: string;
  /** Environment of the deps and build stages. */
  buildEnv: EnvVar[];
  /** PATH of the runtime stage (the venv first); kept out of plan.env so compose does not repeat it. */
  runtimePath: EnvVar;
  /** Debian packages for compiling dependencies (deps stage only) and for loading them (slim runtime only). */
  buildPackages: string[];
  runPackages: string[];
  /** Creates the virtualenv with the build image's interpreter. */
  createVenv: string[];
  /** Installs a server the project does not declare (after the locked install, so a sync cannot remove it). */
  extraInstall: string[] | null;
  /** Installs the project itself after the source is copied. */
  projectInstall: string[] | null;
  /**
   * Distroless runs Debian's /usr/bin/python3.11, not the build image's /usr/local/bin/python: the venv's
   * interpreter link and pyvenv.cfg `home` are pointed there (same minor, same ABI) as the last build step.
   */
  relocate: { python: string; home: string; venvPython: string; cfg: string } | null;
  /** Slim runtime: create this user (uid/gid from plan.user) so the app has a passwd entry. */
  userName: string | null;
  /** tini-static from Debian, as PID 1 (see the Dockerfile comment). */
  tini: { packages: string[]; path: string };
  /** pip.conf holding credentials (an index URL with user:pass@): out of the context, mounted as a build secret. */
  secrets: SecretConfig[];
  /** uv workspace member the app is (its folder, where the build step and the app run); null at the root. */
  appDir: string | null;
}

/** The last virtualenv that runs on (and creates environments for) Python 2.7. */
const PY2_VIRTUALENV = '20.15.1';

const PATH = `${VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

async function versionSources(fs: ProjectFs, rootFs: ProjectFs, pyproject: Record<string, unknown> | undefined, pipfilePython: string | undefined) {
  const project = (pyproject?.project ?? {}) as { 'requires-python'?: unknown };
  const poetryPython = ((pyproject?.tool as { poetry?: { dependencies?: { python?: unknown } } } | undefined)?.poetry?.dependencies?.python);
  const firstLine = (t: string | undefined): string | undefined => t?.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim()).find(Boolean);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const sources = {
    // uv reads .python-version from the project, else from the workspace root.
    pythonVersion: firstLine((await fs.readText('.python-version')) ?? (rootFs === fs ? undefined : await rootFs.readText('.python-version'))),
    runtimeTxt: firstLine(await fs.readText('runtime.txt')),
    pipfile: pipfilePython,
    requiresPython: str(project['requires-python']),
    poetryPython: str(poetryPython),
  };
  return Object.fromEntries(Object.entries(sources).filter(([, v]) => v !== undefined));
}

function parseStart(line: string): { argv: string[]; shell: boolean } {
  const words = shellWords(line, '--start');
  if (words.length === 0) throw new UserError('--start: the command is empty; pass the server and its arguments');
  if (words.some((w) => typeof w !== 'string')) return { argv: ['/bin/sh', '-c', line], shell: true };
  return { argv: words as string[], shell: false };
}

/**
 * The variables a build step that imports the settings runs with, scoped to its RUN by env(1) (never ENV, so never
 * in the runtime image): the production settings module, and build-only placeholders for the variables the
 * settings cannot be imported without.
 */
function settingsEnv(django: DjangoFacts): string[] {
  const settings = django.production?.module;
  return [...(settings ? [`DJANGO_SETTINGS_MODULE=${settings}`] : []), ...django.buildEnv.map((v) => `${v.name}=${v.value}`)];
}

/** collectstatic at build time, with the settings the image runs (the production module's STATIC_ROOT and storage). */
function collectstatic(django: DjangoFacts): string[] {
  const run = [`${VENV}/bin/python`, 'manage.py', 'collectstatic', '--noinput'];
  const env = settingsEnv(django);
  return env.length === 0 ? run : ['/usr/bin/env', ...env, ...run];
}

/** The --build command; one running manage.py imports the settings, so it gets their build environment too. */
function customBuild(line: string, django: DjangoFacts | undefined): string[] | null {
  if (line.trim() === '') return null;
  const env = django && /\bmanage\.py\b/.test(line) ? settingsEnv(django) : [];
  return [...(env.length ? ['/usr/bin/env', ...env] : []), '/bin/sh', '-c', line];
}

/** Python (requirements.txt, pyproject.toml, Pipfile): a virtualenv built in a builder stage, served by gunicorn/uvicorn. */
export const pythonDetector: Detector = {
  id: 'python',
  title: 'Python',
  manifests: ['requirements.txt', 'pyproject.toml', 'Pipfile'],

  async detect(fs) {
    // A Django manage.py marks the app server even when a package.json builds its assets.
    if (await fs.exists('manage.py')) return { stack: 'python', reason: 'manage.py (Django)', weight: 60 };
    for (const f of ['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock', 'Pipfile', 'requirements.txt', 'requirements']) {
      if (await fs.exists(f)) return { stack: 'python', reason: f === 'requirements' ? 'requirements/ folder' : f, weight: 45 };
    }
    // A pyproject.toml that only configures tools (black, ruff) beside another stack's manifest is weak evidence.
    const pyproject = await fs.readText('pyproject.toml');
    if (pyproject !== undefined) return { stack: 'python', reason: 'pyproject.toml', weight: /^\[(project|tool\.poetry|tool\.uv\.workspace)\]/m.test(pyproject) ? 40 : 10 };
    for (const f of await fs.list('.')) if (/^requirements-[\w.-]+\.txt$/.test(f)) return { stack: 'python', reason: f, weight: 40 };
    return undefined;
  },

  workspaceApps: uvWorkspaceListing,

  async plan(rootFs, answers) {
    if (answers.base === 'alpine') throw new UserError('--base alpine: not offered for Python (musl needs its own wheels and often compilers); use --base slim or distroless');
    // A uv workspace member is planned through a view of its folder; the install and its lockfile stay the root's.
    const { fs, member, install, workspaces } = await pythonWorkspace(rootFs, answers.workspace);
    const m = await readPythonManifests(fs, install);
    const { pm, deps } = m;
    const notes = [...(member ? [member.note] : []), `package manager ${pm.name}: ${pm.reason}`, ...m.notes];
    const locks = await lockFacts(rootFs);
    const dockerfile = await dockerfileCeiling(fs);
    const versionSrc = await versionSources(fs, rootFs, m.pyproject, m.pipfilePython);
    const version = resolvePythonVersion(versionSrc, answers.runtimeVersion, [...locks.ceilings, ...(dockerfile ? [dockerfile] : [])]);
    notes.push(`Python ${version.version}: ${version.source}`, ...version.notes);
    const compiledPins = compiledPinsWarning(version, versionSrc.requiresPython ?? versionSrc.poetryPython, dockerfile, locks.pins);
    const release = findRelease(PYTHON, version.version)!;
    const debian = newestDebian(release)!;
    // A range or lock that allows only end-of-life minors is as good as a pin: the warning names it.
    const report = releaseReport(PYTHON, release, version.pinned ?? (isEol(release) ? version.source : undefined), debian);
    notes.push(...report.notes);
    const suffix = DISTROLESS_SUFFIX[debian];
    const distrolessPython = suffix && distrolessMaintained(suffix, 'python3') ? DISTROLESS_PYTHON[debian as 'trixie' | 'bookworm'] : undefined;
    const distrolessImage = `gcr.io/distroless/python3-${suffix ?? 'debian13'}`;

    const { shape, django, notes: appNotes } = await detectApp(fs, deps, m.scripts, answers.main);
    notes.push(...appNotes);
    const custom = answers.start !== undefined ? parseStart(answers.start) : undefined;
    const sources = await pythonSources(fs);
    const entry = shape.kind === 'console' ? [] : [shape.file];
    const facts = await scanPython(fs, [...entry, ...sources.filter((f) => !entry.includes(f))]);
    const followsEnv = shape.kind === 'script' || shape.kind === 'console';
    // A served app binds the port we choose: the project's own Dockerfile / fly.toml port, else 8000.
    const portFrom = (followsEnv ? facts.port : undefined) ?? (await platformPort(fs));
    const port = answers.port ?? portFrom?.value ?? 8000;
    if (answers.port === undefined) notes.push(portFrom ? `port ${port}: ${portFrom.file}` : `port ${port}: default`);
    const health = await projectHealth(fs, facts.health);
    notes.push(healthNote(health));
    const server = serverStart(shape, deps, port);
    notes.push(...server.notes);
    const serve = shape.kind === 'console' && !custom ? await consoleServeArgs(fs, shape.script, shape.entry, sources).then((a) => a && { ...a, script: shape.script }) : undefined;
    if (serve) notes.push(`start: ${serve.script} ${serve.args.join(' ')} (${serve.source}): the console script serves through that subcommand`);

    const libs = systemPackages(deps);
    const distrolessOk = version.version === distrolessPython && libs.run.length === 0 && !custom?.shell;
    const base: BaseFlavour = answers.base ?? (distrolessOk ? 'distroless' : 'slim');
    if (base === 'distroless' && !distrolessOk) {
      const why = version.version !== distrolessPython
        ? (distrolessPython ? `${distrolessImage} holds Python ${distrolessPython}, not ${version.version}` : `there is no maintained distroless Python on Debian ${debian}`)
        : libs.run.length ? `${distrolessImage} lacks ${libs.run.join(', ')}` : `${distrolessImage} has no shell for the --start command`;
      throw new UserError(`--base distroless: ${why}; use --base slim`);
    }
    if (answers.base === undefined && !distrolessOk) {
      notes.push(`runtime python:${version.version}-slim-${debian}: ${version.version !== distrolessPython ? `distroless has Python ${DISTROLESS_PYTHON.trixie} only` : libs.run.length ? libs.reasons.join('; ') : 'the start command needs a shell'}`);
    }
    notes.push('signals: tini is PID 1 and forwards SIGTERM (a Python process as PID 1 ignores it unless the app installs a handler)');

    const srcLayout = shape.kind !== 'console' && shape.srcDir !== null;
    const appDir = member ? `${member.member.dir}/` : '';
    // A workspace always installs its members (the libraries the app imports) after the source copy.
    const projectInstall = pm.install === null || install ? pm.installProject : m.isPackage && (shape.kind === 'console' || srcLayout) ? pm.installProject : null;
    if (shape.kind === 'console' && !projectInstall) throw new UserError(`pyproject.toml: the console script "${shape.script}" needs the project installed, but it has no [build-system]; add one or pass --main/--start`);
    const env: EnvVar[] = [
      { name: 'PYTHONUNBUFFERED', value: '1' },
      { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
      { name: 'PORT', value: String(port) },
      ...(custom ? [] : server.env),
      ...(srcLayout && !projectInstall ? [{ name: 'PYTHONPATH', value: `/app/${appDir}src` }] : []),
      ...(django?.production ? [{ name: 'DJANGO_SETTINGS_MODULE', value: django.production.module }] : []),
    ];
    const collect = django?.staticRoot && !answers.build ? collectstatic(django) : null;
    if (collect) notes.push(`django STATIC_ROOT is set: collectstatic runs at build time${deps.has('whitenoise') ? '' : '; serve the files with whitenoise or a proxy'}`);
    const build = answers.build !== undefined ? customBuild(answers.build, django) : collect;
    if (build?.[0] === '/usr/bin/env' && django!.buildEnv.length) {
      notes.push(`the build step gets build-only placeholders for ${django!.buildEnv.map((v) => v.name).join(', ')} (the settings cannot be imported without them); they never reach the runtime image`);
    }
    const dbChoice = await detectServices(fs, [...deps], answers.services);
    notes.push(...dbChoice.notes);
    const used = withoutOptional(dbChoice.services, facts.texts, answers.services);
    notes.push(...used.notes);
    const services = resolveServices(used.services, answers.services, [...deps], await databaseUrlEvidence(fs, sources));
    for (const s of services) notes.push(`${s.name} service: ${s.reason}`);
    const user = runtimeUser(base);
    const probePortVar = !custom && server.followsPortEnv ? 'PORT' : undefined;
    const python = `${VENV}/bin/python`;
    const hasDatabase = services.some((s) => s.name === 'postgres' || s.name === 'mysql');
    // Without a server, the database can only be SQLite (sqlite3 is in the standard library): the migration is marked
    // embedded and stays only when the data plan puts a SQLite file on the data volume.
    const found = await detectMigrations(fs, { stack: 'python', deps, framework: shape.framework, interpreter: python, binDir: `${VENV}/bin`, hasDatabase: true });
    const migrate = (found && !hasDatabase ? { ...found, embedded: true } : found)
      ?? (hasDatabase ? await schemaScript(fs, deps, python) : null);
    if (migrate) notes.push(`migrate service (${migrate.tool}): ${migrate.reason}; runs before the app`);
    const buildImage: ImageRef = { name: 'python', tag: `\${PYTHON_VERSION}-slim-${debian}` };
    const py2 = version.version.startsWith('2.');
    if (py2) notes.push(`Python 2 has no venv module: the image creates the virtualenv with virtualenv ${PY2_VIRTUALENV}`);
    const details: PythonDetails = {
      title: `Python ${version.version} (${[pm.name, shape.framework ?? server.server].filter(Boolean).join(', ')})`,
      images: { build: buildImage, runtime: base === 'distroless' ? { name: distrolessImage, tag: 'nonroot' } : buildImage },
      pm: py2 ? { ...pm, setup: [['/usr/local/bin/python', '-m', 'pip', 'install', `virtualenv==${PY2_VIRTUALENV}`], ...pm.setup] } : pm,
      venv: VENV,
      buildEnv: [{ name: 'PYTHONDONTWRITEBYTECODE', value: '1' }, { name: 'PATH', value: PATH }, ...pm.env],
      runtimePath: { name: 'PATH', value: PATH },
      buildPackages: libs.build,
      runPackages: base === 'slim' ? libs.run : [],
      createVenv: ['/usr/local/bin/python', '-m', py2 ? 'virtualenv' : 'venv', VENV],
      extraInstall: server.extra.length && !custom ? [`${VENV}/bin/pip`, 'install', ...server.extra] : null,
      projectInstall,
      relocate: base === 'distroless' ? { python: `/usr/bin/python${distrolessPython}`, home: '/usr/bin', venvPython: python, cfg: `${VENV}/pyvenv.cfg` } : null,
      userName: base === 'slim' ? 'app' : null,
      tini: { packages: ['tini'], path: '/usr/bin/tini-static' },
      secrets: await secretConfigs(rootFs, PYTHON_SECRET_CONFIGS),
      appDir: member?.member.dir ?? null,
    };
    return {
      stack: 'python',
      templates: 'python',
      packageManager: pm.name,
      framework: shape.framework,
      runtime: { name: 'python', version: version.version },
      start: custom?.argv ?? [...server.argv, ...(serve?.args ?? [])],
      build,
      port,
      services: services.map((s) => s.name),
      base,
      user,
      healthcheck: healthcheckPlan(health, pythonHealthcheck(python, port, health.path, statusBelow(health.semantics), probePortVar, py2), probePortVar ?? null),
      args: [{ name: 'PYTHON_VERSION', value: version.version }],
      env,
      writableDirs: [],
      dockerignore: pythonDockerignore(django?.staticDir && collect ? [django.staticDir] : [], member?.member.dir),
      serviceDetails: services,
      migrate,
      notes,
      warnings: [...report.warnings, ...(compiledPins ? [compiledPins] : []), ...(django?.fixedHosts ? [hostsWarning(django.settingsModule, django.fixedHosts, port)] : [])],
      acceptedEol: report.acceptedEol,
      workspaces,
      ...(member ? { appDir: member.member.dir } : {}),
      details: details as unknown as Record<string, unknown>,
    };
  },
};
