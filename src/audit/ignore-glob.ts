/**
 * .dockerignore pattern matching (Go filepath.Match syntax plus `**`, as the Docker builder reads it) in time
 * linear in pattern length x path length. A translation to a backtracking RegExp took minutes on a 40-byte
 * pattern such as `*a*a*a*a*a*a*a*b`; here every position of the pattern is tracked at once (an NFA simulation),
 * so no input makes the matcher retry.
 */

type Token =
  /** One character; `lit` is set when it stands for itself (not `?` or a class). */
  | { kind: 'char'; test: (c: string) => boolean; lit?: string }
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
      tokens.push({ kind: 'char', test: (c) => c === lit, lit });
    }
  }
  return tokens;
}

/** The literal a pattern of plain characters spells, or undefined when it holds any wildcard or class. */
function literalOf(tokens: Token[]): string | undefined {
  let lit = '';
  for (const t of tokens) {
    if (t.kind !== 'char' || t.lit === undefined) return undefined;
    lit += t.lit;
  }
  return lit;
}

/**
 * A matcher for one path segment pattern of plain characters and `*` (`*.pem`, `id_rsa*`, `service-account*.json`),
 * or undefined for anything else. With only `*`, taking each middle piece at its leftmost place is exact.
 */
function segmentMatcher(tokens: Token[]): ((s: string) => boolean) | undefined {
  const pieces = [''];
  for (const t of tokens) {
    if (t.kind === 'star') pieces.push('');
    else if (t.kind === 'char' && t.lit !== undefined && t.lit !== '/') pieces[pieces.length - 1] += t.lit;
    else return undefined;
  }
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  return (s) => {
    if (s.includes('/') || s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
    const stop = s.length - last.length;
    let at = first.length;
    for (const m of middle) {
      const i = s.indexOf(m, at);
      if (i < 0 || i + m.length > stop) return false;
      at = i + m.length;
    }
    return true;
  };
}

// The shapes nearly every real .dockerignore line has (`.git`, `*.log`, `**/.env`, `**/*.pem`) as string tests:
// the self-audit probes each line with every credential sample, and the general matcher below costs a set per
// character. Undefined for every other shape. Same answers as the general matcher (the tests compare both).
function fastMatcher(tokens: Token[]): ((path: string) => boolean) | undefined {
  const lit = literalOf(tokens);
  if (lit !== undefined) return (p) => p === lit;
  if (tokens[0]?.kind !== 'dirs') return segmentMatcher(tokens);
  const rest = tokens.slice(1);
  const restLit = literalOf(rest);
  // `**/` is nothing or a run ending in `/`: the rest matches the whole path or a tail after a `/`.
  const tail = `/${restLit}`;
  if (restLit !== undefined) return (p) => p === restLit || p.endsWith(tail);
  const seg = segmentMatcher(rest);
  return seg && ((p) => seg(p.slice(p.lastIndexOf('/') + 1)));
}

/** Compiles one cleaned .dockerignore pattern into a matcher for cleaned context paths. */
export function compileIgnoreGlob(pattern: string): (path: string) => boolean {
  return compileIgnoreRule(pattern).matches;
}

/**
 * A character every path a pattern matches has at one end of its last segment (for `*.pem` under any folder the
 * last character is `m`; for `Dockerfile*` the first is `D`), so a caller can skip the pattern for paths without it.
 */
export type SegmentHint = { end: 'last' | 'first'; char: string };

/** A compiled pattern: its matcher, and its {@link SegmentHint} (undefined when no character is certain). */
export interface IgnoreRule {
  matches: (path: string) => boolean;
  hint: SegmentHint | undefined;
}

/** Compiles one cleaned .dockerignore pattern into a matcher and its hint. */
export function compileIgnoreRule(pattern: string): IgnoreRule {
  const tokens = tokenize(pattern);
  return { matches: fastMatcher(tokens) ?? withNeedle(tokens, nfaMatcher(tokens)), hint: segmentHint(tokens) };
}

/**
 * The general matcher behind a substring test: a run of plain characters in the pattern (`.py` in `*.py[cod]`)
 * must appear in every path it matches, and `includes` is far cheaper than a set per character on cold code.
 */
function withNeedle(tokens: Token[], matches: (path: string) => boolean): (path: string) => boolean {
  let needle = '';
  let run = '';
  for (const t of tokens) {
    run = t.kind === 'char' && t.lit !== undefined ? run + t.lit : '';
    if (run.length > needle.length) needle = run;
  }
  return needle ? (path) => path.includes(needle) && matches(path) : matches;
}

const isSlash = (t: Token | undefined): boolean => t?.kind === 'char' && t.lit === '/';

/** Whether what tokens[at] matches always starts a path segment (at the start of the path, or right after a `/`). */
function startsSegment(tokens: Token[], at: number): boolean {
  if (at === 0 || isSlash(tokens[at - 1])) return true;
  // A `dirs` token matches nothing or a run ending in `/`: after it is a segment start when it is one itself.
  return tokens[at - 1]!.kind === 'dirs' && startsSegment(tokens, at - 1);
}

function segmentHint(tokens: Token[]): SegmentHint | undefined {
  // A pattern matches up to the end of the path: a plain character at its end is the path's last character.
  const last = tokens[tokens.length - 1];
  if (last?.kind === 'char' && last.lit !== undefined) return { end: 'last', char: last.lit };
  let at = tokens.length;
  while (at > 0 && !isSlash(tokens[at - 1]) && tokens[at - 1]!.kind !== 'dirs') at--;
  // From a segment start, tokens that never match a `/` (all but `**`) match exactly the path's last segment.
  if (at === tokens.length || !startsSegment(tokens, at) || tokens.slice(at).some((t) => t.kind === 'globstar')) return undefined;
  const first = tokens[at]!;
  return first.kind === 'char' && first.lit !== undefined ? { end: 'first', char: first.lit } : undefined;
}

/** The general matcher: every position of the pattern tracked at once. Exported for the tests. */
export function compileIgnoreGlobNfa(pattern: string): (path: string) => boolean {
  return nfaMatcher(tokenize(pattern));
}

function nfaMatcher(tokens: Token[]): (path: string) => boolean {
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
