import { shellWords } from '../shared/shell-words.js';
import { scriptCall } from './script-call.js';

/**
 * A start script that only runs another script of the same package.json (`"start": "npm run serve"` with
 * `"serve": "node dist/server.js"`) is that script: the image runs its command directly, without npm and a shell
 * in between (npm would stay PID 1's child, and a shell forces a runtime with one).
 */

/** The script a package-manager line runs, when the line does nothing else (no extra arguments): see {@link scriptCall}. */
export function scriptRunBy(line: string, scripts: Record<string, string>): string | undefined {
  const tokens = shellWords(line, 'start command');
  if (tokens.some((t) => typeof t !== 'string')) return undefined;
  const call = scriptCall(tokens as string[], scripts);
  // Extra arguments would be lost if the line were replaced by the script's command.
  return call && call.args.length === 0 ? call.script : undefined;
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
