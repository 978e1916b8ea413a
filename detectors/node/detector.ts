import type { Detector } from '../types.js';
import type { Answers } from '../../src/plan/answers.js';
import type { BaseFlavour, Plan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { detectPackageManager, type PackageManagerPlan } from './package-manager.js';
import { resolveNodeVersion } from './version.js';
import { detectFramework, type AppShape, type Artifact } from './frameworks.js';
import { resolveStart } from './start-command.js';
import { scanSource } from './source-scan.js';
import { jsHealthcheck, runtimeUser } from '../shared/plan-parts.js';
import { preStartBuild } from './start-steps.js';
import { healthcheckPlan, healthNote, statusBelow, type HealthDecision } from '../shared/health-check.js';
import { projectHealth } from '../shared/platform-health.js';
import { envExamplePort } from '../shared/env/port.js';
import { platformPort } from '../shared/platform-port.js';
import { fastifyHost } from './host.js';
import { builtWorkspaceDeps, chooseWorkspaceApp, shipWorkspace, usesTurbo, workspaceBuild, workspaceListing } from './workspace-app.js';
import { scopedFs } from '../../src/fs/scoped-fs.js';
import { detectNativeBuild, type NativeBuild } from './native.js';
import { detectPrisma, prismaNotes, type PrismaPlan } from './prisma.js';
import { pickBuildScript } from './build-script.js';
import { planBuildCaches, type BuildCache } from './build-cache.js';
import { detectInstallTree, installTreeNote, type TreeCopy } from './install-tree.js';
import { unbuiltEntryWarnings, workspaceClosure } from './workspace-closure.js';
import { planWorkspaceDeploy, shipDeploy, type WorkspaceDeploy } from './workspace-deploy.js';
import { devOnlyPatcherInstall, lifecyclePackages, planLifecycle, type LifecyclePlan } from './lifecycle.js';
import { keepMigrations, nodeDebian, nodeDockerignore, nodeImages, nodeWorkspaces, STATIC_SERVER } from './image.js';
import { NODE } from '../../src/versions/node.js';
import { planAllowScripts } from './allow-scripts.js';
import { planPnpmBuilds } from './pnpm-builds.js';
import { installScriptBinaries } from './install-binaries.js';
import { findRelease } from '../../src/versions/lookup.js';
import { releaseReport } from '../../src/versions/pin.js';
import { mergeEnv, readPackageJson, strings } from './package-json.js';
import { planNodeDatabase } from './database-plan.js';
import { nextBuildEnv } from './next-build-env.js';

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
  /** Framework build caches, mounted as BuildKit caches during the build. */
  buildCaches: BuildCache[];
  /** Next.js: the Server Actions key file the build keeps in its cache mount (see build-cache.ts); null otherwise. */
  nextKeyFile: string | null;
  /** Packages compiled at install: the install stage (base) adds their build tools; null when nothing compiles. */
  native: NativeBuild | null;
  /** `/usr/bin/env NAME=placeholder...` before the build command (variables route modules throw without), or empty. */
  buildEnv: string[];
  /** Prisma: `prisma generate` in the build stage, its client copied into the runtime; null without Prisma. */
  prisma: PrismaPlan | null;
  /** The runtime needs OpenSSL that its image lacks (Prisma's native engine on slim or Alpine). */
  runtimeOpenssl: boolean;
  /** A build stage exists: a build command, or a generate step such as Prisma's. */
  buildStage: boolean;
  /** Path-keeping copies before the install: workspace member manifests, patches, yarn releases and plugins. */
  installCopies: TreeCopy[];
  /** Root-level install files (package.json, lockfile, install config), copied together. */
  rootManifests: string[];
  /**
   * A workspace member's trimmed runtime: pnpm's deploy stage (its output is /app) or npm's / yarn berry's filtered
   * production install (`deps`); null at the root and where the runtime keeps the whole built workspace.
   */
  deploy: WorkspaceDeploy | null;
  /** The project's own install scripts: `npm pkg` edits of the image's package.json copies before the install. */
  lifecycle: LifecyclePlan;
  /** `npm pkg set allowScripts[...]` approving the dependencies that compile at install (npm 12 skips unapproved ones); null when none. */
  allowScripts: string[] | null;
  /** `npm pkg set pnpm.onlyBuiltDependencies[]=...` approving the dependencies whose install script the app needs (pnpm 10 skips unapproved ones); null when none. */
  pnpmBuilds: string[] | null;
  /** After the deps stage's full install (its hooks need a devDependency): the command removing devDependencies. */
  pruneDev: string[] | null;
  /** Workspace member the app runs in (the runtime's working directory below /app); null at the root. */
  appDir: string | null;
  /** Header line, e.g. "Node.js (npm, express)". */
  title: string;
}

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

  async workspaceApps(rootFs) {
    const rootPkg = await readPackageJson(rootFs);
    const tree = await detectInstallTree(rootFs, await nodeWorkspaces(rootFs, rootPkg.workspaces));
    const { apps, mustChoose } = await workspaceListing(rootFs, rootPkg, tree.members);
    return { apps: apps.map(({ dir, name, why }) => ({ dir, name, why })), mustChoose };
  },

  async plan(rootFs, answers) {
    const rootPkg = await readPackageJson(rootFs);
    const workspaces = await nodeWorkspaces(rootFs, rootPkg.workspaces);
    const tree = await detectInstallTree(rootFs, workspaces);
    // A workspace member is planned through a view of its folder; the install and its files stay the root's.
    const member = await chooseWorkspaceApp(rootFs, rootPkg, tree.members, answers.workspace);
    const fs = member ? scopedFs(rootFs, member.app.dir) : rootFs;
    const pkg = member?.app.pkg ?? rootPkg;
    const scripts = strings(pkg.scripts);
    const prodDeps = Object.keys(strings(pkg.dependencies));
    const deps = new Set([...prodDeps, ...Object.keys(strings(pkg.devDependencies))]);
    const notes: string[] = [];
    let pm = await detectPackageManager(rootFs, rootPkg);
    if (member) notes.push(member.note);
    notes.push(`package manager ${pm.name}: ${pm.reason}`);
    if (!pm.lockfile) notes.push('no lockfile: installs are not reproducible; commit one');
    const engines = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
    const version = await resolveNodeVersion(rootFs, engines, answers.runtimeVersion);
    notes.push(`Node ${version.major}: ${version.source}`);
    const runtimeKind = pm.name === 'bun' ? 'bun' : 'node';
    const { debian, distroless } = nodeDebian(version.major, runtimeKind);
    const report = releaseReport(NODE, findRelease(NODE, String(version.major))!, version.pinned ? version.source : undefined, debian);
    notes.push(...report.notes);
    const buildScript = pickBuildScript(scripts);
    const shape = await detectFramework(fs, { deps, scripts, hasBuild: Boolean(buildScript) });
    if (shape.framework) notes.push(`framework ${shape.framework}: dependency`);

    const prodStart = ['start:prod', 'start'].find((s) => scripts[s] !== undefined);
    // A framework's own start (Nest's dist/main.js) replaces the script, not the build its pre-hook runs.
    const preBuild = preStartBuild(scripts, prodStart);
    if (preBuild && answers.build === undefined) notes.push(`build: the "${preBuild}" script compiles the app (there is no "build" script)`);
    const turbo = member ? await usesTurbo(rootFs, rootPkg) : false;
    // An app without a build of its own still needs the workspace packages it uses built; Turborepo and pnpm's
    // filter run `build` only where a package has one.
    const depsToBuild = member && !buildScript && !preBuild && (turbo || pm.name === 'pnpm') ? await builtWorkspaceDeps(rootFs, tree.members, pkg) : [];
    // npm builds one workspace per name: the packages the app uses, with a build script, go first.
    const npmFirst = member && pm.name === 'npm' && !turbo ? (await workspaceClosure(rootFs, tree.members, pkg, true)).filter((p) => typeof p.pkg.scripts?.build === 'string').map((p) => p.dir) : [];
    if (!buildScript && !preBuild && npmFirst.length) depsToBuild.push(...npmFirst);
    if (answers.build === undefined && depsToBuild.length) notes.push(`build: the workspace packages it uses (${depsToBuild.join(', ')}) are built; the app has no build script`);
    const build = answers.build !== undefined
      ? (answers.build.trim() === '' ? null : ['/bin/sh', '-c', answers.build])
      : member && (buildScript || preBuild || depsToBuild.length) ? workspaceBuild(pm, member.app, buildScript?.name ?? preBuild ?? 'build', turbo, npmFirst, Boolean(buildScript || preBuild))
        : (buildScript ? [...pm.runScript, buildScript.name] : preBuild ? [...pm.runScript, preBuild] : null);
    if (answers.build === undefined && buildScript && buildScript.name !== 'build') notes.push(`build script ${buildScript.name}: ${buildScript.reason}`);
    const treeNote = installTreeNote(tree);
    if (treeNote) notes.push(treeNote);
    // Files below the root (yarnPath) keep their path; a flat COPY to ./ would move them.
    const nested = pm.manifestFiles.filter((f) => f.includes('/') && !tree.folders.some((d) => f.startsWith(`${d}/`)));
    const installCopies: TreeCopy[] = [...tree.copies, ...nested.map((f) => ({ src: f, dest: `./${f.slice(0, f.lastIndexOf('/') + 1)}` }))];
    const needsBuild = shape.kind === 'static' || shape.artifacts.some((a) => a.from === 'build');
    if (needsBuild && !build) {
      throw new UserError(`package.json: ${shape.framework ?? 'this app'} needs a build step but there is no "build" script; add one or pass --build "<cmd>"`);
    }

    const start = shape.kind === 'static' ? undefined : await resolveStart(fs, pkg, scripts, shape, answers, runtimeKind, pm.name, build !== null);
    for (const hop of start?.hops ?? []) notes.push(`start: "${hop.from}" only runs the "${hop.script}" script: the image runs its command (${scripts[hop.script]}) without the package manager`);
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
    const ownWritable = [...shape.writableDirs];
    if (member) {
      shipWorkspace(shape, member.app.dir);
      depsFrom = 'build';
    }
    const images = nodeImages(base, runtimeKind, debian);
    const native = await detectNativeBuild(rootFs, pkg, pm.lockfile, deps, base === 'alpine');
    if (native) {
      notes.push(native.note);
      // node-gyp compiles against the headers the official node images carry, instead of downloading them at build time.
      pm.installEnv.push({ name: 'npm_config_nodedir', value: '/usr/local' });
    }
    const allowScripts = await planAllowScripts(rootFs, rootPkg, pm, native, version.major);
    notes.push(...(allowScripts?.notes ?? []));
    const needsScript = [...(native?.packages ?? []).filter((n) => n !== '(this project)'), ...(await installScriptBinaries(rootFs, pm.lockfile, deps))];
    const pnpmBuilds = await planPnpmBuilds(rootFs, rootPkg, pm, [...new Set(needsScript)].sort());
    notes.push(...(pnpmBuilds?.notes ?? []));
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

    const prisma = await detectPrisma(fs, pkg.prisma, { ...strings(pkg.devDependencies), ...strings(pkg.dependencies) });
    if (prisma) {
      notes.push(...prismaNotes(prisma, base));
      // TypeScript client sources without a build to compile them run as they are.
      if (!build) prisma.outputs.push(...prisma.sourceOutputs.splice(0));
    }
    const lifecycle = await planLifecycle(rootFs, await lifecyclePackages(rootFs, rootPkg, tree.members), {
      prismaGenerates: Boolean(prisma?.generate), builds: build !== null, npmPkg: version.major >= 16,
      copied: [...pm.manifestFiles, ...installCopies.map((c) => c.src)],
    });
    notes.push(...lifecycle.notes);
    installCopies.push(...lifecycle.folders.map((f) => ({ src: f, dest: `./${f}` })));
    // The production install runs the hook too, without the devDependency that applies the patches: npm installs
    // everything and prunes the devDependencies (patched files stay); other managers ship the full install.
    const pruneDev = lifecycle.devOnlyPatcher && depsFrom === 'deps' && shape.kind !== 'static' && prodDeps.length ? devOnlyPatcherInstall(pm, lifecycle.devOnlyPatcher) : null;
    if (pruneDev) {
      notes.push(pruneDev.note);
      pm = pruneDev.pm;
    }
    if (pruneDev && !pruneDev.prune) depsFrom = 'build';
    const db = await planNodeDatabase(fs, {
      prodDeps, deps, prisma, texts: facts.texts, services: answers.services, isStatic: shape.kind === 'static', runtimeBin,
      memberDir: member?.app.dir ?? null, depsFrom, copyContext: shape.copyContext,
    });
    notes.push(...db.notes);
    const { services, migrate, prisma: prismaPlan } = db;
    const buildEnv = shape.framework === 'nextjs' && build ? await nextBuildEnv(facts.texts, services.map((s) => s.name), notes) : [];
    // A config the tool and the app read from the working directory (ormconfig.json) sits beside the build output.
    if (!shape.copyContext) for (const f of migrate?.runtimeFiles ?? []) shape.artifacts.push({ from: 'build', src: `/app/${f}`, dest: './' });
    const runsWith = member ? await workspaceClosure(rootFs, tree.members, pkg, false) : [];
    const runWith = runsWith.map((p) => p.dir);
    const deployed = member ? await planWorkspaceDeploy(rootFs, pm, member.app, runWith, { static: shape.kind === 'static', shell: Boolean(start?.shell), prisma: Boolean(prisma?.generate), devOnlyPatcher: lifecycle.devOnlyPatcher }) : undefined;
    const deploy = deployed && 'command' in deployed ? shipDeploy(shape, deployed, ownWritable) : null;
    if (deployed) notes.push('keep' in deployed ? `runtime node_modules: ${deployed.keep}` : deployed.note);
    const env = mergeEnv([
      { name: 'NODE_ENV', value: 'production' },
      { name: portVar, value: String(port) },
      ...shape.env,
      ...(host.hostVar ? [{ name: host.hostVar, value: '0.0.0.0' }] : []),
      ...(start?.env ?? []),
      ...(start?.shell ? [{ name: 'PATH', value: '/app/node_modules/.bin:/usr/local/bin:/usr/bin:/bin' }] : []),
      { name: portVar, value: String(port) },
    ]);
    const appDir = member ? `${member.app.dir}/` : '';
    const caches = planBuildCaches(shape.buildCaches, member?.app.dir ?? '', typeof pkg.name === 'string' ? pkg.name : undefined, shape.framework);
    const details: NodeDetails = {
      pm, images, runtimeKind,
      buildCaches: caches.caches,
      nextKeyFile: caches.nextKeyFile,
      title: `${runtimeKind === 'bun' ? 'Bun' : 'Node.js'} (${[pm.name, shape.framework].filter(Boolean).join(', ')})`,
      // No production dependency: `npm ci --omit=dev` writes no node_modules, and the runtime needs none.
      prodDeps: shape.kind === 'static' || member ? false : (shape.prodDeps || Boolean(start?.needsDeps)) && (depsFrom === 'build' || prodDeps.length > 0),
      depsFrom,
      copyContext: shape.kind !== 'static' && shape.copyContext,
      artifacts: shape.kind === 'static' ? [{ from: 'build', src: `/app/${appDir}${shape.staticDir}`, dest: `./${appDir}${shape.staticDir}` }] : shape.artifacts,
      staticServer: shape.kind === 'static' ? STATIC_SERVER : null,
      staticDir: shape.staticDir ?? null,
      native: native ?? null,
      buildEnv,
      installCopies,
      rootManifests: pm.manifestFiles.filter((f) => !f.includes('/')),
      lifecycle,
      allowScripts: allowScripts?.edit ?? null,
      pnpmBuilds: pnpmBuilds?.edit ?? null,
      pruneDev: pruneDev?.prune ?? null,
      prisma: prismaPlan ?? null,
      runtimeOpenssl: Boolean(prismaPlan?.nativeEngine || (prismaPlan?.engineFetch && prismaPlan.engineFetch.stage !== 'migrate')) && base !== 'distroless',
      buildStage: Boolean(build) || Boolean(prisma?.generate) || Boolean(member) || depsFrom === 'build',
      deploy,
      appDir: deploy?.stage === 'deploy' ? null : member?.app.dir ?? null,
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
      // The member's Dockerfile sits inside the context (the root's `Dockerfile*` matches only the root's): the
      // builder reads it anyway, and the runtime copies the member's folder, so it must not reach the image.
      dockerignore: [...nodeDockerignore(Boolean(build), shape.outputs, pm), ...(member ? [`${member.app.dir}/Dockerfile*`] : []), ...(deploy?.stage === 'deploy' ? ['**/.gitignore'] : []), ...keepMigrations(Boolean(build), shape.outputs, migrate)],
      serviceDetails: services,
      migrate,
      notes: [...notes, ...shape.notes],
      warnings: [...report.warnings, ...db.prismaWarnings, ...lifecycle.warnings, ...(allowScripts?.warnings ?? []), ...(pnpmBuilds?.warnings ?? []), ...db.memberWarnings, ...(await unbuiltEntryWarnings(rootFs, runsWith)), ...(pm.staleLockfiles ? [`${pm.staleLockfiles.join(', ')} ignored: the image installs from ${pm.lockfile} (${pm.name}); delete the stale lockfile, or set "packageManager" in package.json to choose`] : [])],
      acceptedEol: report.acceptedEol,
      workspaces,
      ...(member ? { appDir: member.app.dir } : {}),
      details: details as unknown as Record<string, unknown>,
    };
  },
};
