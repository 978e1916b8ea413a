import path from 'node:path';
import type { FileStatus } from '../plan/types.js';
import type { GeneratedFile } from '../render/render.js';
import { readOwnFile } from '../fs/read-own.js';
import { contentHash } from '../fs/content-hash.js';
import type { MergeConflict } from './merge.js';
import type { ComposeHistory } from './compose-merge.js';

/**
 * A generated file with what writing it would do. `text` is what would be written (the new generation, or
 * its merge with the user's edits); `generated` is the pure new generation, whose hash the saved file records.
 */
export interface PlannedFile extends GeneratedFile {
  status: FileStatus;
  current: string | null;
  generated: string;
  /** Why a file is a conflict, for the one-line report. */
  reason?: string;
  /** Overlapping edits, when a three-way merge was tried. */
  conflicts?: MergeConflict[];
  /** The merge with conflict markers, offered interactively. */
  withMarkers?: string;
  /** A compose file of theirs merged structurally: our service name -> the name of theirs it stands for. */
  renames?: Record<string, string>;
  /** One line each, printed as warnings: what the merge could not reconcile (a service added beside a look-alike). */
  warnings?: string[];
}

/** What a conflict becomes: reported, replaced by the generated file (--force), or kept as the user's (--keep). */
export type ConflictPolicy = 'report' | 'generated' | 'keep';

/** What the status computation knows of earlier runs. */
export interface History {
  /** Path -> hash of the text last generated for it (from the saved file); null without a saved file. */
  lastHashes: Record<string, string> | null;
  /** Finds the text last generated for a file by its hash (the merge base). */
  findBase: (file: string, hash: string) => Promise<string | null>;
  /** Compose files of theirs merged structurally before: path -> our service name -> theirs (the state file's `merged`). */
  merged?: Record<string, Record<string, string>>;
}

/** The names compose reads; the generated compose file may be any of them (src/write/compose-name.ts). */
const COMPOSE_FILE = /^(docker-)?compose\.ya?ml$/;

const NO_HISTORY: History = { lastHashes: null, findBase: async () => null };

/**
 * Decides, for each generated file, what writing would do. Nothing is written here.
 * - no file: `create`; same text: `identical`;
 * - a file still as last generated: `update` (no user edit can be lost);
 * - a file the user edited: three-way merge with the last generation as base: `merge` (edits kept), `kept`
 *   (edits, and nothing new to apply) or `conflict` (overlapping edits);
 * - a compose file with no record of being generated: ours merged into it structurally (`merge`; src/write/compose-merge.ts);
 * - any other file with no record of being generated: `conflict`.
 * `onConflict` = `generated` (--force) turns every conflict into an `update` with the new generation, except in a
 * compose file of theirs, which is merged into with our values taken where theirs differ (never replaced); `keep`
 * (--keep) into `kept`: the user's file stays as it is and the new generation becomes its merge base.
 */
export async function fileStatuses(root: string, files: GeneratedFile[], onConflict: ConflictPolicy, history: History = NO_HISTORY): Promise<PlannedFile[]> {
  return Promise.all(files.map(async (f) => {
    const raw = await readCurrent(root, f.path);
    const planned: PlannedFile = { ...f, generated: f.text, status: 'create', current: raw };
    if (raw === null) return planned;
    // A CRLF checkout (git autocrlf) is compared and merged as LF, and written back with CRLF.
    const crlf = raw.includes('\r\n');
    const current = crlf ? raw.replace(/\r\n/g, '\n') : raw;
    const eol = (t: string): string => (crlf ? t.replace(/\r?\n/g, '\r\n') : t);
    if (current === f.text) return { ...planned, status: 'identical' };
    if (f.extendsExisting) return { ...planned, status: 'merge', text: eol(f.text) };
    const last = history.lastHashes?.[f.path];
    const update = (): PlannedFile => ({ ...planned, status: 'update', text: eol(f.text) });
    if (hasConflictBlock(current)) {
      if (onConflict === 'generated') return update();
      return { ...planned, status: 'conflict', reason: 'still holds conflict markers (<<<<<<< ======= >>>>>>>) from an earlier merge; resolve them, then re-run with --keep' };
    }
    const conflict = (reason: string, extra: Partial<PlannedFile> = {}): PlannedFile => {
      if (onConflict === 'generated') return update();
      if (onConflict === 'keep') return { ...planned, status: 'kept', text: raw };
      return { ...planned, ...extra, status: 'conflict', reason };
    };
    const recorded = history.merged?.[f.path];
    // --force merges too: a compose file of theirs is never replaced wholesale, ours only wins where keys differ.
    if (COMPOSE_FILE.test(f.path) && ((last === undefined && onConflict !== 'keep') || (last !== undefined && recorded !== undefined))) {
      // A hand-written compose file: ours is merged into it structurally, on later runs too (the state records that
      // and which of their services stand for ours), with our last pure generation as the base of a three-way merge.
      const base = last === undefined ? null : contentHash(f.text) === last ? f.text : await history.findBase(f.path, last);
      try {
        const projectName = path.basename(path.resolve(root));
        return await structuralMerge(planned, current, f.text, { ...(base !== null ? { base } : {}), ...(recorded ? { recorded } : {}), projectName, force: onConflict === 'generated' }, eol);
      } catch (err) {
        const reason = (err as Error).message.replace(/^[^:]*: /, '');
        if (onConflict === 'keep') return { ...planned, status: 'kept', text: raw };
        // Not even --force replaces a compose file of theirs that cannot be merged into: it may hold anything.
        return { ...planned, status: 'conflict', reason: onConflict === 'generated' ? `${reason} (--force merges into a compose file of yours, never replaces it)` : reason };
      }
    }
    if (last !== undefined && contentHash(current) === last) return update();
    if (last !== undefined && contentHash(f.text) === last) return { ...planned, status: 'kept', text: raw };
    if (last === undefined) return conflict('exists and was not generated by create-dockerfile (no record in .create-dockerfile.yml)');
    const base = await history.findBase(f.path, last);
    if (base === null) return conflict('was edited, and the text it was generated from is not on this machine, so the edits cannot be merged');
    // The merge code loads only when a user's edit has to be merged.
    const { mergeThreeWay } = await import('./merge.js');
    const merged = mergeThreeWay(base, current, f.text);
    if (merged.clean) return { ...planned, status: merged.text === current ? 'kept' : 'merge', text: eol(merged.text) };
    const where = merged.conflicts.map((c) => (c.ours.length > 1 ? `${c.line}-${c.line + c.ours.length - 1}` : String(c.line))).join(', ');
    return conflict(`your edits at line${merged.conflicts.length > 1 || merged.conflicts[0]!.ours.length > 1 ? 's' : ''} ${where} overlap the new generation`, {
      conflicts: merged.conflicts,
      withMarkers: eol(merged.withMarkers),
    });
  }));
}

async function structuralMerge(planned: PlannedFile, current: string, text: string, history: ComposeHistory, eol: (t: string) => string): Promise<PlannedFile> {
  const { mergeComposeInto } = await import('./compose-merge.js');
  const m = mergeComposeInto(planned.path, current, text, history);
  const matched = Object.entries(m.renames).map(([ours, theirs]) => `${theirs} (our ${ours})`);
  const reason = [
    ...(matched.length > 0 ? [`ours merged into your ${matched.join(', ')}`] : []),
    ...(m.differing.length > 0 ? [`your values kept where ours differ: ${m.differing.join(', ')}`] : []),
    ...(m.forced.length > 0 ? [`ours taken where yours differed (--force): ${m.forced.join(', ')}`] : []),
  ].join('; ');
  return {
    ...planned,
    status: m.text === current ? 'kept' : 'merge',
    text: eol(m.text),
    renames: m.renames,
    ...(reason ? { reason } : {}),
    ...(m.warnings.length > 0 ? { warnings: m.warnings.map((w) => `${planned.path}: ${w}`) } : {}),
  };
}

// A full conflict block, in order: a lone ======= line (a heredoc, a Markdown underline) is no marker. One pass
// over the lines, so a file of many marker-like lines costs no backtracking.
function hasConflictBlock(text: string): boolean {
  const steps = [/^<{7}( |$)/, /^={7}$/, /^>{7}( |$)/];
  let step = 0;
  for (const line of text.split('\n')) {
    if (steps[step]!.test(line) && ++step === steps.length) return true;
  }
  return false;
}

async function readCurrent(root: string, file: string): Promise<string | null> {
  return readOwnFile(root, file, 'a file to write');
}
