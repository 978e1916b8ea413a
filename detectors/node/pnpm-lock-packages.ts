import type { ProjectFs } from '../../src/fs/project-fs.js';
import { yamlTopLevelValue } from '../../src/yaml-document.js';

/** One `packages` entry of a pnpm lockfile, as the native and install-script checks read it. */
export interface PnpmLockPackage {
  requiresBuild?: unknown;
  dependencies?: Record<string, unknown>;
}

/** Which `packages` entries of pnpm-lock.yaml a check reads: those keyed by some packages, or carrying some fields. */
export interface PnpmLockQuery {
  /** Package names selected by key. */
  names: ReadonlySet<string>;
  /** Name prefixes selected by key ("tree-sitter-" selects tree-sitter-json). */
  prefixes?: readonly string[];
  /** Entry fields that select an entry whatever its key ("requiresBuild"). */
  fields?: readonly string[];
}

/** The package name of a pnpm lockfile key ("/name@1.0.0", "name@1.0.0(peer)", "/@s/b/2.0.0"); undefined when none. */
export const nameOfPnpmLockKey = (key: string): string | undefined => /^\/?((?:@[^/@]+\/)?[^/@(]+)[@/]/.exec(key)?.[1];

/**
 * Whether a lockfile's text can hold an entry the query selects. A key names its package followed by `@` or `/`
 * ({@link nameOfPnpmLockKey}), and YAML spells a key or field without its letters in a row only through a
 * double-quoted escape (`"\x62crypt@5.0.0"`, or a line break escaped inside the name); folding a multi-line key
 * inserts a space. So a text holding no `name@`, `name/`, prefix, field or backslash has no selected entry, and the
 * parse, the slowest step of a pnpm run, is skipped. Anything else is parsed: a match in an integrity hash or in
 * `snapshots:` only costs the parse.
 */
export function maySelect(text: string, query: PnpmLockQuery): boolean {
  // One pass of one regex: ~0.7 ms on an 87 KB lockfile, where an `includes` per name took ~2.3.
  const names = [...query.names].map(escapeRegExp);
  const others = [...(query.prefixes ?? []), ...(query.fields ?? [])].map(escapeRegExp);
  return new RegExp(['[\\\\]', ...(names.length ? [`(?:${names.join('|')})[@/]`] : []), ...others].join('|')).test(text);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const selects = (query: PnpmLockQuery, key: string, entry: unknown): boolean => {
  const name = nameOfPnpmLockKey(key);
  if (name !== undefined && (query.names.has(name) || (query.prefixes ?? []).some((p) => name.startsWith(p)))) return true;
  return entry !== null && typeof entry === 'object' && (query.fields ?? []).some((f) => Object.hasOwn(entry, f));
};

/**
 * The entries of pnpm-lock.yaml's `packages` section the query selects (empty when the file is absent or unparsable:
 * the install reports a broken lockfile better than we can). The text is parsed only when it can hold such an entry
 * ({@link maySelect}), and then only that section's lines (yamlTopLevelValue), once per text.
 */
export async function pnpmLockPackages(fs: ProjectFs, query: PnpmLockQuery): Promise<Record<string, PnpmLockPackage | null>> {
  const text = await fs.readText('pnpm-lock.yaml');
  if (text === undefined || !maySelect(text, query)) return {};
  let packages: unknown;
  try {
    packages = await yamlTopLevelValue(text, 'packages');
  } catch {
    return {};
  }
  if (packages === null || typeof packages !== 'object') return {};
  return Object.fromEntries(Object.entries(packages as Record<string, PnpmLockPackage | null>).filter(([key, entry]) => selects(query, key, entry)));
}
