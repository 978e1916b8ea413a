import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFs } from '../fs/project-fs.js';
import { buildPlan, type Detection } from '../plan/detect.js';
import type { Answers } from '../plan/answers.js';
import type { Plan } from '../plan/types.js';
import { render } from '../render/render.js';
import { renderApps } from '../render/render-apps.js';
import type { AppPlan } from '../plan/apps.js';
import { fileStatuses, type ConflictPolicy, type PlannedFile } from '../write/status.js';
import { writeAll, type WriteOps } from '../write/write-set.js';
import { ensureOutputDirs, removeDirs } from '../write/output-dirs.js';
import { extendOwnEnvExample } from '../write/env-example-extend.js';
import { composeFileName } from '../write/compose-name.js';
import { withoutUnusedServiceSecrets } from './unused-service-secrets.js';
import { readState, stateText, STATE_FILE, type SavedState } from '../state/state-file.js';
import { mergeAnswers } from '../state/answers-codec.js';
import { appsSnapshot, describeChanges, newEntries, snapshot } from '../state/changes.js';
import { findBase, storeBase } from '../state/bases.js';
import { contentHash } from '../fs/content-hash.js';
import type { Finding } from '../audit/types.js';

/** Everything a run decided before writing: the plan, each file's status, the answers to save. */
export interface Generation {
  root: string;
  /** The plan: the only app's, or with `--workspace all` the first app's (see `apps`). */
  plan: Plan;
  /** `--workspace all`: every app, each with its own plan and compose service; absent for a one-app run. */
  apps?: AppPlan[];
  files: PlannedFile[];
  /** Answers to save: the saved ones updated by this run's flags and prompts. */
  answers: Answers;
  state: SavedState | null;
  /** What changed since the last run and why (empty on a first run). */
  changes: string[];
  /** Entry points the last run did not know (asked for interactively, reported otherwise). */
  newEntries: string[];
}

/** Reads the saved state and merges its answers with this run's (flags win; `reset` drops the saved ones). */
export async function loadAnswers(root: string, flags: Answers, reset: boolean): Promise<{ state: SavedState | null; answers: Answers }> {
  const state = await readState(root);
  return { state, answers: mergeAnswers(state?.answers ?? {}, flags, reset) };
}

/** The plan of one run and what it means against the last run. */
export interface Planned {
  plan: Plan;
  /** `--workspace all`: every app's plan (`plan` is the first's); absent for a one-app run. */
  apps?: AppPlan[];
  detection: Detection;
  /** What changed since the last run and why (empty on a first run). */
  changes: string[];
  /** Entry points the last run did not know. */
  newEntries: string[];
}

/**
 * Detects (unless `detection` is given) and plans. When the user never chose an entry point, the one built last
 * time stays built while it exists (new ones are reported), so a new cmd/ folder never silently switches it.
 */
export async function planFor(fs: ProjectFs, state: SavedState | null, answers: Answers, detection?: Detection): Promise<Planned> {
  let built = await buildPlan(fs, answers, undefined, detection);
  const prev = state?.detected ?? null;
  const fresh = newEntries(prev, built.plan);
  const { plan } = built;
  if (answers.main === undefined && prev?.entry && prev.stack === plan.stack && plan.entries && plan.entries.chosen !== prev.entry && plan.entries.all.includes(prev.entry)) {
    built = await buildPlan(fs, { ...answers, main: prev.entry }, undefined, built.detection);
  }
  return { plan: built.plan, detection: built.detection, changes: describeChanges(prev, built.plan), newEntries: fresh };
}

/** Renders the plan's outputs and computes every file's status against the disk and the saved state. */
export async function generationOf(root: string, state: SavedState | null, answers: Answers, planned: Planned, onConflict: ConflictPolicy): Promise<Generation> {
  const history = {
    lastHashes: state ? state.files : null,
    findBase: async (file: string, hash: string) => state?.bases[file] ?? findBase(root, file, hash),
    merged: state?.merged ?? {},
  };
  const statusesOf = async (plan: Plan) => {
    const rendered = planned.apps ? renderApps(planned.apps) : render(plan);
    return fileStatuses(root, await extendOwnEnvExample(root, await composeFileName(root, rendered)), onConflict, history);
  };
  let files = await statusesOf(planned.plan);
  // Their own database service kept its credentials: ours would be .env.example lines nobody reads.
  const lean = planned.apps ? null : withoutUnusedServiceSecrets(planned.plan, files);
  if (lean) files = await statusesOf(lean);
  return { root, plan: planned.plan, ...(planned.apps ? { apps: planned.apps } : {}), files, answers, state, changes: planned.changes, newEntries: planned.newEntries };
}

/**
 * Writes what the statuses call for and the saved state (`state`, from {@link stateFile}; only when its text
 * changes), all or nothing ({@link writeAll}): a failure leaves every file as it was. The merge bases are stored
 * first (content-addressed, outside the work tree: an extra one is harmless; a store that cannot be written is
 * skipped). Identical and kept files are not
 * touched, so their mtime stays.
 */
export async function writeGeneration(gen: Generation, state: PlannedFile, ops?: WriteOps): Promise<void> {
  const writes = gen.files.filter((f) => f.status === 'create' || f.status === 'update' || f.status === 'merge');
  // Best effort: the state file carries every base too, so a full or read-only store costs nothing but a lookup.
  for (const f of gen.files) if (f.status !== 'skip' && f.status !== 'conflict') await storeBase(gen.root, f.generated).catch(() => undefined);
  const set = writes.map((f) => ({ rel: f.path, text: f.text, expected: f.current }));
  if (state.status !== 'identical') set.push({ rel: STATE_FILE, text: state.text, expected: state.current });
  const made = await ensureOutputDirs(gen.root, set.map((f) => f.rel));
  try {
    await writeAll(gen.root, set, ops);
  } catch (err) {
    await removeDirs(made);
    throw err;
  }
}

/**
 * The saved-state file this run leaves, as a planned file (for the status lines and `--json`). A file left as it
 * was (skipped, or a reported conflict) keeps its old record; every other file records the new generation and
 * carries it as its merge base.
 */
export function stateFile(gen: Generation): PlannedFile {
  const current = gen.state?.text ?? null;
  // Without a saved file the status is `create` whatever the text says, so the text (the plan's YAML, a hash and a
  // gzip of every file) is made only when it is read: a write reads it, a dry run's status lines and --json do not.
  if (current === null) {
    let text: string | undefined;
    const made = (): string => (text ??= stateFileText(gen));
    return {
      path: STATE_FILE, current, status: 'create',
      get text() {
        return made();
      },
      get generated() {
        return made();
      },
    };
  }
  const text = stateFileText(gen);
  return { path: STATE_FILE, text, generated: text, current, status: current === text ? 'identical' : 'update' };
}

/** The text of the saved-state file this run leaves (see {@link stateFile}). */
function stateFileText(gen: Generation): string {
  const hashes: Record<string, string> = {};
  const bases: Record<string, string> = {};
  const merged: Record<string, Record<string, string>> = {};
  // A file generated earlier but not this run (compose switched off) keeps its record while it stays on disk.
  const now = new Set(gen.files.map((f) => f.path));
  for (const [file, hash] of Object.entries(gen.state?.files ?? {})) {
    if (now.has(file) || !existsSync(path.join(gen.root, file))) continue;
    hashes[file] = hash;
    const base = gen.state?.bases[file];
    if (base !== undefined) bases[file] = base;
    if (gen.state?.merged[file] !== undefined) merged[file] = gen.state.merged[file];
  }
  for (const f of gen.files) {
    if (f.status === 'skip' || f.status === 'conflict') {
      const old = gen.state?.files[f.path];
      if (old) hashes[f.path] = old;
      const base = gen.state?.bases[f.path];
      if (base !== undefined) bases[f.path] = base;
      const names = gen.state?.merged[f.path];
      if (names !== undefined) merged[f.path] = names;
    } else {
      if (f.renames !== undefined) merged[f.path] = f.renames;
      hashes[f.path] = contentHash(f.generated);
      // Carried for every file: the user may edit it after this run and merge on another clone.
      bases[f.path] = f.generated;
    }
  }
  const detected = gen.apps ? appsSnapshot(gen.apps.map((a) => a.plan)) : snapshot(gen.plan);
  return stateText(gen.state, gen.answers, detected, hashes, bases, merged);
}

/**
 * Audits the files as they stand after this run (a skipped or conflicting file as it is on disk) and returns the
 * findings with a one-line summary. A file the audit cannot read (the user's invalid YAML) is reported in the
 * summary and never changes the run's outcome.
 */
export async function auditGeneration(gen: Generation): Promise<{ findings: Finding[]; summary: string }> {
  const files = gen.files.flatMap((f) => {
    const text = f.status === 'skip' || f.status === 'conflict' ? f.current : f.text;
    return text === null ? [] : [{ path: f.path, text }];
  });
  // Loaded here, not at start-up: `--check` never audits, and the audit brings the Dockerfile parser along.
  const { auditFiles, auditSummary } = await import('../audit/audit.js');
  try {
    const findings = auditFiles(files);
    return { findings, summary: auditSummary(findings) };
  } catch (err) {
    return { findings: [], summary: `audit: not run (${(err as Error).message})` };
  }
}
