import { shellWords } from '../shared/shell-words.js';

/**
 * A start script that only runs another script of the same package.json (`"start": "npm run serve"` with
 * `"serve": "node dist/server.js"`) is that script: the image runs its command directly, without npm and a shell
 * in between (npm would stay PID 1's child, and a shell forces a runtime with one).
 */

/** The script a package-manager line runs, when the line does nothing else: `npm run x`, `npm start`, `yarn x`, ... */
export function scriptRunBy(line: string, scripts: Record<string, string>): string | undefined {
  const tokens = shellWords(line, 'start command');
  if (tokens.some((t) => typeof t !== 'string')) return undefined;
  const [pm, a, b, ...rest] = tokens as string[];
  if (pm === undefined || a === undefined) return undefined;
  let name: string | undefined;
  if ((a === 'run' || (pm === 'npm' && a === 'run-script')) && /^(npm|pnpm|yarn|bun)$/.test(pm)) name = rest.length === 0 ? b : undefined;
  // `npm start`; yarn and pnpm run a script by its bare name too (`yarn serve`), bun only with `run`.
  else if (b === undefined && ((pm === 'npm' && a === 'start') || ((pm === 'yarn' || pm === 'pnpm') && !a.startsWith('-')))) name = a;
  return name !== undefined && Object.hasOwn(scripts, name) ? name : undefined;
}

/** One step from a script line to the script it runs. */
export interface ScriptHop {
  /** The line that was replaced. */
  from: string;
  /** The script it runs. */
  script: string;
}

/**
 * Follows lines that only run another script to the command that script holds (a chain of at most a few hops,
 * never round a cycle). A script with `pre<name>` or `post<name>` hooks is not followed: the package manager would
 * run them too, so the line stays as it is.
 */
export function followScriptAlias(line: string, scripts: Record<string, string>): { line: string; hops: ScriptHop[] } {
  const hops: ScriptHop[] = [];
  let current = line;
  for (let i = 0; i < 5; i++) {
    const script = scriptRunBy(current, scripts);
    if (script === undefined || hops.some((h) => h.script === script)) break;
    if (Object.hasOwn(scripts, `pre${script}`) || Object.hasOwn(scripts, `post${script}`)) break;
    hops.push({ from: current, script });
    current = scripts[script]!;
  }
  return { line: current, hops };
}
