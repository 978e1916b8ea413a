import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { PackageManagerPlan } from './package-manager.js';
import type { PackageJson } from './start-command.js';
import { UserError, excerpt } from '../../src/errors.js';
import { EVERY_APP } from '../../src/plan/apps.js';

/** A workspace member that can run as a container: its folder, package name and manifest. */
export interface WorkspaceApp {
  /** Folder relative to the workspace root, e.g. `apps/web`. */
  dir: string;
  /** Package name, or the folder when the manifest has none. */
  name: string;
  pkg: PackageJson;
  /** Why it counts as an app (summary line). */
  why: string;
}


/** Dependencies that make a member a server (or a framework app that serves itself). */
const SERVERS = ['next', 'nuxt', '@remix-run/serve', '@react-router/serve', '@nestjs/core', 'express', 'fastify', 'koa', 'hono', '@hapi/hapi', '@sveltejs/kit', 'astro'];
/** Dependencies of a static single-page app, deployable when it has a build script. */
const SPA = ['vite', 'react-scripts', '@angular/core'];

const keys = (o: unknown): string[] => (o && typeof o === 'object' ? Object.keys(o) : []);
const scriptOf = (pkg: PackageJson, name: string): string | undefined => {
  const s = pkg.scripts?.[name];
  return typeof s === 'string' ? s : undefined;
};

/** Why a manifest describes a deployable app, or undefined for a library / tooling package. */
export function deployableWhy(pkg: PackageJson): string | undefined {
  for (const s of ['start', 'start:prod', 'serve']) if (scriptOf(pkg, s)) return `"${s}" script`;
  const deps = [...keys(pkg.dependencies), ...keys(pkg.devDependencies)];
  const server = SERVERS.find((d) => deps.includes(d));
  if (server) return `${server} dependency`;
  const spa = SPA.find((d) => deps.includes(d));
  if (spa && scriptOf(pkg, 'build')) return `${spa} app with a build script`;
  return undefined;
}

/** Every deployable member, in folder order. */
export async function workspaceApps(fs: ProjectFs, members: string[]): Promise<WorkspaceApp[]> {
  const apps: WorkspaceApp[] = [];
  for (const manifest of members) {
    const pkg = await fs.readJson<PackageJson>(manifest);
    if (!pkg || typeof pkg !== 'object') continue;
    const why = deployableWhy(pkg);
    const dir = manifest.slice(0, -'/package.json'.length);
    if (why) apps.push({ dir, name: typeof pkg.name === 'string' && pkg.name ? pkg.name : dir, pkg, why });
  }
  return apps;
}

// The root runs itself: its members are libraries or tooling unless --workspace names one.
const rootIsApp = (root: PackageJson): boolean => Boolean(deployableWhy(root) && (scriptOf(root, 'start') || scriptOf(root, 'start:prod') || root.main));

const listing = (apps: WorkspaceApp[]): string => apps.map((a) => (a.name === a.dir ? a.dir : `${a.name} (${a.dir})`)).join(', ');

/**
 * The member to containerise: the one `--workspace` names (package name or folder), else the only deployable member
 * when the root is no app itself. Undefined when the root is the app. Several apps and no choice is a usage error
 * (exit 2) that lists them and the flag to pass.
 */
export async function chooseWorkspaceApp(fs: ProjectFs, root: PackageJson, members: string[], chosen: string | undefined): Promise<{ app: WorkspaceApp; note: string } | undefined> {
  if (!members.length) {
    if (chosen !== undefined) throw new UserError(`package.json: --workspace ${excerpt(chosen)} given, but this project declares no workspaces ("workspaces" or pnpm-workspace.yaml); drop the flag or run at the workspace root`);
    return undefined;
  }
  const apps = await workspaceApps(fs, members);
  if (chosen === EVERY_APP) throw new UserError(`package.json: --workspace ${EVERY_APP} plans every app in one run; this step plans one (choose one of: ${listing(apps) || 'none found'})`);
  if (chosen !== undefined) {
    const want = chosen.replace(/^\.\//, '').replace(/\/+$/, '');
    const app = apps.find((a) => a.name === want || a.dir === want);
    if (app) return { app, note: `workspace app ${app.name} (${app.dir}): --workspace; build context is the workspace root` };
    let member = members.find((m) => m === `${want}/package.json`);
    for (const m of members) if (!member && (await fs.readJson<PackageJson>(m))?.name === want) member = m;
    if (member) throw new UserError(`${member}: --workspace ${excerpt(chosen)} is a library (no start or serve script, no server framework); add a start script or choose one of: ${listing(apps) || 'none found'}`);
    throw new UserError(`package.json: --workspace ${excerpt(chosen)} is no workspace member; choose one of: ${listing(apps) || 'none found'}`);
  }
  if (rootIsApp(root)) return undefined;
  if (apps.length === 1) return { app: apps[0]!, note: `workspace app ${apps[0]!.name} (${apps[0]!.dir}): the only deployable member (${apps[0]!.why}); build context is the workspace root` };
  if (apps.length > 1) {
    throw new UserError(`package.json: ${apps.length} workspace apps: ${listing(apps)}; pass --workspace <name> (e.g. --workspace ${apps[0]!.name}) to choose one, or --workspace all for every app`);
  }
  return undefined;
}

/**
 * The deployable members of the workspace at `rootFs` and whether a run must choose among them (two or more, and
 * the root is no app itself): what an interactive run asks about and what `--workspace all` builds.
 */
export async function workspaceListing(rootFs: ProjectFs, root: PackageJson, members: string[]): Promise<{ apps: WorkspaceApp[]; mustChoose: boolean }> {
  const apps = members.length ? await workspaceApps(rootFs, members) : [];
  return { apps, mustChoose: !rootIsApp(root) && apps.length > 1 };
}

/**
 * The command that builds the app and what it depends on from the workspace root: Turborepo's filter when the
 * repo uses it, else the package manager's own workspace filter. npm has no dependency-aware filter: `npmFirst` are
 * the folders of the workspace packages with a build script that the app uses, dependencies first; their `build`
 * runs before the app's in one `npm run` (npm runs the workspaces in the order given), when the app's script is
 * `build` too, or it has none (`ownScript` false).
 */
export function workspaceBuild(pm: PackageManagerPlan, app: WorkspaceApp, script: string, turbo: boolean, npmFirst: string[] = [], ownScript = true): string[] {
  if (turbo) {
    const exec = { pnpm: ['pnpm', 'exec'], yarn: ['yarn'], npm: ['npx', '--no-install'], bun: ['bunx'] }[pm.name];
    return [...exec, 'turbo', 'run', script, `--filter=${app.name}...`];
  }
  switch (pm.name) {
    case 'pnpm': return ['pnpm', '--filter', `${app.name}...`, 'run', script];
    case 'yarn': return pm.variant === 'berry' ? ['yarn', 'workspaces', 'foreach', '-Rpt', '--from', app.name, 'run', script] : ['yarn', 'workspace', app.name, 'run', script];
    case 'bun': return ['bun', 'run', '--filter', app.name, script];
    default: return script === 'build' && npmFirst.length
      ? ['npm', 'run', 'build', ...[...npmFirst, ...(ownScript ? [app.dir] : [])].map((d) => `--workspace=${d}`)]
      : ['npm', 'run', script, `--workspace=${app.dir}`];
  }
}

/**
 * The workspace packages the app depends on (directly) that have a build script: an app with no build of its own
 * still needs them built (a shared package whose `main` is `dist/index.js`).
 */
export async function builtWorkspaceDeps(fs: ProjectFs, members: string[], app: PackageJson): Promise<string[]> {
  const deps = new Set([...keys(app.dependencies), ...keys(app.devDependencies)]);
  const built: string[] = [];
  for (const manifest of members) {
    const pkg = await fs.readJson<PackageJson>(manifest);
    if (pkg && typeof pkg === 'object' && typeof pkg.name === 'string' && deps.has(pkg.name) && scriptOf(pkg, 'build')) built.push(pkg.name);
  }
  return built;
}

/** Whether the root runs Turborepo: a turbo.json and the turbo package. */
export async function usesTurbo(fs: ProjectFs, root: PackageJson): Promise<boolean> {
  return (await fs.exists('turbo.json')) && [...keys(root.dependencies), ...keys(root.devDependencies)].includes('turbo');
}

/** The parts of an app's shape that a workspace member's runtime changes. */
interface MemberShape {
  kind: string;
  copyContext: boolean;
  artifacts: { from: string; src: string; dest: string }[];
  outputs: string[];
  writableDirs: string[];
}

/**
 * A member's runtime gets the built workspace as the build stage left it (members link each other through the
 * root's node_modules), and runs in the member's folder; its output and writable folders are under that folder.
 */
export function shipWorkspace(shape: MemberShape, dir: string): void {
  shape.copyContext = false;
  if (shape.kind !== 'static') shape.artifacts = [{ from: 'build', src: '/app', dest: './' }];
  shape.outputs = shape.outputs.map((o) => `${dir}/${o}`);
  shape.writableDirs = shape.writableDirs.map((w) => `${dir}/${w}`);
}
