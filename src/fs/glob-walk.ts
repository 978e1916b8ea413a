import path from 'node:path';
import braces from 'braces';
import picomatch from 'picomatch';
import { IGNORED_DIRS } from './ignore.js';
import { joinUnder } from './join-under.js';

/** What a folder listing gives per entry (node's and memfs' `Dirent`). */
export interface DirEntry {
  name: string | Buffer;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** Lists an absolute folder: its entries, or undefined when it cannot be read (absent, not a folder, no access). */
export type ListDir = (absDir: string) => Promise<readonly DirEntry[] | undefined>;

/**
 * Lists each folder once (a run's detectors glob the same trees several times) over a synchronous `readdir` with
 * file types: a listing of a local folder costs less than the thread-pool round trip of the asynchronous call.
 */
export function cachedListDir(readdir: (dir: string) => DirEntry[]): ListDir {
  const seen = new Map<string, Promise<readonly DirEntry[] | undefined>>();
  return (dir) => {
    let listed = seen.get(dir);
    if (!listed) {
      let entries: DirEntry[] | undefined;
      try {
        entries = readdir(dir);
      } catch {
        entries = undefined; // absent, not a folder or no access: as an empty match
      }
      listed = Promise.resolve(entries);
      seen.set(dir, listed);
    }
    return listed;
  };
}

// fast-glob's matching options for ours (dot files match; braces, extglobs and globstars on; `/` separators).
const MATCH = { dot: true, posix: true, strictSlashes: false } as const;
const compiled = new Map<string, RegExp>();
/** Patterns are compiled once per process: most runs glob the same few. */
export function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = picomatch.makeRe(pattern, MATCH);
    compiled.set(pattern, re);
  }
  return re;
}

/** One path segment of a pattern; a glob one is matched through {@link regex}, compiled when a folder is first tested. */
interface Segment { text: string; glob: boolean }
/** One brace alternative of a pattern: its static base folder, its segments, and where its first globstar is. */
export interface Expanded { original: string; base: string; segments: Segment[]; globstarAt: number }

const expansions = new Map<string, Expanded[]>();
/** A pattern's alternatives, each with its base and segments (once per process, like the compiled patterns). */
export function expand(pattern: string): Expanded[] {
  let found = expansions.get(pattern);
  if (!found) {
    found = expandNow(pattern);
    expansions.set(pattern, found);
  }
  return found;
}

const BRACES = { expand: true, nodupes: true, keepEscaping: true } as const;
const globs = new Map<string, boolean>();
const isGlob = (text: string): boolean => {
  let glob = globs.get(text);
  if (glob === undefined) globs.set(text, (glob = picomatch.scan(text).isGlob));
  return glob;
};

function expandNow(pattern: string): Expanded[] {
  // As fast-glob does (micromatch.braces): the base folder and depth of each alternative are its own.
  const alternatives = /\{[^]*\}/.test(pattern) ? bracesOf(pattern) : [pattern];
  return [...new Set(alternatives)].map((p) => p.replace(/(?!^)\/{2,}/g, '/')).map((p) => {
    const scan = picomatch.scan(p, { parts: true });
    const parts = scan.parts ?? [];
    const segments = (parts.length ? parts : [p]).map((text) => ({ text, glob: isGlob(text) }));
    const globstarAt = segments.findIndex((s) => s.glob && s.text.includes('**'));
    return { original: pattern, base: scan.base === '' ? '.' : scan.base, segments, globstarAt };
  });
}

/**
 * The brace alternatives of a pattern, its last segment's braces left whole when that cannot change the walk: the
 * walk reads a pattern's last segment only to match a file (with the whole pattern's regex) and never to enter a
 * folder (see {@link mayHold}), so `src/**\/*.{js,ts}` is one alternative, not one per extension. Left whole only
 * when every alternative of the last segment is a glob within one segment (no `/`, no globstar); otherwise, as
 * fast-glob, every brace is expanded.
 */
function bracesOf(pattern: string): string[] {
  const scanned = picomatch.scan(pattern, { parts: true }).parts ?? [];
  const parts = scanned.length ? scanned : [pattern];
  const last = parts[parts.length - 1]!;
  const head = parts.slice(0, -1).join('/');
  const whole = parts.join('/') === pattern && /\{[^]*\}/.test(last)
    && braces(last, BRACES).every((alt) => !alt.includes('/') && !alt.includes('**') && isGlob(alt));
  if (!whole) return braces(pattern, BRACES);
  if (head === '') return [pattern];
  return (/\{[^]*\}/.test(head) ? braces(head, BRACES) : [head]).map((h) => `${h}/${last}`);
}

/**
 * Whether a folder may hold a match of one of the patterns, from its leading segments (fast-glob's partial matcher):
 * a folder past a globstar may when its segments before the globstar match; otherwise every segment of the folder must
 * match the pattern's.
 */
export function mayHold(dir: string, patterns: Expanded[]): boolean {
  const parts = dir.split('/');
  const fits = (p: Expanded, part: string, i: number): boolean => (p.segments[i]!.glob ? regex(p.segments[i]!.text).test(part) : p.segments[i]!.text === part);
  for (const p of patterns) {
    const complete = p.globstarAt < 0;
    if (complete && p.segments.length <= parts.length) continue;
    // Past the globstar only the segments before it decide: `src/**` holds `src/a/b`, not `packages/a/b`.
    const decide = !complete && parts.length > p.globstarAt ? parts.slice(0, p.globstarAt) : parts;
    if (decide.every((part, i) => fits(p, part, i))) return true;
  }
  return false;
}

/** The names of IGNORED_DIRS, for lookups. */
export const IGNORED = new Set(IGNORED_DIRS);
const isIgnored = (rel: string): boolean => rel.split('/').some((part) => IGNORED.has(part));

/** Whether an alternative has no glob character: it names one path. */
export const isStatic = (p: Expanded): boolean => p.segments.every((s) => !s.glob);

/**
 * The negative patterns (a leading `!`): the files they exclude, and the folders a walk skips, which like fast-glob
 * are only those of a pattern ending in `/**` or naming a plain path.
 */
export function negatives(patterns: readonly string[]): { excluded: RegExp[]; pruning: RegExp[] } {
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return {
    excluded: negative.map(regex),
    pruning: negative.filter((p) => p.endsWith('/**') || !picomatch.scan(path.posix.basename(p)).isGlob).map(regex),
  };
}

/**
 * The regular files under `root` matching the glob patterns (a leading `!` excludes), never inside a folder of
 * IGNORED_DIRS, never through a symbolic link met in the walk; folders deeper than `deep` below a pattern's static
 * base are not read. Same answers as fast-glob with `{ dot: true, onlyFiles: true, followSymbolicLinks: false,
 * suppressErrors: true, deep }` and IGNORED_DIRS as `ignore`, which compiled every brace alternative and every
 * ignore pattern on each call: this walk compiles each pattern once and reads each folder once per `list`.
 * Unsorted, without repeats.
 */
export async function globWalk(root: string, patterns: readonly string[], deep: number, list: ListDir): Promise<string[]> {
  const { excluded, pruning } = negatives(patterns);
  const positive = patterns.filter((p) => !p.startsWith('!')).flatMap(expand);
  const found = new Set<string>();
  const join = joinUnder(root);
  // `ignored`: whether the path lies in an ignored folder, when the caller knows it cheaper than isIgnored does.
  const keep = (rel: string, matchers: () => RegExp[], ignored = isIgnored(rel)): void => {
    if (!ignored && matchers().some((re) => re.test(rel)) && !excluded.some((re) => re.test(rel))) found.add(rel);
  };
  // A pattern without glob characters names one file: looked at directly, through its folder's listing.
  for (const p of positive.filter(isStatic)) {
    const rel = p.segments.map((s) => s.text).join('/');
    const entry = (await list(join(path.posix.dirname(rel))))?.find((e) => String(e.name) === path.posix.basename(rel));
    if (entry?.isFile()) keep(rel, () => [regex(p.original)]);
  }
  const dynamic = positive.filter((p) => !isStatic(p));
  // Patterns sharing a base are walked together; one based at the root makes a single walk of everything.
  const groups = new Map<string, Expanded[]>();
  for (const p of dynamic) groups.set(p.base, [...(groups.get(p.base) ?? []), p]);
  const tasks = groups.has('.') ? [{ base: '.', patterns: dynamic }] : [...groups].map(([base, group]) => ({ base, patterns: group }));
  for (const task of tasks) {
    // Compiled when the walk meets its first file: most of a run's patterns name folders the project does not have.
    let compiledMatchers: RegExp[] | undefined;
    const matchers = (): RegExp[] => (compiledMatchers ??= [...new Set(task.patterns.map((p) => p.original))].map(regex));
    const baseDepth = task.base === '.' ? 0 : task.base.split('/').length;
    // The walk never enters an ignored folder: below the base, only a file's own name can be an ignored one.
    const baseIgnored = task.base !== '.' && isIgnored(task.base);
    const walk = async (dir: string): Promise<void> => {
      const entries = await list(dir === '.' ? root : join(dir));
      for (const e of entries ?? []) {
        const name = String(e.name);
        const rel = dir === '.' ? name : `${dir}/${name}`;
        if (e.isFile()) keep(rel, matchers, baseIgnored || IGNORED.has(name));
        else if (e.isDirectory() && !e.isSymbolicLink() && !IGNORED.has(name)) {
          if (rel.split('/').length - baseDepth >= deep || !mayHold(rel, task.patterns) || pruning.some((re) => re.test(rel))) continue;
          await walk(rel);
        }
      }
    };
    await walk(task.base);
  }
  return [...found];
}
