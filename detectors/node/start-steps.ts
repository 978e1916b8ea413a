import { quote } from 'shell-quote';
import { shellWords } from '../shared/shell-words.js';

/**
 * Build steps at the head of a start script (`npm run build && node dist/server.js`, `tsc && node dist/a.js`,
 * `prisma generate && node server.js`). The image already ran the build, and at run time the container has no
 * sources, no dev tools and a read-only file system, so these steps are dropped from the start command.
 */

/** A command line from words: plain words as they are, others quoted by shell-quote. */
const line = (words: string[]): string => words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : quote([w]))).join(' ');

/** Words of a step that builds: the package manager running a build script, tsc, nest build, prisma generate. */
function isBuildStep(words: string[], buildScripts: Set<string>, buildText: string): boolean {
  const w = words[0] === 'npx' || words[0] === 'bunx' || (words[0] === 'pnpm' && words[1] === 'exec') ? words.slice(words[0] === 'pnpm' ? 2 : 1) : words;
  const [cmd, a, b] = w;
  if (cmd === undefined) return false;
  if (/^(npm|pnpm|yarn|bun)$/.test(cmd)) {
    const script = a === 'run' || a === 'run-script' ? b : cmd === 'npm' ? undefined : a;
    return script !== undefined && buildScripts.has(script);
  }
  if (cmd === 'tsc' || cmd === 'tsup' || (cmd === 'nest' && a === 'build')) return true;
  // prisma generate is dropped only when the build already runs it (in the build script or a postinstall).
  return cmd === 'prisma' && a === 'generate' && /\bprisma\s+generate\b/.test(buildText);
}

/**
 * The start line without its leading build steps, and what was dropped; the line unchanged when it does not start
 * with one, when nothing would be left, or when its operators are not all `&&` (a `;` or `||` chain is left to sh).
 */
export function stripBuildSteps(start: string, scripts: Record<string, string>): { line: string; dropped: string[] } {
  const tokens = shellWords(start, 'start command');
  const segments: string[][] = [[]];
  for (const t of tokens) {
    if (typeof t === 'string') segments.at(-1)!.push(t);
    else if (t.op === '&&') segments.push([]);
    else return { line: start, dropped: [] };
  }
  const buildScripts = new Set(Object.keys(scripts).filter((k) => /^(build|compile|prebuild)(:.*)?$/.test(k)));
  const buildText = [scripts.build, scripts.postinstall, scripts.prebuild].filter(Boolean).join(' && ');
  const dropped: string[] = [];
  while (segments.length > 1 && isBuildStep(segments[0]!, buildScripts, buildText)) dropped.push(line(segments.shift()!));
  if (dropped.length === 0) return { line: start, dropped };
  return { line: segments.map(line).join(' && '), dropped };
}

/**
 * A build found in a pre-script when the project has no `build` script (Nest's `prestart:prod: tsc` or `rimraf dist
 * && tsc`): the script name to run in the build stage, or undefined.
 */
export function preStartBuild(scripts: Record<string, string>, startScript: string | undefined): string | undefined {
  if (scripts.build || startScript === undefined) return undefined;
  const pre = `pre${startScript}`;
  const text = scripts[pre];
  return text !== undefined && /(^|&&\s*)(npx\s+)?(tsc|nest\s+build|tsup)\b/.test(text) ? pre : undefined;
}
