import { functionSource } from './app-factory.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { SERVE_WORDS, declaredServeArgs, type ServeArgs } from '../shared/serve/declared.js';
import { moduleFile } from './entry.js';

/** A command of a click / typer command table: its name and the function that runs it. */
interface PyCommand {
  word: string;
  body: string;
}

/** A click group or typer app in one module, with the commands registered on it there. */
interface PyTable {
  name: string;
  /** The group runs its own callback when no subcommand is given (`invoke_without_command=True`). */
  runsAlone: boolean;
  typer: boolean;
  commands: PyCommand[];
}

const kebab = (s: string): string => s.replace(/_/g, '-').toLowerCase();
const named = (args: string): string | undefined => /^\s*['"]([\w-]+)['"]/.exec(args)?.[1] ?? /\bname\s*=\s*['"]([\w-]+)['"]/.exec(args)?.[1];

/** The function a decorator at `at` decorates: the first module-level `def` after it (other decorators between). */
function decorated(text: string, at: number): string | undefined {
  return /^(?:async\s+)?def\s+([A-Za-z_]\w*)/m.exec(text.slice(at))?.[1];
}

/** Click groups (`@click.group()` on a function, `click.Group(...)`) and typer apps (`x = typer.Typer(...)`) of a module. */
function tables(text: string): PyTable[] {
  const found: PyTable[] = [];
  for (const m of text.matchAll(/^@click\.group\b(\([^)]*\))?/gm)) {
    const name = decorated(text, m.index + m[0].length);
    if (name) found.push({ name, runsAlone: /invoke_without_command\s*=\s*True/.test(m[1] ?? ''), typer: false, commands: [] });
  }
  for (const m of text.matchAll(/^([A-Za-z_]\w*)\s*=\s*(?:click\.Group|typer\.Typer)\s*\(([^)]*)\)/gm)) {
    const typer = m[0].includes('typer.');
    found.push({ name: m[1]!, runsAlone: /invoke_without_command\s*=\s*True/.test(m[2]!), typer, commands: [] });
  }
  for (const t of found) {
    const cmd = new RegExp(String.raw`^@${t.name}\.command\b(?:\(([^)]*)\))?`, 'gm');
    for (const m of text.matchAll(cmd)) {
      const fn = decorated(text, m.index + m[0].length);
      if (!fn) continue;
      t.commands.push({ word: named(m[1] ?? '') ?? kebab(fn), body: functionSource(text, fn) ?? '' });
    }
    for (const m of text.matchAll(new RegExp(String.raw`^${t.name}\.add_command\(\s*([A-Za-z_]\w*)\s*(?:,\s*(?:name\s*=\s*)?['"]([\w-]+)['"])?`, 'gm'))) {
      t.commands.push({ word: m[2] ?? kebab(m[1]!), body: functionSource(text, m[1]!) ?? '' });
    }
    // typer: a callback that runs without a subcommand serves (or not) on its own.
    if (t.typer && new RegExp(String.raw`^@${t.name}\.callback\([^)]*invoke_without_command\s*=\s*True`, 'm').test(text)) t.runsAlone = true;
  }
  return found;
}

/** A call that starts a server: uvicorn/hypercorn/waitress/aiohttp/werkzeug runners or an app's `.run(`. */
const STARTS_SERVER = /\b(?:uvicorn\.run|hypercorn|waitress\.serve|web\.run_app|run_simple|serve_forever|make_server|granian|\.run)\s*\(/;

/**
 * click / typer: the entry (`module:attr` of `[project.scripts]`) is a group (or a `main` calling one) that needs a
 * subcommand; its serve-like command (`serve`, `run`, `web`...) is the one to run, and one whose function starts a
 * server is preferred. A typer app with a single command runs it without its name; a group that
 * `invoke_without_command` serves alone.
 */
export function pythonCliServe(file: string, text: string, entryAttr: string | undefined, byNameOnly = false): { word: string; file: string } | undefined {
  if (!/\b(?:click|typer)\b/.test(text)) return undefined;
  const all = tables(text);
  const table = all.find((t) => t.name === entryAttr) ?? (all.length === 1 && !byNameOnly ? all[0] : undefined);
  if (!table || table.runsAlone) return undefined;
  if (table.typer && table.commands.length === 1) return undefined;
  const serving = table.commands.filter((c) => SERVE_WORDS.test(c.word));
  const best = serving.find((c) => STARTS_SERVER.test(c.body)) ?? serving[0];
  return best ? { word: best.word, file } : undefined;
}

const MAX_BYTES = 256 * 1024;

/**
 * The subcommand a `[project.scripts]` console script needs to serve (`tally serve`): what the project declares (its
 * own Dockerfile, Procfile or README runs `<script> serve`; see {@link declaredServeArgs}), else what its click /
 * typer table requires: the entry module's first, then any source module defining the entry's group.
 */
export async function consoleServeArgs(fs: ProjectFs, script: string, entry: string, sources: string[]): Promise<ServeArgs | undefined> {
  const declared = await declaredServeArgs(fs, script);
  if (declared) return declared;
  const [module, attr] = entry.split(':') as [string, string | undefined];
  const own = await moduleFile(fs, module.trim());
  const name = attr?.trim().replace(/\(\)$/, '');
  for (const file of [...(own ? [own] : []), ...sources.filter((f) => f !== own).slice(0, 300)]) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES) continue;
    // Another module counts only when it defines the entry's own group by name.
    const found = pythonCliServe(file, text, name, file !== own);
    if (found) return { args: [found.word], source: `${found.file} command table` };
  }
  return undefined;
}
