import path from 'node:path';

/** Names separated by `/`, none empty, `.` or `..`, and none holding a `\` or a drive's `:`: nothing to normalise. */
const PLAIN = /^(?!\.\.?(?:\/|$))[^/\\:]+(?:\/(?!\.\.?(?:\/|$))[^/\\:]+)*$/;

/** True when `rel` is a plain relative path: names separated by `/`, none empty, `.` or `..`, no `\` nor `:`. */
export function isPlainRelative(rel: string): boolean {
  return PLAIN.test(rel);
}

/**
 * `(rel) => path.join(root, rel)`, the same string for every `rel`, built without normalising when `rel` is plain
 * ({@link isPlainRelative}): the normalised root and a separator, then `rel` (its `/` as the platform's separator).
 * A scan builds a path per file and per folder it reads, and path.join normalises its whole result character by
 * character, which cost more than reading the file (a hundred-thousand-file monorepo's scan joins some two thousand).
 */
export function joinUnder(root: string): (rel: string) => string {
  // `path.join(root, 'x')` minus the `x`: the root normalised, ending in exactly one separator ('' for '' and '.').
  const prefix = path.join(root, 'x').slice(0, -1);
  const sep = path.sep;
  return (rel) => {
    if (!PLAIN.test(rel)) return path.join(root, rel);
    return prefix + (sep === '/' ? rel : rel.split('/').join(sep));
  };
}
