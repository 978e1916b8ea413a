import type { gunzipSync } from 'node:zlib';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { Answers } from '../plan/answers.js';
import { UserError } from '../errors.js';
import { readOwnFile } from '../fs/read-own.js';
import { ANSWER_KEYS, answersFromYaml, answersToYaml } from './answers-codec.js';
import { parseAppsSnapshot, parseSnapshot, type AppsSnapshot, type Snapshot } from './changes.js';
import { contentHash } from '../fs/content-hash.js';
import { zlib } from '../fs/lazy-builtins.js';

/** The saved-answers file at the project root. One format for every stack. */
export const STATE_FILE = '.create-dockerfile.yml';

/** What a previous run left behind: the user's answers, the last detection and the hashes of what it generated. */
export interface SavedState {
  answers: Answers;
  /** The last detection, only used to say what changed; editing it changes nothing. */
  detected: Snapshot | null;
  /** The same for each app of a workspace run (`--workspace all`), by app folder; null for a one-app run. */
  detectedApps: Record<string, Snapshot> | null;
  /** Generated file path -> `sha256:<hex>` of the text last generated for it (before any merge with user edits). */
  files: Record<string, string>;
  /**
   * Merge bases carried in the file itself: path -> the text last generated for it. Teammates' clones and CI need
   * them to merge the edits a user makes after generating. Decoded when first read.
   */
  bases: Record<string, string>;
  /**
   * Compose files of the user's that ours was merged into structurally: path -> our service name -> the name of
   * their service it was merged into (`postgres: db`); an empty mapping when every name is ours.
   */
  merged: Record<string, Record<string, string>>;
  /** The base64 text of each carried base as read, reused while its content is unchanged (gzip bytes differ by platform). */
  encodedBases: Record<string, string>;
  /** The parsed document, kept so that a rewrite preserves the user's comments. */
  doc: Document;
  /** The file's text as read. */
  text: string;
}

const HEADER = `# create-dockerfile: saved answers and the record of the last generation.
${commentParagraph('# answers:  ', `what you chose, by flag or prompt. Edit freely; a re-run uses them without asking, flags given on a re-run update them, --reset forgets them. Keys: ${ANSWER_KEYS.join(', ')}.`)}
# detected: the last detection, used to report what changed. files: sha256 of each file as last generated, used
#           to tell your edits from the generator's and merge them. bases: the same texts (gzip, base64), the base
#           of the next three-way merge with your edits (README: "Re-running and --check"). merged: compose files
#           you wrote that ours is merged into, and which of your services stands for which of ours (postgres: db).
`;

/** A header paragraph: `lead` then the words, wrapped at 116 columns under the lead's indent. */
function commentParagraph(lead: string, text: string): string {
  const indent = `#${' '.repeat(lead.length - 1)}`;
  const lines: string[] = [];
  let line = lead;
  for (const word of text.split(' ')) {
    const fresh = line === lead || line === indent;
    if (!fresh && line.length + 1 + word.length > 116) {
      lines.push(line);
      line = indent + word;
    } else line = fresh ? line + word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

const HASH = /^sha256:[0-9a-f]{64}$/;

/** Reads the saved state of `root`, or null when there is none. A malformed file is a one-line error. */
export async function readState(root: string): Promise<SavedState | null> {
  const text = await readOwnFile(root, STATE_FILE, 'the saved-answers file');
  if (text === null) return null;
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    const at = `:${pos.line}:${pos.col}`;
    throw new UserError(`${STATE_FILE}${at}: not valid YAML (${first.message.split('\n')[0]}); fix it, or delete the file to start over`);
  }
  let data: Record<string, unknown>;
  try {
    data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  } catch (err) {
    // An alias bomb (aliases of aliases) stops here rather than expanding.
    throw new UserError(`${STATE_FILE}: cannot read it (${String((err as Error).message).split('\n')[0]}); fix it, or delete the file to start over`);
  }
  if (typeof data !== 'object' || Array.isArray(data)) throw new UserError(`${STATE_FILE}: expected a mapping with answers, detected and files; fix it or delete the file`);
  for (const key of Object.keys(data)) {
    if (!['version', 'answers', 'detected', 'files', 'bases', 'merged'].includes(key)) throw new UserError(`${STATE_FILE}: unknown key "${key}"; keep only version, answers, detected, files, bases and merged`);
  }
  if (data.version !== undefined && data.version !== 1) throw new UserError(`${STATE_FILE}: version ${String(data.version)} is not supported by this create-dockerfile; upgrade it, or delete the file`);
  const files: Record<string, string> = {};
  const rawFiles = data.files ?? {};
  if (typeof rawFiles !== 'object' || rawFiles === null || Array.isArray(rawFiles)) throw new UserError(`${STATE_FILE}: files must map file names to sha256 hashes; fix it or delete that section`);
  for (const [file, hash] of Object.entries(rawFiles)) {
    if (typeof hash !== 'string' || !HASH.test(hash)) throw new UserError(`${STATE_FILE}: files.${file} is not a sha256:<hex> hash; delete that line (the file then counts as yours)`);
    files[file] = hash;
  }
  const detected = parseSnapshot(data.detected);
  const detectedApps = parseAppsSnapshot(data.detected);
  // Decoded on first read: only a merge with the user's edits and a rewrite of this file need the bases, and
  // decoding them (zlib, a hash of each) is most of what reading the file costs; `--check` of files left as
  // generated never reads them. A base that does not decode is ignored either way, so reading later loses nothing.
  let bases: Record<string, string> | undefined;
  let encodedBases: Record<string, string> | undefined;
  const decoded = (): Record<string, string> => (bases ??= decodeBases(data.bases, files));
  return {
    answers: answersFromYaml(data.answers), detected, detectedApps, files, merged: readMerged(data.merged), doc, text,
    get bases() {
      return decoded();
    },
    get encodedBases() {
      return (encodedBases ??= Object.fromEntries(Object.keys(decoded()).map((f) => [f, (data.bases as Record<string, string>)[f]!])));
    },
  };
}

/**
 * The saved state with another last detection (one app's of a `--workspace all` run). A copy that keeps the lazy
 * `bases` and `encodedBases` of {@link readState}: a spread would read them, decoding every carried merge base.
 */
export function withDetected(state: SavedState, detected: Snapshot | null): SavedState {
  const copy = Object.create(Object.getPrototypeOf(state) as object) as SavedState;
  return Object.defineProperties(copy, { ...Object.getOwnPropertyDescriptors(state), detected: { value: detected, enumerable: true } });
}

/** `merged:` as path -> our service -> theirs; a malformed entry is a one-line error. */
function readMerged(raw: unknown): Record<string, Record<string, string>> {
  if (raw === undefined || raw === null) return {};
  const bad = (at: string): UserError => new UserError(`${STATE_FILE}: ${at} must map our service names to yours (postgres: db); fix it or delete that section`);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw bad('merged');
  const out: Record<string, Record<string, string>> = {};
  for (const [file, names] of Object.entries(raw as Record<string, unknown>)) {
    if (names === null) {
      out[file] = {};
      continue;
    }
    if (typeof names !== 'object' || Array.isArray(names) || Object.values(names).some((v) => typeof v !== 'string')) throw bad(`merged.${file}`);
    out[file] = { ...(names as Record<string, string>) };
  }
  return out;
}

/**
 * The new text of the state file. With a previous document, values are updated in place so the user's comments
 * and key order survive; otherwise a fresh file with the explanatory header.
 */
export function stateText(previous: SavedState | null, answers: Answers, detected: Snapshot | AppsSnapshot, files: Record<string, string>, bases: Record<string, string> = {}, merged: Record<string, Record<string, string>> = {}): string {
  // A previous file that is not a mapping (empty, say) is replaced by a fresh one with the header.
  const doc = previous && isMap(previous.doc.contents) ? previous.doc.clone() : parseDocument(`${HEADER}version: 1\n`);
  doc.set('version', 1);
  const yamlAnswers = answersToYaml(answers);
  const current = doc.get('answers');
  if (isMap(current)) {
    for (const item of [...current.items]) {
      const key = String((item.key as { value?: unknown })?.value ?? item.key);
      if (!(key in yamlAnswers)) current.delete(key);
    }
    for (const [k, v] of Object.entries(yamlAnswers)) {
      if (JSON.stringify(current.toJSON()[k]) !== JSON.stringify(v)) current.set(k, doc.createNode(v));
    }
    // `answers: {}` from a first run without answers would otherwise stay in flow style once filled.
    if (current.items.length > 0) current.flow = false;
  } else {
    doc.set('answers', doc.createNode(yamlAnswers));
  }
  doc.set('detected', doc.createNode(detected));
  doc.set('files', doc.createNode(files));
  if (Object.keys(merged).length === 0) doc.delete('merged');
  else doc.set('merged', doc.createNode(merged));
  setBases(doc, bases, previous);
  return withEol(previous, doc.toString({ lineWidth: 0 }));
}

// A CRLF checkout of the file stays CRLF.
function withEol(previous: SavedState | null, text: string): string {
  return previous?.text.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

function setBases(doc: Document, bases: Record<string, string>, previous: SavedState | null): void {
  const encode = (file: string, text: string): string => (previous?.bases[file] === text && previous.encodedBases[file]
    ? previous.encodedBases[file]
    : zlib().gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64'));
  const encoded = Object.fromEntries(Object.entries(bases).map(([file, text]) => [file, encode(file, text)]));
  if (Object.keys(encoded).length === 0) doc.delete('bases');
  else doc.set('bases', doc.createNode(encoded));
}

/** Most bytes all carried bases may decode to together (a generated file is a few KB). */
const MAX_BASES_BYTES = 8 * 1024 * 1024;

// A base that does not decode or does not match its file's hash is ignored: the merge then looks elsewhere. Only
// bases of files the state records are decoded, within one total budget, so a crafted state file cannot make us
// gunzip any number of bombs under any names.
/** Decodes the carried bases (exported with `gunzip` injectable so tests can count what is inflated). */
export function decodeBases(raw: unknown, files: Record<string, string>, gunzip: typeof gunzipSync = (...args) => zlib().gunzipSync(...args)): Record<string, string> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  let budget = MAX_BASES_BYTES;
  for (const [file, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'string' || !Object.hasOwn(files, file) || budget <= 0) continue;
    try {
      const text = gunzip(Buffer.from(value, 'base64'), { maxOutputLength: Math.min(4 * 1024 * 1024, budget) }).toString('utf8');
      budget -= text.length;
      if (files[file] === contentHash(text)) out[file] = text;
    } catch {
      // corrupt: ignored
    }
  }
  return out;
}
