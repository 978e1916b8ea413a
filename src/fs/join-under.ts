import path from 'node:path';

/** Names separated by `/`, none empty, `.` or `..`, and none holding a `\` or a drive's `:`: nothing to normalise. */
const PLAIN = /^(?!\.\.?(?:\/|$))[^/\\:]+(?:\/(?!\.\.?(?:\/|$))[^/\\:]+)*$/;

/** True when `rel` is a plain relative path: names separated by `/`, none empty, `.` or `..`, no `\` nor `:`. */
export function isPlainRelative(rel: string): boolean {
  return PLAIN.test(rel);
}

/**
 * `(rel) => paths.join(root, rel)` (`paths`: node:path, or its posix or win32 flavour in tests), the same string for
 * every `rel`, built without normalising when `rel` is plain
 * ({@link isPlainRelative}): the normalised root and a separator, then `rel` (its `/` as the platform's separator).
 * A scan builds a path per file and per folder it reads, and path.join normalises its whole result character by
 * character, which cost more than reading the file (a hundred-thousand-file monorepo's scan joins some two thousand).
 */
export function joinUnder(root: string, paths: typeof path = path): (rel: string) => string {
  // `path.join(root, 'x')` minus the `x`: the root normalised, ending in exactly one separator ('' for '' and '.').
  const probe = paths.join(root, 'x');
  const sep = paths.sep;
  // A root after which `x` is not simply appended (a bare Windows UNC server, `\\srv`, takes it as its share name):
  // every path goes through path.join.
  if (probe !== 'x' && !probe.endsWith(`${sep}x`)) return (rel) => paths.join(root, rel);
  const prefix = probe.slice(0, -1);
  return (rel) => {
    if (!PLAIN.test(rel)) return paths.join(root, rel);
    return prefix + (sep === '/' ? rel : rel.split('/').join(sep));
  };
}
