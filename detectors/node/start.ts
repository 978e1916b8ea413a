import { shellWords } from '../shared/shell-words.js';

/**
 * A start command understood well enough to run without a shell: the program ('node', 'bun' or a package bin)
 * and its arguments, plus leading `NAME=value` assignments moved to the environment.
 */
export interface ParsedStart {
  kind: 'node' | 'bun' | 'bin' | 'shell';
  /** For 'bin': the executable name in node_modules/.bin. */
  bin?: string;
  args: string[];
  env: { name: string; value: string }[];
  /** The original command line. */
  line: string;
}

const ENV_ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
/** Launchers that only wrap the real command and are pointless in an image (env vars are set by ENV). */
const WRAPPERS = new Set(['cross-env', 'dotenv', 'env']);

/** Parses a package.json script line with a real shell-words parser; anything with operators needs a shell. */
export function parseStart(line: string): ParsedStart {
  // A line break separates commands in sh; the words parser would read it as a space.
  if (/[\n\r]/.test(line)) return { kind: 'shell', args: [], env: [], line };
  const tokens = shellWords(line, 'start command');
  const words: string[] = [];
  for (const t of tokens) {
    if (typeof t !== 'string') return { kind: 'shell', args: [], env: [], line };
    words.push(t);
  }
  const env: { name: string; value: string }[] = [];
  while (words.length > 0) {
    const first = words[0]!;
    const m = ENV_ASSIGN.exec(first);
    if (m) {
      env.push({ name: m[1]!, value: m[2]! });
      words.shift();
    } else if (WRAPPERS.has(first)) {
      words.shift();
    } else break;
  }
  if (words.length === 0 || words.some((w) => w.includes('$'))) return { kind: 'shell', args: [], env: [], line };
  const [cmd, ...args] = words as [string, ...string[]];
  if (cmd === 'node' || cmd.endsWith('/node')) return { kind: 'node', args, env, line };
  if (cmd === 'bun' || cmd.endsWith('/bun')) return { kind: 'bun', args: args[0] === 'run' ? args.slice(1) : args, env, line };
  if (/^(npm|npx|pnpm|yarn|bunx|sh|bash)$/.test(cmd)) return { kind: 'shell', args: [], env: [], line };
  return { kind: 'bin', bin: cmd, args, env, line };
}

/** The first non-flag argument of a node command: the file it runs. */
export function scriptFile(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-r' || a === '--require' || a === '--import' || a === '--loader') {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return a.replace(/^\.\//, '');
  }
  return undefined;
}

/** The file the first `node <file>` of a shell command line runs, e.g. `prisma migrate deploy && node dist/a.js`. */
export function shellScriptFile(line: string): string | undefined {
  const tokens = shellWords(line, 'start command');
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'node') continue;
    const args: string[] = [];
    for (let j = i + 1; j < tokens.length && typeof tokens[j] === 'string'; j++) args.push(tokens[j] as string);
    return scriptFile(args);
  }
  return undefined;
}
