import type { SegmentHint } from './ignore-glob.js';

/** What the index needs of a .dockerignore pattern. */
export interface IndexedPattern {
  matches: (path: string) => boolean;
  hint: SegmentHint | undefined;
}

/**
 * The positions of a .dockerignore's patterns grouped by the character their paths' last segment must end (or
 * start) with, each group newest first, so a lookup tests the few patterns that can match a path instead of all.
 */
export interface PatternIndex<P extends IndexedPattern> {
  patterns: P[];
  byLast: Map<string, number[]>;
  byFirst: Map<string, number[]>;
  /** Patterns without a hint: tested for every path. */
  rest: number[];
}

/** Groups `patterns` by their hints. */
export function indexPatterns<P extends IndexedPattern>(patterns: P[]): PatternIndex<P> {
  const index: PatternIndex<P> = { patterns, byLast: new Map(), byFirst: new Map(), rest: [] };
  for (let i = patterns.length - 1; i >= 0; i--) {
    const hint = patterns[i]!.hint;
    if (!hint) {
      index.rest.push(i);
      continue;
    }
    const groups = hint.end === 'last' ? index.byLast : index.byFirst;
    const group = groups.get(hint.char);
    if (group) group.push(i);
    else groups.set(hint.char, [i]);
  }
  return index;
}

/** The newest of `group` above `floor` that matches `path`, else `floor`. */
function newestIn(index: PatternIndex<IndexedPattern>, group: number[] | undefined, path: string, floor: number): number {
  if (!group) return floor;
  for (let j = 0; j < group.length; j++) {
    const i = group[j]!;
    if (i <= floor) return floor;
    if (index.patterns[i]!.matches(path)) return i;
  }
  return floor;
}

/**
 * The position of the last pattern that matches a cleaned path or one of its parent folders, or -1. (A pattern that
 * matches a folder decides for everything under it, and the last matching pattern decides.)
 */
export function lastMatch(index: PatternIndex<IndexedPattern>, path: string): number {
  let found = -1;
  for (let end = path.indexOf('/'); ; end = path.indexOf('/', end + 1)) {
    const folder = end < 0 ? path : path.slice(0, end);
    const seg = folder.lastIndexOf('/') + 1;
    found = newestIn(index, index.byLast.get(folder[folder.length - 1]!), folder, found);
    found = newestIn(index, index.byFirst.get(folder[seg]!), folder, found);
    found = newestIn(index, index.rest, folder, found);
    if (end < 0) return found;
  }
}
