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
