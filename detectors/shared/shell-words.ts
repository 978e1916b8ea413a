import { parse } from 'shell-quote';
import { excerpt, UserError } from '../../src/errors.js';

/** A word that only a shell can give a value: an operator, a glob, or one holding a `$` substitution. */
export interface ShellOnly {
  op: string;
}

/**
 * Splits a command line into words with a POSIX shell-words parser. Variables are not expanded here (they stay
 * for the shell, as a {@link ShellOnly} word); quoting the parser cannot read, such as `${` without its `}`, is a
 * {@link UserError} naming `source` instead of a crash.
 */
export function shellWords(line: string, source: string): (string | ShellOnly)[] {
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(line, (name) => `$${name}`);
  } catch (err) {
    throw new UserError(`${source}: cannot read the command ${excerpt(line)} (${(err as Error).message.trim()}); fix its quoting`);
  }
  return tokens.map((t) => (typeof t === 'string' && !t.includes('$') ? t : { op: typeof t === 'string' ? '$' : 'op' in t ? t.op : 'glob' }));
}
