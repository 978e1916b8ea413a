/**
 * A package-manager command that runs one of the project's own package.json scripts, with one set of rules for every
 * reader (the start-script alias, the install-lifecycle classification):
 * - `<pm> run <name>` for npm, pnpm, yarn and bun; `run-script` too for npm and pnpm (their alias of `run`);
 * - npm's own shortcuts `npm start` and `npm test` (npm runs no other script by its bare name);
 * - yarn and pnpm run a script by its bare name (`yarn serve`, `pnpm dev`), a flag is not a name (`yarn --silent x`);
 * - bun by its bare name too (`bun dev`), except its built-in commands, which win over a script of the same name
 *   (`bun build` bundles, `bun test` runs bun's test runner);
 * - the name must be one of the scripts; words after it are the call's `args` (`npm run x -- --port 4000`): the
 *   caller decides whether a call with extra arguments still counts (an alias does not, a lifecycle step does).
 */
export interface ScriptCall {
  /** The package.json script that runs. */
  script: string;
  /** Words after the script name, as written (`--`, `--port`, `4000`). */
  args: string[];
}

const MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const NPM_SHORTCUTS = new Set(['start', 'test']);
/** bun's built-in commands: `bun <one of these>` never runs a script of that name. */
const BUN_BUILTINS = new Set([
  'run', 'test', 'x', 'repl', 'exec', 'install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'outdated', 'audit', 'link',
  'unlink', 'publish', 'patch', 'patch-commit', 'pm', 'info', 'why', 'build', 'init', 'create', 'c', 'upgrade', 'help',
]);

/** The script `words` (one command's words, already split) runs, and what follows its name; undefined for anything else. */
export function scriptCall(words: readonly string[], scripts: Readonly<Record<string, string>>): ScriptCall | undefined {
  const [pm, a, ...rest] = words;
  if (pm === undefined || a === undefined || !MANAGERS.has(pm)) return undefined;
  let script: string | undefined;
  let args: string[];
  if (a === 'run' || (a === 'run-script' && (pm === 'npm' || pm === 'pnpm'))) {
    [script, ...args] = rest;
  } else {
    args = rest;
    if (a.startsWith('-')) script = undefined;
    else if (pm === 'npm') script = NPM_SHORTCUTS.has(a) ? a : undefined;
    else if (pm === 'bun') script = BUN_BUILTINS.has(a) ? undefined : a;
    else script = a;
  }
  return script !== undefined && Object.hasOwn(scripts, script) ? { script, args } : undefined;
}
