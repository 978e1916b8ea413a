import { createProjectFs, type ProjectFs } from '../fs/project-fs.js';
import { findWorkspaceRoot } from '../fs/workspace-root.js';
import type { SavedState } from '../state/state-file.js';
import { detectStack, type Detection } from '../plan/detect.js';
import type { Answers } from '../plan/answers.js';
import type { Plan } from '../plan/types.js';
import type { ConflictPolicy, PlannedFile } from '../write/status.js';
import { auditGeneration, generationOf, loadAnswers, planFor, stateFile, writeGeneration, type Generation, type Planned } from './generation.js';
import { planEveryApp } from './every-app.js';
import { EVERY_APP } from '../plan/apps.js';
import type { WorkspaceListing } from '../../detectors/types.js';
import type { Finding } from '../audit/types.js';
import type { WriteOps } from '../write/write-set.js';

export type { Generation } from './generation.js';
export type { ConflictPolicy, PlannedFile } from '../write/status.js';
export { STATE_FILE } from '../state/state-file.js';
export { unifiedDiff } from '../write/diff.js';

/** What the user may write for a conflicting file: their file, the generated one, or the merge with markers. */
export type ConflictChoice = 'keep' | 'generated' | 'markers';

/**
 * The questions a run may ask (the interactive UI); a batch run passes none and keeps what flags, saved answers
 * and detection decided. Each hook returns its decisions; the pipeline applies them.
 */
export interface Asker {
  /** Several stacks match and none was chosen: which one (undefined keeps the strongest). */
  stack(detection: Detection): Promise<string | undefined>;
  /** A workspace root with several apps and none chosen: which one (its folder), or `all` for every app. */
  workspace(apps: WorkspaceListing['apps']): Promise<string>;
  /**
   * The answers to use, given what was detected with the answers so far: ask only what is still open (`reuse`: the
   * saved answers stand, only new entry points are asked about).
   */
  answers(plan: Plan, answers: Answers, context: { detection: Detection; reuse: boolean; changes: string[]; newEntries: string[]; everyApp?: Plan[] }): Promise<Answers>;
  /** What to write for each conflicting file, by path (a file left out is reported as a conflict). */
  conflicts(files: PlannedFile[]): Promise<Record<string, ConflictChoice>>;
}

/** One run's request, from the command line. */
export interface RunRequest {
  cwd: string;
  /** Answers given by flags. */
  answers: Answers;
  /** Forget the saved answers. */
  reset: boolean;
  onConflict: ConflictPolicy;
  /** Told each project file skipped for safety (a link leaving the project, a FIFO), even when the run then fails. */
  warn?: (line: string) => void;
}

/** Everything decided before writing: each file's status and the saved-state file this run leaves. */
export interface Prepared {
  gen: Generation;
  /** The saved-state file, as a planned file (reported last). */
  saved: PlannedFile;
  /** Files still in conflict (nothing may be written while there are any). */
  conflicts: PlannedFile[];
  /** Files where the user's edits and the new generation merged cleanly. */
  merged: PlannedFile[];
}

/**
 * saved state -> answers (flags over saved, then the asker's) -> detection, once -> plan -> outputs -> statuses
 * (-> the asker's conflict choices) -> the saved-state record. Writes nothing: {@link write} does.
 */
export async function prepare(asked: RunRequest, asker?: Asker): Promise<Prepared> {
  // Run inside a workspace member: the project is the workspace root, and the member is the --workspace answer.
  const ws = await findWorkspaceRoot(asked.cwd);
  const req = ws ? { ...asked, cwd: ws.root, answers: { ...asked.answers, workspace: asked.answers.workspace ?? ws.member } } : asked;
  const { state, answers: loaded } = await loadAnswers(req.cwd, req.answers, req.reset);
  const fs = createProjectFs(req.cwd);
  try {
    return await prepareWith(fs, req, state, loaded, asker);
  } finally {
    // Said even when detection fails: a skipped manifest is often why.
    for (const w of fs.warnings) req.warn?.(w);
  }
}

async function prepareWith(fs: ProjectFs, req: RunRequest, state: SavedState | null, loaded: Answers, asker?: Asker): Promise<Prepared> {
  let answers: Answers = { ...loaded };
  let detection = await detectStack(fs, answers);
  const reuse = state !== null && !req.reset;
  if (asker && !reuse && answers.stack === undefined && detection.candidates.length > 1) {
    const stack = await asker.stack(detection);
    if (stack !== undefined && stack !== detection.detector.id) {
      answers = { ...answers, stack };
      detection = await detectStack(fs, answers);
    } else if (stack !== undefined) answers = { ...answers, stack };
  }
  if (asker && answers.workspace === undefined && detection.detector.workspaceApps) {
    const listing = await detection.detector.workspaceApps(fs);
    if (listing.mustChoose) answers = { ...answers, workspace: await asker.workspace(listing.apps) };
  }
  // Every app of a workspace: each planned as its own --workspace run; only the questions that hold for every app
  // at once (the table's everyApp rows: compose, Kubernetes, Swarm, CI) are asked, one app's stay its detection.
  if (answers.workspace === EVERY_APP) {
    let every = await planEveryApp(fs, state, answers, detection);
    if (asker) {
      const asked = await asker.answers(every.plan, answers, { detection, reuse, changes: every.changes, newEntries: every.newEntries, everyApp: every.apps!.map((a) => a.plan) });
      if (JSON.stringify(asked) !== JSON.stringify(answers)) every = await planEveryApp(fs, state, asked, detection);
      answers = asked;
    }
    return finish(req, state, answers, every, asker);
  }
  let planned = await planFor(fs, state, answers, detection);
  if (asker) {
    const asked = await asker.answers(planned.plan, answers, { detection: planned.detection, reuse, changes: planned.changes, newEntries: planned.newEntries });
    if (JSON.stringify(asked) !== JSON.stringify(answers)) planned = await planFor(fs, state, asked, detection);
    answers = asked;
  }
  return finish(req, state, answers, planned, asker);
}

/** Renders the planned files, computes their statuses (asking about conflicts) and defers the saved-state record. */
async function finish(req: RunRequest, state: SavedState | null, answers: Answers, planned: Planned, asker?: Asker): Promise<Prepared> {
  let gen = await generationOf(req.cwd, state, answers, planned, req.onConflict);
  const merged = gen.files.filter((f) => f.status === 'merge');
  if (asker && gen.files.some((f) => f.status === 'conflict')) {
    gen = { ...gen, files: applyChoices(gen.files, await asker.conflicts(gen.files.filter((f) => f.status === 'conflict'))) };
  }
  // The state file's text (YAML of the plan, gzip of every file as its merge base) is made on first use: `--check`
  // never looks at it.
  let saved: PlannedFile | undefined;
  return {
    gen,
    get saved() {
      return (saved ??= stateFile(gen));
    },
    conflicts: gen.files.filter((f) => f.status === 'conflict'),
    merged,
  };
}

/** The statuses after the user's choices: kept files become `kept`, taken ones `update`, marked ones `merge`. */
export function applyChoices(files: PlannedFile[], choices: Record<string, ConflictChoice>): PlannedFile[] {
  return files.map((f) => {
    const choice = f.status === 'conflict' ? choices[f.path] : undefined;
    if (choice === 'keep' && f.current !== null) return { ...f, status: 'kept', text: f.current };
    if (choice === 'generated') return { ...f, status: 'update', text: f.generated };
    if (choice === 'markers' && f.withMarkers) return { ...f, status: 'merge', text: f.withMarkers };
    return f;
  });
}

/** Writes every file the statuses call for and the saved state, all or nothing; `ops` only in tests. */
export async function write(prepared: Prepared, ops?: WriteOps): Promise<void> {
  if (prepared.conflicts.length > 0) throw new Error('pipeline: write called with conflicts left');
  await writeGeneration(prepared.gen, prepared.saved, ops);
}

/** The audit of the files as they stand after this run, with a one-line summary. */
export async function audit(prepared: Prepared): Promise<{ findings: Finding[]; summary: string }> {
  return auditGeneration(prepared.gen);
}
