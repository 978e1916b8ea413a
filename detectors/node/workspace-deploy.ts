import YAML from 'yaml';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { PackageManagerPlan } from './package-manager.js';
import { pnpmMajorForLockfile } from './package-manager.js';

/**
 * How a workspace member's runtime gets a production node_modules trimmed to the app.
 * - `deploy` (pnpm): a stage after the build writes the app (its publishable files, build output included) with its
 *   production dependencies and the workspace packages it uses, copied in as built, to `dir`: the runtime's /app.
 * - `deps` (npm, yarn berry): a production install filtered to the app, from the manifests alone (source edits keep
 *   the layer); the runtime takes it and adds the app's folder and the workspace packages it runs with, as built.
 */
export interface WorkspaceDeploy {
  stage: 'deploy' | 'deps';
  /** argv of the stage's command, run at the workspace root. */
  command: string[];
  /** `deploy`: the folder the command writes, the runtime's /app. */
  dir: string;
  /** `deps`: workspace folders the runtime copies from the build, the app's first. */
  folders: string[];
  /** Summary line. */
  note: string;
}

/** What of the app decides whether trimming is safe. */
export interface DeployFacts {
  static: boolean;
  /** The start command runs through a shell and may call dev tools. */
  shell: boolean;
  /** Prisma generates a client into the build's node_modules, which a fresh production install lacks. */
  prisma: boolean;
  /** A patch tool the project's install hook runs that is only a devDependency (the production install lacks it). */
  devOnlyPatcher?: string | null;
}

/** Where the deploy stage writes the app. */
export const DEPLOY_DIR = '/prod/app';

// pnpm 10 deploys through the shared lockfile only with injected workspace packages; otherwise `--legacy`.
const INJECT_NPMRC = /^\s*inject-workspace-packages\s*=\s*true\s*$/m;

async function injectsWorkspacePackages(fs: ProjectFs): Promise<boolean> {
  if (INJECT_NPMRC.test((await fs.readText('.npmrc')) ?? '')) return true;
  const text = await fs.readText('pnpm-workspace.yaml');
  if (text === undefined) return false;
  try {
    const doc = YAML.parse(text) as { injectWorkspacePackages?: unknown } | null;
    return doc?.injectWorkspacePackages === true;
  } catch {
    return false; // nodeWorkspaces already reported the invalid YAML
  }
}

/**
 * Whether yarn berry has `workspaces focus`: built in since yarn 4 (the build installs 4 when nothing pins it), a
 * plugin before (`.yarnrc.yml` plugins naming workspace-tools).
 */
async function yarnFocuses(fs: ProjectFs, pm: PackageManagerPlan): Promise<boolean> {
  const major = pm.version ? Number(pm.version.split('.')[0]) : pm.setup.length ? 4 : 0;
  if (major >= 4) return true;
  const text = await fs.readText('.yarnrc.yml');
  if (text === undefined) return false;
  try {
    const plugins = (YAML.parse(text) as { plugins?: unknown } | null)?.plugins;
    return Array.isArray(plugins) && plugins.some((p) => JSON.stringify(p).includes('plugin-workspace-tools'));
  } catch {
    return false; // the package manager's plan already reported the invalid YAML
  }
}

/** The pnpm major the build installs: the `packageManager` pin, else the one that writes the lockfile's format. */
async function pnpmMajor(fs: ProjectFs, pm: PackageManagerPlan): Promise<number> {
  return Number((pm.version ?? (await pnpmMajorForLockfile(fs, pm.lockfile))).split('.')[0]);
}

/**
 * The trimming step for the chosen manager, or why the runtime keeps the whole built workspace (every dependency):
 * pnpm writes one app with `pnpm deploy`; npm (`npm ci --omit=dev --workspace`) and yarn berry (`yarn workspaces
 * focus --production`) install one workspace's production dependencies. yarn classic and bun have no such install.
 * `runWith` is the workspace packages the app runs with.
 */
export async function planWorkspaceDeploy(fs: ProjectFs, pm: PackageManagerPlan, app: { name: string; dir: string }, runWith: string[], facts: DeployFacts): Promise<WorkspaceDeploy | { keep: string }> {
  if (facts.static) return { keep: 'a static site: the runtime gets the built files and a file server, no node_modules' };
  const all = 'the runtime gets the built workspace with every dependency';
  const berry = pm.name === 'yarn' && pm.variant === 'berry';
  if (pm.name !== 'pnpm' && pm.name !== 'npm' && !berry) {
    return { keep: `${pm.name}${pm.variant ? ` ${pm.variant}` : ''}: no production install of one workspace app is supported here, so ${all}` };
  }
  if (berry && !(await yarnFocuses(fs, pm))) return { keep: `yarn ${pm.version ?? '(yarnPath)'} without the workspace-tools plugin has no workspaces focus, so ${all}` };
  if (pm.name !== 'pnpm' && !pm.lockfile) return { keep: `${pm.name} without a lockfile: a filtered install could resolve other versions than the build's, so ${all}` };
  if (facts.shell) return { keep: `the start command runs through a shell and may call dev tools: ${all}` };
  if (facts.devOnlyPatcher) return { keep: `the install hook runs ${facts.devOnlyPatcher}, a devDependency that a production install of one app lacks: ${all}; move ${facts.devOnlyPatcher} to dependencies to trim it` };
  if (facts.prisma) return { keep: `prisma generates its client into the build's node_modules, which a production install lacks: ${all}` };
  const with_ = runWith.length ? `the workspace packages it runs with (${runWith.join(', ')})` : 'its folder';
  if (berry) {
    return {
      stage: 'deps', dir: '', folders: [app.dir, ...runWith],
      command: ['yarn', 'workspaces', 'focus', '--production', app.name],
      note: `runtime node_modules: yarn workspaces focus --production ${app.name}: its production dependencies only (not the root's nor other apps'), with ${with_} as built`,
    };
  }
  if (pm.name === 'npm') {
    return {
      stage: 'deps', dir: '', folders: [app.dir, ...runWith],
      command: ['npm', 'ci', '--omit=dev', `--workspace=${app.dir}`, '--no-audit', '--no-fund'],
      note: `runtime node_modules: npm ci --omit=dev --workspace=${app.dir}: ${app.name}'s production dependencies only (not the root's nor other apps'), with ${with_} as built`,
    };
  }
  const major = await pnpmMajor(fs, pm);
  const legacy = major >= 10 && !(await injectsWorkspacePackages(fs));
  return {
    stage: 'deploy', dir: DEPLOY_DIR, folders: [],
    command: ['pnpm', '--filter', app.name, 'deploy', '--prod', ...(legacy ? ['--legacy'] : []), DEPLOY_DIR],
    note: `runtime node_modules: pnpm deploy --prod${legacy ? ' --legacy (pnpm 10 without inject-workspace-packages)' : ''}: ${app.name}'s production dependencies and the workspace packages it uses, as built; the app's files are those it would publish ("files", .npmignore)`,
  };
}

/** The parts of an app's shape the deploy stage's output replaces. */
interface DeployShape {
  artifacts: { from: string; src: string; dest: string }[];
  writableDirs: string[];
}

/**
 * The runtime's files from the trimming step: the deploy output as /app (writable folders keep the app-relative
 * paths), or the filtered install plus the app's and its workspace packages' folders from the build. Returns the
 * deploy for the template.
 */
export function shipDeploy(shape: DeployShape, deploy: WorkspaceDeploy, ownWritable: string[]): WorkspaceDeploy {
  if (deploy.stage === 'deps') {
    shape.artifacts = [{ from: 'deps', src: '/app', dest: './' }, ...deploy.folders.map((f) => ({ from: 'build', src: `/app/${f}`, dest: `./${f}` }))];
    return deploy;
  }
  shape.artifacts = [{ from: 'deploy', src: deploy.dir, dest: './' }];
  shape.writableDirs = ownWritable;
  return deploy;
}
