/**
 * .dockerignore pattern matching (Go filepath.Match syntax plus `**`, as the Docker builder reads it) in time
 * linear in pattern length x path length. A translation to a backtracking RegExp took minutes on a 40-byte
 * pattern such as `*a*a*a*a*a*a*a*b`; here every position of the pattern is tracked at once (an NFA simulation),
 * so no input makes the matcher retry.
 */

type Token =
  | { kind: 'char'; test: (c: string) => boolean }
  /** `*`: any run of characters but `/`. */
  | { kind: 'star' }
  /** `**` not followed by `/`: any run of characters. */
  | { kind: 'globstar' }
  /** `**` followed by `/`: nothing, or any run of characters ending in `/`. */
  | { kind: 'dirs' };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        tokens.push({ kind: 'dirs' });
      } else tokens.push({ kind: 'globstar' });
    } else if (ch === '*') tokens.push({ kind: 'star' });
    else if (ch === '?') tokens.push({ kind: 'char', test: (c) => c !== '/' });
    else if (ch === '[' && pattern.indexOf(']', i + 1) > i) {
      const end = pattern.indexOf(']', i + 1);
      // One character class tested against one character: a RegExp this small cannot backtrack.
      let cls: RegExp | undefined;
      try {
        cls = new RegExp(`^[${pattern.slice(i + 1, end).replace(/^\^|^!/, '^').replace(/\\/g, '\\\\')}]$`);
      } catch {
        // Not a class the builder could read either (e.g. a reversed range): it matches nothing.
      }
      tokens.push({ kind: 'char', test: (c) => c !== '/' && cls !== undefined && cls.test(c) });
      i = end;
    } else {
      const lit = ch === '\\' && i + 1 < pattern.length ? pattern[++i]! : ch;
      tokens.push({ kind: 'char', test: (c) => c === lit });
    }
  }
  return tokens;
}

/** Compiles one cleaned .dockerignore pattern into a matcher for cleaned context paths. */
export function compileIgnoreGlob(pattern: string): (path: string) => boolean {
  const tokens = tokenize(pattern);
  const end = tokens.length;
  // A state is a token index; a `dirs` token inside its run (last character not `/`) is `~index`, which may not
  // leave the token yet.
  const close = (states: Set<number>): Set<number> => {
    const stack = [...states];
    while (stack.length) {
      const s = stack.pop()!;
      if (s < 0 || s >= end) continue;
      const k = tokens[s]!.kind;
      if ((k === 'star' || k === 'globstar' || k === 'dirs') && !states.has(s + 1)) {
        states.add(s + 1);
        stack.push(s + 1);
      }
    }
    return states;
  };
  return (path) => {
    let states = close(new Set([0]));
    for (const c of path) {
      const next = new Set<number>();
      for (const s of states) {
        if (s < 0) {
          // Inside a `dirs` run: keep going; a `/` makes it leavable.
          next.add(c === '/' ? ~s : s);
          continue;
        }
        if (s >= end) continue;
        const t = tokens[s]!;
        if (t.kind === 'char') {
          if (t.test(c)) next.add(s + 1);
        } else if (t.kind === 'star') {
          if (c !== '/') next.add(s);
        } else if (t.kind === 'globstar') next.add(s);
        else next.add(c === '/' ? s : ~s);
      }
      states = close(next);
      if (states.size === 0) return false;
    }
    return states.has(end);
  };
}
