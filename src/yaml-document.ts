import { LineCounter, parseDocument, type Document } from 'yaml';

/** A YAML text parsed with merge keys on, and the line counter that maps its ranges to lines. */
export interface ParsedYaml {
  doc: Document.Parsed;
  counter: LineCounter;
}

/** How many texts stay parsed: a run reads its compose file, stack file and workflow a few times each. */
const KEEP = 8;
const parsed = new Map<string, ParsedYaml>();

/**
 * `parseDocument(text, { lineCounter, merge: true })`, once per text: one generation's YAML guard, compose checks,
 * Swarm checks and end-of-life check all read the same compose text, and the first parse of a run is the slow one.
 * The document is shared: callers read it and never change it.
 */
export function parseYamlOnce(text: string): ParsedYaml {
  let hit = parsed.get(text);
  if (!hit) {
    const counter = new LineCounter();
    hit = { doc: parseDocument(text, { lineCounter: counter, merge: true }), counter };
    if (parsed.size >= KEEP) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, hit);
  }
  return hit;
}

const values = new Map<string, Promise<unknown>>();

/**
 * The plain value of a YAML text (YAML 1.2 core schema, as `YAML.parse`), once per text: a pnpm lockfile is read by
 * two detectors (lockfile choice, native modules), and parsing a lockfile of real size was the slowest step of such a
 * run. js-yaml builds plain values about five times faster than `yaml`, whose documents (ranges, comments) only the
 * checks of generated files need. Rejects on invalid YAML; the value is shared, so callers read it and never change
 * it. js-yaml is imported on first use: only pnpm projects have a YAML lockfile, and the bundle keeps it in a chunk
 * of its own that other runs never load.
 */
export function parseYamlValueOnce(text: string): Promise<unknown> {
  let value = values.get(text);
  if (!value) {
    value = import('js-yaml').then(({ CORE_SCHEMA, load }) => load(text, { schema: CORE_SCHEMA }) as unknown);
    if (values.size >= KEEP) values.delete(values.keys().next().value!);
    values.set(text, value);
  }
  return value;
}

/**
 * The text of one top-level entry of a YAML mapping: from the line `key:` at the start of a line up to the next line
 * that starts another top-level entry (any line starting with something other than a blank, `#` or a sequence's
 * `- `). Undefined when no line starts with `key:`. The YAML parser still reads the slice; this only spares it the
 * rest of the file.
 */
export function topLevelEntry(text: string, key: string): string | undefined {
  const start = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(?=[ \\t\\r\\n]|$)`, 'm').exec(text);
  if (!start) return undefined;
  // A `- ` line at the margin is the entry's own block sequence (compact form); `---` and `-x` are not.
  const next = /\n(?=[^\s#-]|-[^\s])/g;
  next.lastIndex = start.index + start[0].length;
  const end = next.exec(text);
  return text.slice(start.index, end ? end.index + 1 : text.length);
}

/**
 * The value of one top-level key of a YAML text (core schema, as {@link parseYamlValueOnce}), parsing only that
 * entry's lines when they stand apart ({@link topLevelEntry}), else the whole text. A pnpm lockfile of a real app is
 * mostly `snapshots:`, which the detectors never read. Rejects when the text read is not valid YAML.
 */
export async function yamlTopLevelValue(text: string, key: string): Promise<unknown> {
  const entry = topLevelEntry(text, key);
  if (entry !== undefined) {
    try {
      const value = await parseYamlValueOnce(entry);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && key in value) return (value as Record<string, unknown>)[key];
    } catch {
      // not a slice that stands alone (a flow mapping over several lines): the whole text decides
    }
  }
  const whole = await parseYamlValueOnce(text);
  return whole !== null && typeof whole === 'object' && !Array.isArray(whole) ? (whole as Record<string, unknown>)[key] : undefined;
}
