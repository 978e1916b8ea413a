import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** The outcome of merging the generated compose file into one the user wrote. */
export interface ComposeMerge {
  /** Their file with our services, keys and volumes added; their keys, values, order and comments kept. */
  text: string;
  /** Dotted paths we added (`services.migrate`, `services.app.read_only`). */
  added: string[];
  /** Dotted paths where their value differs from ours: reported, never overwritten (`services.app.ports`). */
  differing: string[];
}

// The top-level sections merged key by key; any other top-level key of theirs is left alone.
const SECTIONS = ['services', 'volumes'];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Adds what `ours` has and `theirs` lacks, recursing into mappings; a scalar or list that differs is reported. */
function mergeMap(theirs: YAMLMap, ours: YAMLMap, at: string, out: Omit<ComposeMerge, 'text'>): void {
  for (const pair of ours.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const path = `${at}.${key}`;
    const mine = theirs.get(key, true);
    if (mine === undefined) {
      // The pair itself, so the comment and blank line above our key come along.
      theirs.items.push(pair);
      out.added.push(path);
    } else if (isMap(mine) && isMap(pair.value)) {
      mergeMap(mine, pair.value, path, out);
    } else if (!same(isScalar(mine) || isSeq(mine) || isMap(mine) ? mine.toJSON() : mine, isScalar(pair.value) || isSeq(pair.value) || isMap(pair.value) ? pair.value.toJSON() : pair.value)) {
      out.differing.push(path);
    }
  }
}

/**
 * Merges our generated compose file into a hand-written one with the yaml Document API: their services, keys,
 * values and comments stay as they are; our services, missing keys of shared services (recursively: an environment
 * variable they lack is added) and our named volumes are added; where they set a key differently, theirs is kept
 * and the path is reported. Throws a one-line error when their file is not a YAML mapping.
 */
export function mergeComposeInto(file: string, theirsText: string, oursText: string): ComposeMerge {
  const theirs = parseDocument(theirsText, { uniqueKeys: true });
  if (theirs.errors.length > 0 || !isMap(theirs.contents)) {
    throw new Error(`${file}: not a YAML mapping (${theirs.errors[0]?.message.split('\n')[0] ?? 'empty or a list'}); make it a mapping with services:`);
  }
  const ours = parseDocument(oursText);
  const out: Omit<ComposeMerge, 'text'> = { added: [], differing: [] };
  for (const section of SECTIONS) {
    const mine = ours.get(section, true);
    if (!isMap(mine)) continue;
    const have = theirs.get(section, true);
    if (have === undefined || have === null || (isScalar(have) && have.value === null)) {
      theirs.set(section, mine);
      out.added.push(section);
    } else if (isMap(have)) {
      mergeMap(have, mine, section, out);
    } else {
      out.differing.push(section);
    }
  }
  // Nothing to add: their bytes stay exactly as they are (the printer would restyle flow lists).
  return { text: out.added.length === 0 ? theirsText : theirs.toString({ lineWidth: 0 }), ...out };
}
