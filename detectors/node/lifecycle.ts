import path from 'node:path';
import { quote } from 'shell-quote';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { PackageManagerPlan } from './package-manager.js';
import { programWords, SKIPPED, splitScript, type Step, type StepContext } from './lifecycle-step.js';

/**
 * The project's own install lifecycle scripts (root and workspace members' `preinstall`, `install`, `postinstall`,
 * `prepare`) run inside the dependency install, where only the manifests have been copied. Dev tooling (git hooks)
 * and steps the build stage runs later (prisma generate, the build) are removed from the image's copy of package.json
 * before the install; everything else keeps running. Dependencies' own install scripts are untouched.
 */
export interface LifecyclePlan {
  /** `npm pkg delete|set ...` commands run in the base stage after the manifests are copied (argv arrays). */
  edits: string[][];
  /** Folders a kept step reads that the install layer must copy too (patch-package `--patch-dir`). */
  folders: string[];
  /** A kept step runs a patch tool that only devDependencies install: the production install cannot run it. */
  devOnlyPatcher: string | null;
  notes: string[];
  warnings: string[];
}

/** The hooks npm, pnpm, yarn and bun run for the project itself during an install. */
const HOOKS = ['preinstall', 'install', 'postinstall', 'prepare'] as const;

/** One package whose hooks run in the install: the root (dir '') or a workspace member. */
export interface LifecyclePackage {
  dir: string;
  scripts: Record<string, string>;
  /** Production dependency names. */
  prodDeps: string[];
}

/** What the classification needs beyond the packages. */
export interface LifecycleContext {
  prismaGenerates: boolean;
  builds: boolean;
  /** Paths copied before the install (root manifests, member manifests, install folders). */
  copied: string[];
  /** The image's npm has `npm pkg` (npm 7.20+, Node 16+), which edits the image's package.json copies. */
  npmPkg: boolean;
}

const WHY: Record<string, string> = {
  'dev-tool': 'git hooks and CI checks are dev tooling, and the image has no .git',
  prisma: 'the build stage runs prisma generate after the schema is copied',
  build: 'the build stage runs the build after the source is copied',
};

const joinWords = (words: string[]): string => words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : quote([w]))).join(' ');

/** The lifecycle decisions for the root package and the workspace members. */
export async function planLifecycle(fs: ProjectFs, packages: LifecyclePackage[], ctx: LifecycleContext): Promise<LifecyclePlan> {
  const plan: LifecyclePlan = { edits: [], folders: [], devOnlyPatcher: null, notes: [], warnings: [] };
  for (const pkg of packages) {
    const label = pkg.dir ? `${pkg.dir}/package.json` : 'package.json';
    const stepCtx: StepContext = { scripts: pkg.scripts, prismaGenerates: ctx.prismaGenerates, builds: ctx.builds };
    const remove: string[] = [];
    const set: string[] = [];
    for (const hook of HOOKS) {
      const text = pkg.scripts[hook];
      if (text === undefined || text.trim() === '') continue;
      const split = splitScript(text, stepCtx);
      const steps = split?.steps ?? [];
      const skipped = steps.filter((s) => SKIPPED.has(s.kind));
      const kept = steps.filter((s) => !SKIPPED.has(s.kind) && s.kind !== 'noop');
      const ops = new Set(split?.operators);
      const rewritable = ops.size <= 1 && !ops.has('||');
      if (skipped.length && !kept.length) {
        remove.push(`scripts.${hook}`);
        plan.notes.push(`install scripts: ${label} "${hook}" (${text}) is skipped in the image: ${reasons(skipped)}`);
      } else if (skipped.length && rewritable) {
        const rest = kept.map((s) => joinWords(s.words)).join(ops.has(';') ? '; ' : ' && ');
        set.push(`scripts.${hook}=${rest}`);
        plan.notes.push(`install scripts: ${label} "${hook}" runs "${rest}" in the image; ${skipped.map((s) => `"${s.text}"`).join(', ')} is left out: ${reasons(skipped)}`);
      } else if (skipped.length) {
        plan.warnings.push(`${label}: the "${hook}" script mixes ${skipped.map((s) => `"${s.text}"`).join(', ')} (${reasons(skipped)}) with other steps through || or ; and runs as written in the dependency install; split the steps into their own scripts`);
      }
      for (const step of skipped.length && !rewritable ? steps : kept) await keep(fs, plan, pkg, label, hook, step, stepCtx, ctx);
    }
    const prefix = pkg.dir ? ['--prefix', pkg.dir] : [];
    if ((remove.length || set.length) && !ctx.npmPkg) {
      plan.notes = plan.notes.filter((n) => !(n.startsWith(`install scripts: ${label} "`) && /is skipped in the image|is left out/.test(n)));
      plan.warnings.push(`${label}: ${[...remove, ...set.map((x) => x.replace(/=.*$/, ''))].join(', ')} would be left out of the image's install, but this Node's npm has no "npm pkg" to do it, so they run as written; pin Node 16 or later, or make them skip outside a git checkout`);
      continue;
    }
    if (remove.length) plan.edits.push(['npm', ...prefix, 'pkg', 'delete', ...remove]);
    if (set.length) plan.edits.push(['npm', ...prefix, 'pkg', 'set', ...set]);
  }
  return plan;
}

const reasons = (steps: Step[]): string => [...new Set(steps.map((s) => WHY[s.kind]!))].join('; ');

/** A step that keeps running in the install: patch tools are checked for their inputs, others for files not yet copied. */
async function keep(fs: ProjectFs, plan: LifecyclePlan, pkg: LifecyclePackage, label: string, hook: string, step: Step, stepCtx: StepContext, ctx: LifecycleContext): Promise<void> {
  const words = programWords(step.words);
  if (step.kind === 'patch') {
    const tool = words[0]!.replace(/^.*\//, '');
    const flag = words.indexOf('--patch-dir');
    const dir = path.posix.normalize(path.posix.join(pkg.dir, flag > 0 && words[flag + 1] ? words[flag + 1]! : 'patches'));
    if (!ctx.copied.includes(dir) && !plan.folders.includes(dir) && (await fs.isDir(dir))) plan.folders.push(dir);
    if (!pkg.prodDeps.includes(tool)) plan.devOnlyPatcher ??= tool;
    plan.notes.push(`install scripts: ${label} "${hook}" runs ${tool} in every install, after ${dir}/ is copied with the manifests`);
    return;
  }
  if (step.kind !== 'unknown') return;
  const missing = await uncopiedFiles(fs, pkg.dir, referencedWords(step, stepCtx), ctx.copied);
  if (missing.length) {
    plan.warnings.push(`${label}: the "${hook}" script runs "${step.text}" during the dependency install, where only the manifests are copied, so ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not there yet; make the step skip when ${missing.length === 1 ? 'it is' : 'they are'} missing, or move it into the build script`);
  }
}

/** The words a step (and a script it runs, a few levels deep) passes to programs. */
function referencedWords(step: Step, ctx: StepContext, depth = 0): string[] {
  const own = programWords(step.words);
  if (!step.via || depth > 2) return own;
  const inner = splitScript(ctx.scripts[step.via]!, ctx, 3);
  return [...own, ...(inner?.steps ?? []).flatMap((s) => referencedWords(s, ctx, depth + 1))];
}

/** Words naming project files (relative to the package) that no install-layer COPY brings in. */
async function uncopiedFiles(fs: ProjectFs, dir: string, words: string[], copied: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) {
    if (w.startsWith('-') || w.includes('://') || !(w.includes('/') || /\.(c|m)?[jt]s$|\.sh$/.test(w))) continue;
    const file = path.posix.normalize(path.posix.join(dir, w.replace(/^\.\//, '')));
    if (file.startsWith('..') || file.startsWith('node_modules/') || file.includes('/node_modules/')) continue;
    if (copied.some((c) => file === c || file.startsWith(`${c}/`))) continue;
    if (await fs.exists(file)) out.push(file);
  }
  return [...new Set(out)];
}

/** The root package and every workspace member (their manifests are copied before the install), read for their hooks. */
export async function lifecyclePackages(fs: ProjectFs, root: { scripts?: unknown; dependencies?: unknown }, members: string[]): Promise<LifecyclePackage[]> {
  const out: LifecyclePackage[] = [];
  for (const [dir, pkg] of [['', root] as const, ...(await Promise.all(members.map(async (m) => [path.posix.dirname(m), await fs.readJson<unknown>(m)] as const)))]) {
    if (pkg === null || typeof pkg !== 'object') continue;
    const { scripts, dependencies } = pkg as { scripts?: unknown; dependencies?: unknown };
    out.push({ dir, scripts: strings(scripts), prodDeps: Object.keys(strings(dependencies)) });
  }
  return out;
}

const strings = (o: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(o !== null && typeof o === 'object' ? o : {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/**
 * The production install when an install hook needs a patch tool only devDependencies hold. npm installs everything
 * (the hook applies the patches) and prunes the devDependencies, which leaves patched files as they are: the returned
 * `pm` is a copy whose `installProd` is the full install, and `prune` follows it (the input is not modified). Other
 * managers: no prune (null) and `pm` as given; the runtime takes the full install.
 */
export function devOnlyPatcherInstall(pm: PackageManagerPlan, tool: string): { prune: string[] | null; note: string; pm: PackageManagerPlan } {
  if (pm.name === 'npm') {
    return {
      pm: { ...pm, installProd: pm.install },
      prune: ['npm', 'prune', '--omit=dev', '--no-audit', '--no-fund'],
      note: `install scripts: ${tool} is not a production dependency, so the deps stage installs every dependency (the hook applies the patches) and then prunes the devDependencies`,
    };
  }
  return { pm, prune: null, note: `install scripts: ${tool} is not a production dependency, so a production install cannot apply the patches: the runtime's node_modules come from the full install (move ${tool} to dependencies for a production-only node_modules)` };
}
