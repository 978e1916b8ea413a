/** The body of a Python `try:` and the exceptions its `except` clauses handle without raising again or exiting. */
export interface PyTryBlock {
  /** Offsets of the body in the file's text (from the line after `try:`, or the rest of a one-line `try: ...`). */
  from: number;
  to: number;
  /** Exception class names handled (`*`: a bare `except:`, `Exception` or `BaseException`). */
  catches: Set<string>;
}

interface Line {
  start: number;
  end: number;
  indent: number;
  text: string;
}

// A handler that raises again or stops the program makes the failure fatal anyway.
const EXITS = /\braise\b|\bsys\.exit\(|(?<![\w.])(?:exit|quit)\(|\bos\._exit\(/;
const CATCH_ALL = new Set(['Exception', 'BaseException']);

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const indent = raw.length - raw.trimStart().length;
    out.push({ start, end: start + raw.length, indent, text: raw.trim() });
    start += raw.length + 1;
  }
  return out;
}

const blank = (l: Line): boolean => l.text === '' || l.text.startsWith('#');
// A handler's words without its comments (`# never raise here` is no raise). A ` #` inside a string is cut too: at
// worst a raise after it on that line goes unseen.
const code = (line: string): string => line.replace(/(?:^|\s)#.*$/, '');

/** The clause at `i` (`try:`, `except ...:`, `else:`): its same-line body, the lines indented under it, and where the next one starts. */
function clause(all: Line[], i: number, colon: number): { from: number; to: number; text: string; next: number } {
  const head = all[i]!;
  const rest = head.text.slice(colon + 1).trim();
  if (rest !== '' && !rest.startsWith('#')) {
    const from = head.end - rest.length;
    return { from, to: head.end, text: code(rest), next: i + 1 };
  }
  let j = i + 1;
  let last = i;
  while (j < all.length && (blank(all[j]!) || all[j]!.indent > head.indent)) {
    if (!blank(all[j]!)) last = j;
    j++;
  }
  const body = all.slice(i + 1, last + 1);
  return { from: head.end + 1, to: all[last]!.end, text: body.map((l) => code(l.text)).join('\n'), next: last + 1 };
}

/** The exception names of an `except` clause's head (`except (KeyError, TypeError) as e:` -> KeyError, TypeError). */
function handled(head: string): string[] {
  const types = head.replace(/^except\*?/, '').replace(/\bas\s+\w+\s*$/, '').trim();
  if (types === '') return ['*'];
  return [...types.matchAll(/[A-Za-z_][\w.]*/g)].map((m) => m[0].split('.').pop()!).map((n) => (CATCH_ALL.has(n) ? '*' : n));
}

/**
 * Every `try:` block of a Python file, found by indentation (statements only: a `try` keyword never starts an
 * expression), with the exceptions its handlers recover from. A read of the environment inside such a body that can
 * only fail with one of those is not required: the handler supplies the fallback.
 */
export function pyTryBlocks(text: string): PyTryBlock[] {
  const all = lines(text);
  const out: PyTryBlock[] = [];
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (!/^try\s*:/.test(line.text)) continue;
    const body = clause(all, i, line.text.indexOf(':'));
    const catches = new Set<string>();
    let k = body.next;
    while (k < all.length && blank(all[k]!)) k++;
    while (k < all.length && all[k]!.indent === line.indent) {
      const head = /^(except\b[^:]*|else\s*|finally\s*):/.exec(all[k]!.text);
      if (!head) break;
      const handler = clause(all, k, head[1]!.length);
      if (head[1]!.startsWith('except') && !EXITS.test(handler.text)) for (const n of handled(head[1]!)) catches.add(n);
      k = handler.next;
      while (k < all.length && blank(all[k]!)) k++;
    }
    if (catches.size > 0) out.push({ from: body.from, to: body.to, catches });
  }
  return out;
}

/** Whether the read at `at`, which can fail only with one of `errors`, sits in a try body whose handler recovers from it. */
export function rescued(blocks: readonly PyTryBlock[], at: number, errors: readonly string[]): boolean {
  return blocks.some((b) => at >= b.from && at <= b.to && (b.catches.has('*') || errors.some((e) => b.catches.has(e))));
}
