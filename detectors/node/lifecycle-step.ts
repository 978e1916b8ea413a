import { shellWords } from '../shared/shell-words.js';
import { scriptCall } from './script-call.js';

/**
 * What one step of a project's own install lifecycle script (`prepare`, `postinstall`, ...) is, for the image:
 * - `dev-tool`: git hooks and CI checks (husky, lefthook, simple-git-hooks, is-ci, only-allow, git): skipped;
 * - `prisma`: `prisma generate`, which the build stage runs after the schema is copied: skipped at install;
 * - `build`: the project's build (`npm run build`, `tsc`), which the build stage runs after the source copy: skipped;
 * - `patch`: patch-package, which the install must run (its patches are copied with the manifests): kept;
 * - `noop`: `true`, `echo`, `exit 0`: dropped with the steps around it, kept otherwise;
 * - `unknown`: anything else: kept.
 */
export type StepKind = 'dev-tool' | 'prisma' | 'build' | 'patch' | 'noop' | 'unknown';

/** One `&&`/`||`/`;`-separated step of a script. */
export interface Step {
  /** The step as written (words joined by a space). */
  text: string;
  words: string[];
  kind: StepKind;
  /** For `npm run <script>` steps: the script it runs, whose own steps decided the kind. */
  via?: string;
}

/** A lifecycle script split into steps; `operators` are the separators between them, in order. */
export interface SplitScript {
  steps: Step[];
  operators: string[];
}

/** What the classification needs to know about the project. */
export interface StepContext {
  scripts: Record<string, string>;
  /** The image runs `prisma generate` in the build stage (prisma CLI present, schema found). */
  prismaGenerates: boolean;
  /** The image runs the project's build in the build stage. */
  builds: boolean;
}

const DEV_TOOLS = new Set(['husky', 'husky-init', 'lefthook', 'simple-git-hooks', 'is-ci', 'only-allow', 'yorkie', 'git', 'pre-commit', 'ngx-pkg-hooks']);
const NOOPS = new Set(['true', ':', 'echo', 'exit']);
const PATCH_TOOLS = new Set(['patch-package']);

/** The words of the program itself: without leading VAR=value, `npx`/`bunx` (and their flags), `pnpm exec`, `yarn exec/dlx`. */
export function programWords(words: string[]): string[] {
  let w = words;
  while (w.length && /^[A-Za-z_]\w*=/.test(w[0]!)) w = w.slice(1);
  if (w[0] === 'npx' || w[0] === 'bunx') {
    w = w.slice(1);
    while (w[0]?.startsWith('-')) w = w.slice(w[0] === '-p' || w[0] === '--package' ? 2 : 1);
  } else if ((w[0] === 'pnpm' || w[0] === 'yarn') && (w[1] === 'exec' || w[1] === 'dlx')) {
    w = w.slice(2);
  }
  return w;
}

/** Splits a script at `&&`, `||` and `;`; undefined when it holds anything else a shell must evaluate ($VAR, pipes, globs, subshells). */
export function splitScript(text: string, ctx: StepContext, depth = 0): SplitScript | undefined {
  let tokens: ReturnType<typeof shellWords>;
  try {
    tokens = shellWords(text, 'package.json script');
  } catch {
    return undefined;
  }
  const groups: string[][] = [[]];
  const operators: string[] = [];
  for (const t of tokens) {
    if (typeof t === 'string') groups.at(-1)!.push(t);
    else if (t.op === '&&' || t.op === '||' || t.op === ';') {
      operators.push(t.op);
      groups.push([]);
    } else return undefined;
  }
  if (groups.some((g) => g.length === 0)) return undefined;
  return { steps: groups.map((words) => classify(words, ctx, depth)), operators };
}

function classify(words: string[], ctx: StepContext, depth: number): Step {
  const text = words.join(' ');
  const [cmd, a] = programWords(words);
  const base = cmd?.replace(/^.*\//, '');
  if (base === undefined) return { text, words, kind: 'noop' };
  if (DEV_TOOLS.has(base)) return { text, words, kind: 'dev-tool' };
  if (NOOPS.has(base) && (base !== 'exit' || a === undefined || a === '0')) return { text, words, kind: 'noop' };
  if (PATCH_TOOLS.has(base)) return { text, words, kind: 'patch' };
  if (base === 'prisma' && a === 'generate') return { text, words, kind: ctx.prismaGenerates ? 'prisma' : 'unknown' };
  if (base === 'tsc' || base === 'tsup' || (base === 'nest' && a === 'build')) return { text, words, kind: ctx.builds ? 'build' : 'unknown' };
  // Extra arguments (`npm run build -- --prod`) do not change what the step is.
  const target = scriptCall(words, ctx.scripts)?.script;
  if (target === undefined) return { text, words, kind: 'unknown' };
  if (/^(build|compile)(:.*)?$/.test(target)) return { text, words, kind: ctx.builds ? 'build' : 'unknown', via: target };
  // `npm run prisma:generate` is what its own steps are, when they all agree on a kind the image skips.
  const inner = depth < 3 ? splitScript(ctx.scripts[target]!, ctx, depth + 1) : undefined;
  const kinds = new Set(inner?.steps.map((s) => s.kind).filter((k) => k !== 'noop'));
  const only = kinds.size === 1 ? [...kinds][0]! : 'unknown';
  return { text, words, kind: only === 'dev-tool' || only === 'prisma' || only === 'build' || only === 'patch' ? only : 'unknown', via: target };
}

/** Kinds the image skips during the install (they are dev tooling, or run later in the build stage). */
export const SKIPPED: ReadonlySet<StepKind> = new Set(['dev-tool', 'prisma', 'build']);
