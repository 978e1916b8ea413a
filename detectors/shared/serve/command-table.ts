import { SERVE_WORDS } from './declared.js';

/** A serve-like subcommand a CLI's command table requires, and where it was defined. */
export interface TableServe {
  word: string;
  file: string;
}

/** The text of the brace block opening at `open` (the index of `{`), or the rest when it never closes. */
function block(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/**
 * cobra: the root command (its `Use` is the binary's name, else the first command) has no `Run`/`RunE`, so it only
 * prints help; a serve-like command (`Use: "serve"`) is then the one to run.
 */
function cobra(file: string, text: string, binary: string): TableServe | undefined {
  const cmds = [...text.matchAll(/cobra\.Command\s*\{/g)].map((m) => block(text, m.index + m[0].length - 1));
  if (cmds.length < 2) return undefined;
  const use = (b: string): string | undefined => /\bUse\s*:\s*["`]([\w-]+)/.exec(b)?.[1];
  const root = cmds.find((b) => use(b) === binary) ?? cmds[0]!;
  if (/\bRunE?\s*:/.test(root)) return undefined;
  const serve = cmds.map(use).find((w) => w !== undefined && SERVE_WORDS.test(w));
  return serve ? { word: serve, file } : undefined;
}

/** urfave/cli: an app with `Commands` and no top-level `Action` needs one of them; a serve-like `Name` is it. */
function urfave(file: string, text: string): TableServe | undefined {
  if (!/github\.com\/urfave\/cli/.test(text)) return undefined;
  const app = /(?:cli\.App|cli\.Command)\s*\{/.exec(text);
  if (!app) return undefined;
  const body = block(text, app.index + app[0].length - 1);
  const top = body.slice(0, Math.max(0, body.search(/\bCommands\s*:/)));
  if (/\bAction\s*:/.test(top) || !/\bCommands\s*:/.test(body)) return undefined;
  const serve = [...body.matchAll(/\bName\s*:\s*"([\w-]+)"/g)].map((m) => m[1]!).find((w) => SERVE_WORDS.test(w));
  return serve ? { word: serve, file } : undefined;
}

const kebab = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * clap: derive (`#[command(subcommand)] command: Commands`, not an `Option<...>`, with a `Serve` / `Run` variant in
 * the `#[derive(Subcommand)]` enum) or builder (`.subcommand_required(true)` with `Command::new("serve")`).
 */
function clap(file: string, text: string): TableServe | undefined {
  const required = /#\[(?:command|clap)\(\s*subcommand\s*\)\]\s*(?:pub\s+)?\w+\s*:\s*(?!Option<)\w+/.test(text);
  if (required) {
    for (const m of text.matchAll(/#\[derive\([^)]*\bSubcommand\b[^)]*\)\][\s\S]*?\benum\s+\w+\s*\{/g)) {
      const variants = [...block(text, m.index + m[0].length - 1).matchAll(/^\s*([A-Z]\w*)\s*(?:[({,]|$)/gm)].map((v) => kebab(v[1]!));
      const serve = variants.find((w) => SERVE_WORDS.test(w));
      if (serve) return { word: serve, file };
    }
  }
  if (/\.subcommand_required\(\s*true\s*\)|\.arg_required_else_help\(\s*true\s*\)/.test(text)) {
    const serve = [...text.matchAll(/(?:Command::new|SubCommand::with_name|App::new)\(\s*"([\w-]+)"\s*\)/g)].map((m) => m[1]!).find((w) => SERVE_WORDS.test(w));
    if (serve) return { word: serve, file };
  }
  return undefined;
}

/** The serve-like subcommand the CLI's own command table requires (cobra, urfave/cli, clap), or undefined. */
export function tableServe(texts: Iterable<[string, string]>, binary: string): TableServe | undefined {
  for (const [file, text] of texts) {
    const found = file.endsWith('.go') ? (cobra(file, text, binary) ?? urfave(file, text)) : file.endsWith('.rs') ? clap(file, text) : undefined;
    if (found) return found;
  }
  return undefined;
}
