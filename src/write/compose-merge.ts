import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { buildTarget, matchServices, type ServiceMap } from './compose-match.js';
import { renameServices } from './compose-rename.js';
import { dropClashingPorts } from './compose-ports.js';

/** The outcome of merging the generated compose file into one the user wrote. */
export interface ComposeMerge {
  /** Their file with our services, keys and volumes added; their keys, values, order and comments kept. */
  text: string;
  /** Dotted paths we added (`services.migrate`, `services.app.read_only`). */
  added: string[];
  /** Dotted paths where their value differs from ours: reported, never overwritten (`services.app.ports`) unless forced. */
  differing: string[];
  /** With `force` (--force): dotted paths where their value differed from ours and ours was taken. */
  forced: string[];
  /** Dotted paths still as we last generated them, now set to the new generation's value (re-runs only). */
  updated: string[];
  /** Dotted paths still as we last generated them that the new generation no longer has, taken out (re-runs only). */
  removed: string[];
  /** Our service name -> the name of theirs it was merged into (`postgres` -> `db`); recorded in the state file. */
  renames: Record<string, string>;
  /**
   * One line each: a service added beside one of theirs of the same kind, a host port left unpublished, a database
   * credential left to their env_file or secret file.
   */
  warnings: string[];
}

/** What an earlier run left: the generation merged last time and the matches it made. */
export interface ComposeHistory {
  /** Our pure generation of the last run: with it, a value still as we generated it takes the new one. */
  base?: string;
  /** Our service name -> theirs, from the state file. */
  recorded?: Record<string, string>;
  /** The project folder's name: their service running an image of that name is the app when none builds it. */
  projectName?: string;
  /** --force: where a key of theirs holds another value than ours, ours is taken (not a service's image; their other keys and services stay). */
  force?: boolean;
}

type Out = Pick<ComposeMerge, 'added' | 'differing' | 'forced' | 'updated' | 'removed'> & { force: boolean };

// The top-level sections merged key by key; any other top-level key of theirs is left alone.
const SECTIONS = ['services', 'volumes'];

const plain = (v: unknown): unknown => (isScalar(v) || isSeq(v) || isMap(v) ? v.toJSON() : v);
// Compose reads `PORT: 3000` and `PORT: "3000"` alike.
const norm = (v: unknown): string => JSON.stringify(typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
const same = (a: unknown, b: unknown): boolean => norm(plain(a)) === norm(plain(b));

/** `build: .` and `build: {context: ., dockerfile: Dockerfile}` build the same thing. */
function sameBuild(a: unknown, b: unknown): boolean {
  const x = buildTarget(plain(a));
  const y = buildTarget(plain(b));
  return x !== undefined && y !== undefined && x.context === y.context && x.dockerfile === y.dockerfile;
}

/** `environment:` in their `NAME=value` list form, with ours (a mapping) merged in as list items and our dropped ones taken out. */
function mergeEnvList(theirs: YAMLSeq, ours: YAMLMap, base: unknown, at: string, out: Out): void {
  const baseEnv = isMap(base) ? (base.toJSON() as Record<string, unknown>) : {};
  const index = (name: string): number => theirs.items.findIndex((i) => isScalar(i) && (String(i.value) === name || String(i.value).startsWith(`${name}=`)));
  // A pass-through entry of ours (`NAME:`, no value) is `NAME` in a list: `NAME=` would set it to an empty string.
  const entry = (name: string, v: unknown): string => (v === null || v === undefined ? name : `${name}=${String(v)}`);
  for (const pair of ours.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const value = String(plain(pair.value) ?? '');
    const i = index(name);
    const path = `${at}.${name}`;
    if (i < 0) {
      if (Object.hasOwn(baseEnv, name)) continue;
      theirs.add(entry(name, plain(pair.value)));
      out.added.push(path);
      continue;
    }
    const item = theirs.items[i] as { value: unknown };
    const theirValue = String(item.value).slice(name.length + 1);
    if (theirValue === value) continue;
    if (Object.hasOwn(baseEnv, name) && theirValue === String(baseEnv[name] ?? '')) {
      item.value = entry(name, plain(pair.value));
      out.updated.push(path);
    } else if (out.force) {
      item.value = entry(name, plain(pair.value));
      out.forced.push(path);
    } else out.differing.push(path);
  }
  // As in a mapping: a variable we no longer generate goes while their entry is still as we left it.
  for (const [name, was] of Object.entries(baseEnv)) {
    if (ours.has(name)) continue;
    const i = theirs.items.findIndex((item) => isScalar(item) && String(item.value) === entry(name, was));
    if (i < 0) continue;
    theirs.items.splice(i, 1);
    out.removed.push(`${at}.${name}`);
  }
}

/**
 * Adds what `ours` has and `theirs` lacks, recursing into mappings. A scalar or list that differs is theirs and
 * reported, unless it is still what we generated last time (`base`): then it takes our new value. A key they
 * took out of what we generated stays out; one we no longer generate is taken out while still as we left it.
 */
function mergeMap(theirs: YAMLMap, ours: YAMLMap, base: YAMLMap | undefined, at: string, out: Out, doc: Document): void {
  for (const pair of ours.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const path = `${at}.${key}`;
    let mine = theirs.get(key, true) as Node | undefined;
    if (key === 'depends_on' && isSeq(mine) && isMap(pair.value)) {
      const listed = mine.items.map((i) => String(isScalar(i) ? i.value : i));
      const wanted = pair.value.toJSON() as Record<string, unknown>;
      // Their list names no condition: it becomes the mapping, with our condition where we wait for the same service
      // (a database healthy, not merely started) and "started" (what the list meant) for the others.
      if (Object.keys(wanted).some((n) => !listed.includes(n) || JSON.stringify(wanted[n]) !== JSON.stringify({ condition: 'service_started' }))) {
        theirs.set(key, doc.createNode(Object.fromEntries(listed.map((n) => [n, Object.hasOwn(wanted, n) ? wanted[n] : { condition: 'service_started' }]))));
        mine = theirs.get(key, true) as Node;
      }
    }
    const was = base?.get(key, true);
    if (key === 'build' && /^services\.[^.]+$/.test(at) && mine !== undefined && sameBuild(mine, pair.value)) continue;
    if (key === 'environment' && isSeq(mine) && isMap(pair.value)) {
      mergeEnvList(mine, pair.value, was, path, out);
    } else if (mine === undefined) {
      if (was !== undefined) continue;
      // The pair itself, so the comment and blank line above our key come along.
      theirs.items.push(pair);
      out.added.push(path);
    } else if (isMap(mine) && isMap(pair.value)) {
      mergeMap(mine, pair.value, isMap(was) ? was : undefined, path, out, doc);
    } else if (!same(mine, pair.value)) {
      if (was !== undefined && same(mine, was)) {
        theirs.set(key, pair.value);
        out.updated.push(path);
      } else if (out.force && !(key === 'image' && /^services\.[^.]+$/.test(at))) {
        // A service's image stays theirs even then: their database's major version decides its data format.
        theirs.set(key, pair.value);
        out.forced.push(path);
      } else out.differing.push(path);
    }
  }
  for (const pair of base?.items ?? []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (ours.has(key) || !theirs.has(key) || !same(theirs.get(key, true), pair.value)) continue;
    theirs.delete(key);
    out.removed.push(`${at}.${key}`);
  }
}

/** Our named volumes no service mounts once merged (their db keeps its own volume): not declared. */
function dropUnused(volumes: YAMLMap, theirs: Document): void {
  const services = (theirs.toJSON() as { services?: Record<string, { volumes?: unknown[] } | null> } | null)?.services ?? {};
  const used = new Set<string>();
  for (const svc of Object.values(services)) {
    for (const v of Array.isArray(svc?.volumes) ? svc.volumes : []) {
      used.add(typeof v === 'string' ? v.split(':')[0]! : String((v as { source?: unknown } | null)?.source ?? ''));
    }
  }
  volumes.items = volumes.items.filter((p) => used.has(String(isScalar(p.key) ? p.key.value : p.key)));
}

/** Our generation with our services renamed to theirs and the host ports they publish left out. */
function adapted(text: string, renames: Record<string, string>, theirServices: ServiceMap): { doc: Document; warnings: string[] } {
  const doc = parseDocument(text);
  const notes = renameServices(doc, renames, theirServices);
  return { doc, warnings: [...notes, ...dropClashingPorts(doc, theirServices)] };
}

/**
 * Merges our generated compose file into a hand-written one with the yaml Document API. Their services that stand
 * for ours ({@link matchServices}: `db` for our postgres, `web` building the project for our app) take our keys
 * under their name, and our references follow (depends_on, host names in URLs, their database credentials). Their
 * services, keys, values and comments stay; our services, missing keys (recursively: an environment variable they
 * lack is added, in their list form when they use it) and named volumes are added; where they set a key
 * differently, theirs is kept and the path reported. With `history.base` (a re-run), a value still as we last
 * generated it takes the new one; with `history.force` (--force) every value of ours replaces theirs where they differ,
 * and their file is still never replaced wholesale. Throws a one-line error when their file is not a YAML mapping.
 */
export function mergeComposeInto(file: string, theirsText: string, oursText: string, history: ComposeHistory = {}): ComposeMerge {
  const theirs = parseDocument(theirsText, { uniqueKeys: true });
  if (theirs.errors.length > 0 || !isMap(theirs.contents)) {
    throw new Error(`${file}: not a YAML mapping (${theirs.errors[0]?.message.split('\n')[0] ?? 'empty or a list'}); make it a mapping with services:`);
  }
  const theirServices = (isMap(theirs.get('services', true)) ? (theirs.get('services', true) as YAMLMap).toJSON() : {}) as ServiceMap;
  const ourServices = (parseDocument(oursText).toJSON() as { services?: ServiceMap } | null)?.services ?? {};
  const { renames, clashes } = matchServices(ourServices, theirServices, history.recorded, history.projectName);
  const ours = adapted(oursText, renames, theirServices);
  const base = history.base === undefined ? undefined : adapted(history.base, renames, theirServices).doc;
  const out: Out = { added: [], differing: [], forced: [], updated: [], removed: [], force: history.force === true };
  for (const section of SECTIONS) {
    const mine = ours.doc.get(section, true);
    if (section === 'volumes' && isMap(mine)) dropUnused(mine, theirs);
    if (!isMap(mine) || mine.items.length === 0) continue;
    const have = theirs.get(section, true);
    const was = base?.get(section, true);
    if (have === undefined || have === null || (isScalar(have) && have.value === null)) {
      if (was !== undefined) continue;
      theirs.set(section, mine);
      out.added.push(section);
    } else if (isMap(have)) {
      mergeMap(have, mine, isMap(was) ? was : undefined, section, out, theirs);
    } else {
      out.differing.push(section);
    }
  }
  const changed = out.added.length + out.updated.length + out.removed.length + out.forced.length > 0;
  const { force: _force, ...report } = out;
  // Nothing to change: their bytes stay exactly as they are (the printer would restyle flow lists).
  return { text: changed ? theirs.toString({ lineWidth: 0, flowCollectionPadding: false }) : theirsText, ...report, renames, warnings: [...clashes, ...ours.warnings] };
}
