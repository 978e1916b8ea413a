import { joinUnder } from './join-under.js';
import { IGNORED, expand, globWalk, isStatic, mayHold, negatives, regex, type ListDir } from './glob-walk.js';

/** Options of {@link firstFilesWalk}. */
export interface FirstFilesOptions {
  /** Folders deeper than this below the root are not read (as {@link globWalk}'s `deep`). */
  deep: number;
  /** How many files to return at most. */
  count: number;
  /** Files left out (not counted), by their path relative to the root. */
  skip?: (rel: string) => boolean;
}

// In path order a folder `a` sorts as `a/` does: every path below it starts so, and no other entry's name can start
// with `a/`. Entries are compared by UTF-16 code units, as Array.prototype.sort compares the paths.
const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The first `options.count` files of `globWalk(root, patterns, deep)` in sorted path order, without those
 * `options.skip` refuses: the same answer as sorting, filtering and cutting the whole match, found by a walk that
 * visits folders in path order and stops at the last file it needs. A scan bounded to some hundred source files then
 * lists the folders holding them, not every folder of a 100 000-file monorepo. Patterns that do not all walk from the
 * root (a static path, or only bases below it) are matched whole and cut.
 */
export async function firstFilesWalk(root: string, patterns: readonly string[], options: FirstFilesOptions, list: ListDir): Promise<string[]> {
  const { deep, count, skip } = options;
  const positive = patterns.filter((p) => !p.startsWith('!')).flatMap(expand);
  if (count <= 0) return [];
  if (positive.length === 0 || positive.some(isStatic) || !positive.some((p) => p.base === '.')) {
    return (await globWalk(root, patterns, deep, list)).sort().filter((f) => !skip?.(f)).slice(0, count);
  }
  const { excluded, pruning } = negatives(patterns);
  const matchers = [...new Set(positive.map((p) => p.original))].map(regex);
  const out: string[] = [];
  const join = joinUnder(root);
  const walk = async (dir: string): Promise<void> => {
    const entries = (await list(dir === '.' ? root : join(dir))) ?? [];
    const ordered = entries.flatMap((e) => {
      const name = String(e.name);
      if (e.isFile()) return [{ name, file: true, key: name }];
      // As globWalk: never through a link, never into an ignored folder.
      return e.isDirectory() && !e.isSymbolicLink() && !IGNORED.has(name) ? [{ name, file: false, key: `${name}/` }] : [];
    }).sort(byKey);
    for (const { name, file } of ordered) {
      if (out.length >= count) return;
      const rel = dir === '.' ? name : `${dir}/${name}`;
      if (file) {
        if (!IGNORED.has(name) && matchers.some((re) => re.test(rel)) && !excluded.some((re) => re.test(rel)) && !skip?.(rel)) out.push(rel);
      } else if (rel.split('/').length < deep && mayHold(rel, positive) && !pruning.some((re) => re.test(rel))) {
        await walk(rel);
      }
    }
  };
  await walk('.');
  return out;
}
