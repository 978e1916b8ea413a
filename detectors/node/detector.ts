import type { Detector } from '../types.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Answers } from '../../src/plan/answers.js';
import type { BaseFlavour, EnvVar, Plan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { detectPackageManager, type PackageManagerPlan } from './package-manager.js';
import { resolveNodeVersion } from './version.js';
import { detectFramework, type AppShape, type Artifact } from './frameworks.js';
import { resolveStart, type PackageJson } from './start-command.js';
import { scanSource } from './source-scan.js';
import { resolveServices } from '../shared/services.js';
import { detectServices } from '../shared/database-choice.js';
import { detectMigrations } from '../shared/migrations.js';
import { jsHealthcheck, runtimeUser } from '../shared/plan-parts.js';
import { preStartBuild } from './start-steps.js';
import { healthcheckPlan, healthNote, statusBelow, type HealthDecision } from '../shared/health-check.js';
import { projectHealth } from '../shared/platform-health.js';
import { envExamplePort } from '../shared/env/port.js';
import { platformPort } from '../shared/platform-port.js';
import { fastifyHost } from './host.js';
import { nodeDebian, nodeDockerignore, nodeImages, nodeWorkspaces, STATIC_SERVER } from './image.js';
import { NODE } from '../../src/versions/node.js';
import { findRelease } from '../../src/versions/lookup.js';
import { releaseReport } from '../../src/versions/pin.js';


/** Template data of the node stack (templates/node). */
export interface NodeDetails {
  pm: PackageManagerPlan;
  images: ReturnType<typeof nodeImages>;
  prodDeps: boolean;
  /** Stage the runtime's node_modules come from: production-only `deps`, or `build` (all dependencies). */
  depsFrom: 'deps' | 'build';
  copyContext: boolean;
  artifacts: Artifact[];
  staticServer: typeof STATIC_SERVER | null;
  staticDir: string | null;
  runtimeKind: 'node' | 'bun';
  /** Absolute paths of framework build caches, mounted as BuildKit caches during the build. */
  buildCaches: string[];
  /** Header line, e.g. "Node.js (npm, express)". */
  title: string;
}


async function readPackageJson(fs: ProjectFs): Promise<PackageJson> {
  const pkg = await fs.readJson<unknown>('package.json');
  if (pkg === undefined) throw new UserError(`${fs.root}: no package.json; run in the project root or pass --cwd DIR`);
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    throw new UserError('package.json: must hold a JSON object; fix the file and run again');
  }
  return pkg as PackageJson;
}

const strings = (o: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** Node.js, including Bun projects (package.json). */
export const nodeDetector: Detector = {
  id: 'node',
  title: 'Node.js',
  manifests: ['package.json'],

  async detect(fs) {
    if (!(await fs.exists('package.json'))) return undefined;
    const pkg = await readPackageJson(fs);
    const scripts = strings(pkg.scripts);
    // A package.json that only builds (assets for another stack's server) is weaker evidence than a server's.
    const weight = scripts.start || pkg.main ? 50 : scripts.build ? 30 : 20;
    return { stack: 'node', reason: `package.json${scripts.start ? ' with a start script' : scripts.build ? ' with a build script' : ''}`, weight };
  },

  async plan(fs, answers) {
    const pkg = await readPackageJson(fs);
    const scripts = strings(pkg.scripts);
    const prodDeps = Object.keys(strings(pkg.dependencies));
    const deps = new Set([...prodDeps, ...Object.keys(strings(pkg.devDependencies))]);
    const notes: string[] = [];
    const pm = await detectPackageManager(fs, pkg);
    notes.push(`package manager ${pm.name}: ${pm.reason}`);
    if (!pm.lockfile) notes.push('no lockfile: installs are not reproducible; commit one');
    const engines = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
    const version = await resolveNodeVersion(fs, engines, answers.runtimeVersion);
    notes.push(`Node ${version.major}: ${version.source}`);
    const runtimeKind = pm.name === 'bun' ? 'bun' : 'node';
    const { debian, distroless } = nodeDebian(version.major, runtimeKind);
    const report = releaseReport(NODE, findRelease(NODE, String(version.major))!, version.pinned ? version.source : undefined, debian);
    notes.push(...report.notes);
    const shape = await detectFramework(fs, { deps, scripts, hasBuild: Boolean(scripts.build) });
    if (shape.framework) notes.push(`framework ${shape.framework}: dependency`);

    const startScript = answers.start === undefined && !shape.start ? (['start:prod', 'start'].find((s) => scripts[s] !== undefined)) : undefined;
    const preBuild = preStartBuild(scripts, startScript);
    if (preBuild && answers.build === undefined) notes.push(`build: the "${preBuild}" script compiles the app (there is no "build" script)`);
    const build = answers.build !== undefined
      ? (answers.build.trim() === '' ? null : ['/bin/sh', '-c', answers.build])
      : (scripts.build ? [...pm.runScript, 'build'] : preBuild ? [...pm.runScript, preBuild] : null);
    const needsBuild = shape.kind === 'static' || shape.artifacts.some((a) => a.from === 'build');
    if (needsBuild && !build) {
      throw new UserError(`package.json: ${shape.framework ?? 'this app'} needs a build step but there is no "build" script; add one or pass --build "<cmd>"`);
    }

    const start = shape.kind === 'static' ? undefined : await resolveStart(fs, pkg, scripts, shape, answers, runtimeKind, pm.name, build !== null);
    if (start?.dropped.length) notes.push(`start: dropped ${start.dropped.map((d) => `"${d}"`).join(', ')} from the start script: the image already built the app, and the container has no sources or dev tools at run time`);
    const base: BaseFlavour = answers.base ?? (start?.shell || !distroless ? 'slim' : 'distroless');
    if (base === 'distroless' && !distroless) {
      throw new UserError(`--base distroless: there is no maintained distroless image for ${runtimeKind === 'bun' ? 'Bun on ' : ''}Node ${version.major} on Debian ${debian}; use --base slim`);
    }
    if (answers.base === undefined && !start?.shell && !distroless) notes.push(`runtime ${debian} slim: no maintained distroless image for Node ${version.major}`);
    if (start?.shell && base === 'distroless') {
      throw new UserError(`--base distroless: the start command "${start.line}" needs a shell; pass --start "node <file>" or use --base slim`);
    }
    if (start?.shell) {
      notes.push(`start "${start.line}" needs a shell: runtime is Debian slim, not distroless`);
      if (build) notes.push('a shell start may call dev tools (e.g. prisma migrate): the runtime gets every dependency from the build stage');
    }
    let depsFrom: 'deps' | 'build' = start?.shell && build ? 'build' : 'deps';
    if (start?.outDir && build && shape.copyContext) {
      shape.copyContext = false;
      shape.artifacts.push({ from: 'build', src: `/app/${start.outDir}`, dest: `./${start.outDir}` }, { from: 'build', src: '/app/package.json', dest: './' });
      shape.outputs.push(start.outDir);
    } else if (build && shape.copyContext) {
      // The build writes somewhere we cannot name: ship the built app as the build stage left it.
      shape.copyContext = false;
      shape.artifacts.push({ from: 'build', src: '/app', dest: './' });
      depsFrom = 'build';
      notes.push('build output folder unknown (start does not run a file under dist/, build/, out/ or lib/): the runtime gets the whole built app with all dependencies');
    }
    const images = nodeImages(base, runtimeKind, deps, debian);
    const runtimeBin = runtimeKind === 'bun' ? '/usr/local/bin/bun' : images.nodeBin;
    const argv = shape.kind === 'static'
      ? [runtimeBin, STATIC_SERVER.bin, shape.staticDir!, '--single', '--etag', '--host', '0.0.0.0', '--port']
      : start!.argv.map((a, i) => (i === 0 && (a === 'node' || a === 'bun') ? runtimeBin : a));

    const facts = await scanSource(fs, start?.file ? [start.file, start.file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')] : [], ['js', 'mjs', 'cjs', 'ts', 'mts', 'tsx']);
    const scriptPort = Number(start?.env.find((e) => e.name === 'PORT')?.value);
    const sourcePort = shape.kind === 'static' || (scriptPort >= 1 && scriptPort <= 65535) ? undefined : facts.port ?? (await envExamplePort(fs)) ?? (await platformPort(fs));
    const port = answers.port ?? (shape.kind === 'static' ? shape.defaultPort
      : scriptPort >= 1 && scriptPort <= 65535 ? scriptPort : sourcePort?.value ?? shape.defaultPort);
    // The variable the app reads its port from: set it (not PORT) and let the HEALTHCHECK read it too.
    const portVar = sourcePort?.name ?? 'PORT';
    if (shape.kind === 'static') argv.push(String(port));
    if (answers.port === undefined && sourcePort) notes.push(`port ${port}: ${sourcePort.file}${portVar !== 'PORT' ? ` (the app reads $${portVar}: set instead of PORT)` : ''}`);
    const host = shape.framework === 'fastify' ? fastifyHost(facts.texts) : {};
    if (host.hostVar) notes.push(`fastify listens on $${host.hostVar}: set to 0.0.0.0 so the published port reaches the app`);
    if (host.loopback) notes.push(`warning: ${host.loopback.file} calls ${host.loopback.call} without a host, so Fastify binds 127.0.0.1 and the published port resets every connection (the HEALTHCHECK still passes inside); add host: process.env.HOST ?? '0.0.0.0' and re-run`);
    const health: HealthDecision = shape.kind === 'static'
      ? { path: '/', semantics: 'route', reason: 'static site index.html' }
      : await projectHealth(fs, facts.healthPath);
    notes.push(healthNote(health));

    const dbChoice = await detectServices(fs, await withPrisma(fs, prodDeps), answers.services);
    notes.push(...dbChoice.notes);
    const services = resolveServices(dbChoice.services, answers.services);
    for (const s of services) notes.push(`${s.name} service: ${s.reason}`);
    const migrate = shape.kind === 'static' ? null : await detectMigrations(fs, { stack: 'node', deps: new Set(prodDeps), framework: shape.framework, interpreter: runtimeBin, hasDatabase: services.some((s) => s.name === 'postgres' || s.name === 'mysql') });
    if (migrate) notes.push(`migrate service (${migrate.tool}): ${migrate.reason}; runs before the app`);
    const env = mergeEnv([
      { name: 'NODE_ENV', value: 'production' },
      { name: portVar, value: String(port) },
      ...shape.env,
      ...(host.hostVar ? [{ name: host.hostVar, value: '0.0.0.0' }] : []),
      ...(start?.env ?? []),
      ...(start?.shell ? [{ name: 'PATH', value: '/app/node_modules/.bin:/usr/local/bin:/usr/bin:/bin' }] : []),
      { name: portVar, value: String(port) },
    ]);
    const details: NodeDetails = {
      pm, images, runtimeKind,
      buildCaches: shape.buildCaches.map((c) => `/app/${c}`),
      title: `${runtimeKind === 'bun' ? 'Bun' : 'Node.js'} (${[pm.name, shape.framework].filter(Boolean).join(', ')})`,
      // No production dependency: `npm ci --omit=dev` writes no node_modules, and the runtime needs none.
      prodDeps: shape.kind === 'static' ? false : (shape.prodDeps || Boolean(start?.needsDeps)) && (depsFrom === 'build' || prodDeps.length > 0),
      depsFrom,
      copyContext: shape.kind !== 'static' && shape.copyContext,
      artifacts: shape.kind === 'static' ? [{ from: 'build', src: `/app/${shape.staticDir}`, dest: `./${shape.staticDir}` }] : shape.artifacts,
      staticServer: shape.kind === 'static' ? STATIC_SERVER : null,
      staticDir: shape.staticDir ?? null,
    };
    return {
      stack: 'node',
      templates: 'node',
      packageManager: pm.name,
      framework: shape.framework,
      // Bun runs its own binary: its version is the pinned bun (packageManager), else the newest 1.x.
      runtime: { name: runtimeKind, version: runtimeKind === 'bun' ? pm.version ?? '1' : String(version.major) },
      start: argv,
      build,
      port,
      services: services.map((s) => s.name),
      base,
      user: runtimeUser(base),
      healthcheck: healthcheckPlan(health, jsHealthcheck(runtimeBin, port, health.path, statusBelow(health.semantics), portVar), portVar),
      args: [{ name: 'NODE_VERSION', value: String(version.major) }],
      env,
      writableDirs: shape.writableDirs,
      dockerignore: nodeDockerignore(Boolean(build), shape.outputs, pm),
      serviceDetails: services,
      migrate,
      notes: [...notes, ...shape.notes],
      warnings: [...report.warnings, ...(pm.staleLockfiles ? [`${pm.staleLockfiles.join(', ')} ignored: the image installs from ${pm.lockfile} (${pm.name}); delete the stale lockfile, or set "packageManager" in package.json to choose`] : [])],
      acceptedEol: report.acceptedEol,
      workspaces: await nodeWorkspaces(fs, pkg.workspaces),
      details: details as unknown as Record<string, unknown>,
    };
  },
};

/** One entry per name, the later one winning, in first-seen order (a start script may repeat NODE_ENV or PORT). */
function mergeEnv(vars: EnvVar[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const v of vars) byName.set(v.name, v);
  return [...byName.values()];
}

/** Prisma talks to the database named in its schema's datasource provider. */
async function withPrisma(fs: ProjectFs, deps: string[]): Promise<string[]> {
  if (!deps.includes('@prisma/client')) return deps;
  const schema = (await fs.readText('prisma/schema.prisma')) ?? '';
  const provider = /provider\s*=\s*"(postgresql|mysql|mongodb)"/.exec(schema)?.[1];
  const map: Record<string, string> = { postgresql: 'pg', mysql: 'mysql2', mongodb: 'mongodb' };
  return provider ? [...deps, map[provider]!] : deps;
}
