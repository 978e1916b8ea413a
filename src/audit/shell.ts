import { parse } from 'shell-quote';
import { ownValue } from '../own-key.js';

/** One simple command of a RUN line: its words (env assignments dropped) and the operator that follows it. */
export interface ShellCommand {
  /** The real command: leading keywords, assignments and wrappers (`sudo -u x`, `env A=1`, `nice -n 5`) removed. */
  words: string[];
  /** `|`, `&&`, `||`, `;`, `&` or '' at the end. */
  next: string;
  /** The wrappers the command ran under, outermost first (`['sudo', 'env']`). */
  wrappers: string[];
}

const SEPARATORS = new Set(['|', '&&', '||', ';', '&', ';;', '|&']);
// Words that start a compound command: the real command is the word after them.
const KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', '(']);
// Programs that run the command after their own options, and those options that take a separate value.
const WRAPPERS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--prompt', '--host']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string']),
  nice: new Set(['-n', '--adjustment']),
  ionice: new Set(['-c', '-n', '-p', '--class', '--classdata']),
  time: new Set(['-f', '-o', '--format', '--output']),
  nohup: new Set(),
  exec: new Set(['-a']),
  command: new Set(),
};

/** A simple command from its words: keywords, `VAR=x` assignments and wrappers are peeled off to the real command. */
export function simpleCommand(all: string[], next: string): ShellCommand {
  const words = [...all];
  const wrappers: string[] = [];
  for (;;) {
    const w = words[0];
    if (w === undefined) break;
    if (KEYWORDS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      words.shift();
      continue;
    }
    const name = w.split('/').pop() ?? '';
    const valued = ownValue(WRAPPERS, name);
    // `command -v x` only looks x up; it does not run it.
    if (!valued || (name === 'command' && /^-[vV]$/.test(words[1] ?? ''))) break;
    wrappers.push(name);
    words.shift();
    while (words[0]?.startsWith('-')) {
      const option = words.shift()!;
      if (option === '--') break;
      if (valued.has(option)) words.shift();
    }
  }
  return { words, next, wrappers };
}

/**
 * Splits shell text into simple commands. Quoted strings stay single words (so a script written
 * with printf is data, not commands); variables stay as `$NAME`; redirect targets are dropped.
 */
export function shellCommands(text: string): ShellCommand[] {
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(text.replace(/\\\r?\n/g, ' '), (name) => `$${name}`);
  } catch {
    return [];
  }
  const out: ShellCommand[] = [];
  let words: string[] = [];
  let skipNext = false;
  const flush = (next: string): void => {
    const cmd = simpleCommand(words, next);
    if (cmd.words.length) out.push(cmd);
    else if (cmd.wrappers.length) out.push({ words: [cmd.wrappers.pop()!], next, wrappers: cmd.wrappers });
    words = [];
  };
  for (const t of tokens) {
    if (typeof t === 'string') {
      if (skipNext) skipNext = false;
      else words.push(t);
    } else if ('op' in t) {
      if (t.op === 'glob') {
        if (skipNext) skipNext = false;
        else words.push((t as { pattern: string }).pattern);
      } else if (SEPARATORS.has(t.op)) {
        flush(t.op);
      } else if (t.op === '(' || t.op === ')') {
        flush(';');
      } else {
        skipNext = true; // redirect: the next word is a file, not an argument
      }
    } else if ('comment' in t) {
      break;
    }
  }
  flush('');
  return out;
}

/** The program a command runs, without its directory (`/usr/bin/apt-get` -> `apt-get`). */
export function programOf(cmd: ShellCommand): string {
  return (cmd.words[0] ?? '').split('/').pop() ?? '';
}

/** Whether any word equals one of `flags` (also `--flag=value` forms for long flags). */
export function hasFlag(cmd: ShellCommand, ...flags: string[]): boolean {
  return cmd.words.some((w) => flags.includes(w) || flags.some((f) => f.startsWith('--') && w.startsWith(`${f}=`)));
}

/** Whether a short flag letter appears, also combined (`-qy` has `y`). */
export function hasShortFlag(cmd: ShellCommand, letter: string): boolean {
  return cmd.words.some((w) => /^-[A-Za-z]+$/.test(w) && w.includes(letter));
}

/** Arguments that are not flags, after the first `skip` words. */
export function operands(cmd: ShellCommand, skip: number): string[] {
  return cmd.words.slice(skip).filter((w) => !w.startsWith('-'));
}

const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;
const SCRIPT_READERS = /^(sh|bash|dash|ash|zsh|ksh)$/;

/**
 * The simple commands of a RUN's shell-form text, heredocs included: `RUN <<EOF`, `RUN <<-EOF` and
 * `RUN bash <<EOF` run their body as a script (each line a command); a heredoc fed to another program
 * (`RUN <<EOF cat > /file`) is data.
 */
export function runCommands(text: string): ShellCommand[] {
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  const markers = [...first.matchAll(HEREDOC)];
  if (markers.length === 0) return shellCommands(text);
  const outer = first.replace(HEREDOC, ' ');
  const lines = text.slice(newline + 1).split(/\r?\n/);
  const out = shellCommands(outer);
  for (const m of markers) {
    const strip = m[1] === '-';
    const body: string[] = [];
    while (lines.length) {
      const raw = lines.shift()!;
      const line = strip ? raw.replace(/^\t+/, '') : raw;
      if (line === m[3]) break;
      body.push(line);
    }
    // The command that reads this heredoc: the words around the marker up to the nearest operators.
    const before = first.slice(0, m.index).split(/&&|\|\||[|;&]/).pop() ?? '';
    const after = first.slice(m.index + m[0].length).split(/&&|\|\||[|;&]/)[0] ?? '';
    const reader = shellCommands(`${before.replace(HEREDOC, ' ')} ${after.replace(HEREDOC, ' ')}`)[0];
    if (reader && !SCRIPT_READERS.test(programOf(reader))) continue;
    out.push(...body.join('\n').replace(/\\\r?\n/g, ' ').split('\n').flatMap((line) => shellCommands(line)));
  }
  return out;
}
