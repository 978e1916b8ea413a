import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { PROJECT_DOCKERFILES, projectConfigReader } from '../platform-health.js';
import { shellWords } from '../shell-words.js';

/** Subcommand words given to the app's binary, and where they were read. */
export interface ServeArgs {
  args: string[];
  source: string;
}

/** Words that start a server in a CLI's command table or run instructions. */
export const SERVE_WORDS = /^(?:serve|server|run|start|web|daemon|http)$/;
const SUBCOMMAND = /^[a-z][a-z0-9-]*$/;

const words = (line: string, source: string): string[] => {
  try {
    return shellWords(line, source).map((w) => (typeof w === 'string' ? w : '\0'));
  } catch {
    return [];
  }
};

/** The subcommand words (at most two, flags and paths end them) after the word that runs `binary`. */
export function subcommandAfter(argv: string[], binary: string): string[] | undefined {
  const at = argv.findIndex((w) => w.split('/').pop() === binary);
  if (at === -1) return undefined;
  const out: string[] = [];
  for (const w of argv.slice(at + 1)) {
    if (!SUBCOMMAND.test(w) || out.length === 2) break;
    out.push(w);
  }
  return out;
}

/** ENTRYPOINT + CMD of the last stage of a Dockerfile's text, as words (exec or shell form). */
async function dockerfileArgv(text: string, file: string): Promise<string[]> {
  const { parseDockerfile } = await import('../dockerfile-parse.js');
  const df = parseDockerfile(text);
  let entry: string[] = [];
  let cmd: string[] = [];
  for (const i of df.getInstructions()) {
    const kw = i.getKeyword();
    if (kw === 'FROM') [entry, cmd] = [[], []];
    if (kw !== 'ENTRYPOINT' && kw !== 'CMD') continue;
    const json = /^\s*\[/.test(i.getArgumentsContent() ?? '') ? (() => { try { return JSON.parse(i.getArgumentsContent()!) as unknown; } catch { return undefined; } })() : undefined;
    const argv = Array.isArray(json) ? json.map(String) : words(i.getArgumentsContent() ?? '', file);
    if (kw === 'ENTRYPOINT') [entry, cmd] = [argv, []];
    else cmd = argv;
  }
  return [...entry, ...cmd];
}

// Run instructions in a README: a code line that runs the binary with a serve-like subcommand (`./lldap run`).
const README_FILES = ['README.md', 'readme.md', 'README.rst', 'README', 'docs/README.md'];

/**
 * The subcommand the project itself runs `binary` with, in this order (the first found wins):
 * 1. its own Dockerfile's ENTRYPOINT/CMD (root, docker/, scripts/, build/, deploy/, .docker/), never ours;
 * 2. `Procfile` `web:`;
 * 3. run instructions in its README: a code line running `binary <serve|server|run|start|web|daemon|http>`.
 * Only subcommand words are kept: flags and paths (config files, data dirs) are the user's to choose.
 */
export async function declaredServeArgs(fs: ProjectFs, binary: string): Promise<ServeArgs | undefined> {
  const readable = await projectConfigReader(fs);
  for (const file of PROJECT_DOCKERFILES) {
    const text = await readable(file);
    if (text === undefined) continue;
    const args = subcommandAfter(await dockerfileArgv(text, file), binary);
    if (args?.length) return { args, source: `${file} CMD` };
  }
  const procfile = await readable('Procfile');
  const web = procfile?.split(/\r?\n/).find((l) => /^web\s*:/.test(l))?.replace(/^web\s*:/, '');
  const fromProcfile = web === undefined ? undefined : subcommandAfter(words(web, 'Procfile'), binary);
  if (fromProcfile?.length) return { args: fromProcfile, source: 'Procfile web:' };
  for (const file of README_FILES) {
    const text = await readable(file);
    if (text === undefined) continue;
    let fenced = false;
    for (const line of text.split(/\r?\n/)) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      const code = fenced || /^\s*\$\s/.test(line) || /^ {4}\S/.test(line);
      if (!code || /^\s*(```|~~~)/.test(line)) continue;
      const args = subcommandAfter(words(line.replace(/^\s*\$\s*/, ''), file).filter((w) => w !== '\0'), binary);
      if (args?.length && SERVE_WORDS.test(args[0]!)) return { args: [args[0]!], source: `${file} run instructions` };
    }
  }
  return undefined;
}
