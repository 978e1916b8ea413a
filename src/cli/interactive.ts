import * as clack from '@clack/prompts';
import { createProjectFs } from '../fs/project-fs.js';
import { detectStack } from '../plan/detect.js';
import type { PlannedFile } from '../write/status.js';
import { STATE_FILE } from '../state/state-file.js';
import { auditGeneration, generate, loadAnswers, stateFile, writeGeneration } from './regenerate.js';
import { unifiedDiff } from '../write/diff.js';
import type { Answers } from '../plan/answers.js';
import type { Plan } from '../plan/types.js';
import { ANSWERS, type Question } from '../answers/table.js';
import { DETECTORS } from '../../detectors/index.js';
import { EXIT } from '../errors.js';
import type { Options } from './options.js';
import { planSummary, statusLines } from './report.js';

/** The prompt library as the interactive run uses it; tests pass a scripted one. */
export type Ui = Pick<typeof clack, 'intro' | 'outro' | 'note' | 'cancel' | 'spinner' | 'log' | 'text' | 'select' | 'confirm' | 'multiselect'>;

class Cancelled extends Error {}

/** Unwraps a prompt answer; Ctrl-C / Escape ends the run with nothing written. */
function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (clack.isCancel(value) || typeof value === 'symbol') throw new Cancelled();
  return value as Exclude<T, symbol>;
}

/**
 * The terminal flow: detect, confirm or change each answer (flags already given are not asked again; on a re-run
 * the saved answers are used without asking), show what will be written, ask per conflicting file with its diff,
 * then write the files and the saved answers.
 */
export async function runInteractive(opts: Options, version: string, p: Ui = clack): Promise<number> {
  p.intro(`create-dockerfile ${version}`);
  try {
    const { state, answers: loaded } = await loadAnswers(opts.cwd, opts.answers, opts.reset);
    const reuse = state !== null && !opts.reset;
    const fs = createProjectFs(opts.cwd);
    const s = p.spinner();
    s.start('Inspecting the project');
    const detection = await detectStack(fs, loaded);
    s.stop(`Detected ${detection.detector.title}${detection.evidence ? `: ${detection.evidence.reason}` : ''}`);
    const answers: Answers = { ...loaded };
    if (!reuse && answers.stack === undefined && detection.candidates.length > 1) {
      answers.stack = answered(await p.select({
        message: 'Several stacks match. Which one should the image run?',
        options: detection.candidates.map((c) => ({ value: c.stack, label: DETECTORS.find((d) => d.id === c.stack)!.title, hint: c.reason })),
        initialValue: detection.detector.id,
      }));
    }
    let gen = await generate(opts.cwd, state, answers, opts.onConflict, fs);
    p.note(planSummary(gen.plan, gen.changes), reuse ? `Detected (answers saved in ${STATE_FILE}; --reset to be asked again)` : 'Detected');
    if (!reuse) await askAnswers(p, gen.plan, answers);
    else if (gen.newEntries.length > 0 && answers.main === undefined && gen.plan.entries) {
      answers.main = answered(await p.select({
        message: `New entry point${gen.newEntries.length > 1 ? 's' : ''} found (${gen.newEntries.join(', ')}). Which one should the image build?`,
        options: gen.plan.entries.all.map((e) => ({ value: e, label: e })),
        initialValue: gen.plan.entries.chosen,
      }));
    }
    gen = await generate(opts.cwd, state, answers, opts.onConflict, fs);
    await resolveFiles(p, gen.files);
    const saved = stateFile(gen);
    p.note(statusLines([...gen.files, saved], true), 'Files');
    if (opts.dryRun) {
      p.outro('Dry run: nothing written.');
      return EXIT.ok;
    }
    if (!answered(await p.confirm({ message: 'Write these files?', initialValue: true }))) throw new Cancelled();
    await writeGeneration(gen, saved);
    p.log.info(auditGeneration(gen).summary);
    p.outro(`Done. Next: docker build -t app ${gen.plan.compose.enabled ? '. or docker compose up --build' : '.'}`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof Cancelled) {
      p.cancel('Cancelled: nothing was written.');
      return EXIT.failure;
    }
    throw err;
  }
}

/** Shows merges, and asks what to write for each conflicting file (default: keep the user's file). */
async function resolveFiles(p: Ui, files: PlannedFile[]): Promise<void> {
  for (const f of files) {
    if (f.status === 'merge') p.log.info(`${f.path}: your edits are kept and the new generation is merged in:\n${unifiedDiff(f.path, f.current, f.text)}`);
    if (f.status !== 'conflict') continue;
    p.log.warn(`${f.path} ${f.reason}. Generated version:\n${unifiedDiff(f.path, f.current, f.generated)}`);
    const choice = answered(await p.select({
      message: `${f.path}: what should be written?`,
      initialValue: 'keep',
      options: [
        { value: 'keep', label: 'Keep my file', hint: 'it becomes the merged version; later runs merge into it' },
        { value: 'generated', label: 'Take the generated file', hint: 'your edits to it are lost' },
        ...(f.withMarkers ? [{ value: 'markers', label: 'Write the merge with conflict markers', hint: 'fix them by hand' }] : []),
      ],
    }));
    if (choice === 'keep') Object.assign(f, { status: 'kept', text: f.current });
    else if (choice === 'generated') Object.assign(f, { status: 'update', text: f.generated });
    else Object.assign(f, { status: 'merge', text: f.withMarkers });
  }
}

/** Asks every question of the answers table whose answer is still open; stores only what differs from the detected value. */
async function askAnswers(p: Ui, plan: Plan, answers: Answers): Promise<void> {
  for (const row of ANSWERS) {
    if (answers[row.key] !== undefined || !row.question || !row.fromReply) continue;
    const question = row.question(plan, answers);
    if (!question) continue;
    const value = row.fromReply(await ask(p, question), plan);
    if (value !== undefined) (answers as Record<string, unknown>)[row.key] = value;
  }
}

/** One question as a clack prompt. */
async function ask(p: Ui, q: Question): Promise<unknown> {
  switch (q.kind) {
    case 'text': return answered(await p.text({ message: q.message, initialValue: q.initial, validate: (x) => q.validate(x ?? '') }));
    case 'select': return answered(await p.select({ message: q.message, initialValue: q.initial, options: q.options.map((o) => ({ value: o.value, label: o.value, ...(o.hint ? { hint: o.hint } : {}) })) }));
    case 'confirm': return answered(await p.confirm({ message: q.message, initialValue: q.initial }));
    case 'multiselect': return answered(await p.multiselect({ message: q.message, options: q.options.map((o) => ({ value: o.value, label: o.value })), initialValues: q.initial, required: false }));
  }
}
