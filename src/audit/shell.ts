import { parse } from 'shell-quote';

/** One simple command of a RUN line: its words (env assignments dropped) and the operator that follows it. */
export interface ShellCommand {
  words: string[];
  /** `|`, `&&`, `||`, `;`, `&` or '' at the end. */
  next: string;
}

const SEPARATORS = new Set(['|', '&&', '||', ';', '&', ';;', '|&']);
// Words that start a compound command: the real command is the word after them.
const KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', '(', 'exec', 'time', 'command', 'nohup']);

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
    while (words.length && (KEYWORDS.has(words[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!))) words.shift();
    if (words.length) out.push({ words, next });
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
