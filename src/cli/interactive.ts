import * as clack from '@clack/prompts';
import type { Detection } from '../plan/detect.js';
import type { Answers } from '../plan/answers.js';
import type { Plan } from '../plan/types.js';
import { ANSWERS, type Question } from '../answers/table.js';
import { EVERY_APP } from '../plan/apps.js';
import { DETECTORS } from '../../detectors/index.js';
import { EXIT } from '../errors.js';
import type { Options } from './options.js';
import { planSummary, runSummary, statusLines } from './report.js';
import { audit, prepare, STATE_FILE, unifiedDiff, write, type Asker, type ConflictChoice } from '../pipeline/run.js';

/** The prompt library as the interactive run uses it; tests pass a scripted one. */
export type Ui = Pick<typeof clack, 'intro' | 'outro' | 'note' | 'cancel' | 'spinner' | 'log' | 'text' | 'select' | 'confirm' | 'multiselect'>;

class Cancelled extends Error {}

/** Unwraps a prompt answer; Ctrl-C / Escape ends the run with nothing written. */
function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (clack.isCancel(value) || typeof value === 'symbol') throw new Cancelled();
  return value as Exclude<T, symbol>;
}

/**
 * The terminal flow: the pipeline asks through this UI (the stack when several match, every answer still open, or
 * on a re-run only about new entry points; then what to write for each conflicting file, with its diff), then the
 * files are shown, confirmed and written with the saved answers.
 */
export async function runInteractive(opts: Options, version: string, p: Ui = clack): Promise<number> {
  p.intro(`create-dockerfile ${version}`);
  try {
    const s = p.spinner();
    s.start('Inspecting the project');
    const prepared = await prepare({ ...opts, warn: (w) => p.log.warn(w) }, asker(p, s));
    const { gen, saved } = prepared;
    if (gen.apps) p.note(runSummary(gen), `Detected ${gen.apps.length} apps`);
    for (const f of prepared.merged) p.log.info(`${f.path}: your edits are kept and the new generation is merged in:\n${unifiedDiff(f.path, f.current, f.text)}`);
    p.note(statusLines([...gen.files, saved], true), 'Files');
    if (opts.dryRun) {
      p.outro('Dry run: nothing written.');
      return EXIT.ok;
    }
    if (!answered(await p.confirm({ message: 'Write these files?', initialValue: true }))) throw new Cancelled();
    await write(prepared);
    p.log.info((await audit(prepared)).summary);
    p.outro(gen.apps
      ? `Done. Next: ${gen.plan.compose.enabled ? 'docker compose up --build' : `docker build -f ${gen.apps[0]!.plan.appDir}/Dockerfile -t app .`}`
      : `Done. Next: docker build -t app ${gen.plan.compose.enabled ? '. or docker compose up --build' : '.'}`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof Cancelled) {
      p.cancel('Cancelled: nothing was written.');
      return EXIT.failure;
    }
    throw err;
  }
}

/** The pipeline's questions, asked with clack; each returns the decision and changes nothing itself. */
function asker(p: Ui, spinner: ReturnType<Ui['spinner']>): Asker {
  let stopped = false;
  const stop = (detection: Detection): void => {
    if (!stopped) spinner.stop(`Detected ${detection.detector.title}${detection.evidence ? `: ${detection.evidence.reason}` : ''}`);
    stopped = true;
  };
  return {
    async stack(detection) {
      stop(detection);
      return answered(await p.select({
        message: 'Several stacks match. Which one should the image run?',
        options: detection.candidates.map((c) => ({ value: c.stack, label: DETECTORS.find((d) => d.id === c.stack)!.title, hint: c.reason })),
        initialValue: detection.detector.id,
      }));
    },
    async workspace(apps) {
      spinner.stop(`Found ${apps.length} apps in this workspace`);
      stopped = true;
      return answered(await p.select({
        message: 'Which app should be containerised?',
        options: [
          ...apps.map((a) => ({ value: a.dir, label: a.name === a.dir ? a.dir : `${a.name} (${a.dir})`, hint: a.why })),
          { value: EVERY_APP, label: 'All of them', hint: 'a Dockerfile in each app folder, one compose file at the root' },
        ],
        initialValue: EVERY_APP,
      }));
    },
    async answers(plan, given, { detection, reuse, changes, newEntries, everyApp }) {
      stop(detection);
      const title = reuse ? `Detected (answers saved in ${STATE_FILE}; --reset to be asked again)` : 'Detected';
      if (everyApp) for (const app of everyApp) p.note(planSummary(app, changes.filter((c) => c.startsWith(`${app.appDir ?? '.'}: `))), `${title}: ${app.appDir ?? '.'}`);
      else p.note(planSummary(plan, changes), title);
      const answers: Answers = { ...given };
      if (!reuse) await askAnswers(p, everyApp ? everyAppView(everyApp) : plan, answers, everyApp !== undefined);
      else if (newEntries.length > 0 && answers.main === undefined && plan.entries) {
        answers.main = answered(await p.select({
          message: `New entry point${newEntries.length > 1 ? 's' : ''} found (${newEntries.join(', ')}). Which one should the image build?`,
          options: plan.entries.all.map((e) => ({ value: e, label: e })),
          initialValue: plan.entries.chosen,
        }));
      }
      return answers;
    },
    async conflicts(files) {
      const choices: Record<string, ConflictChoice> = {};
      for (const f of files) {
        p.log.warn(`${f.path} ${f.reason}. Generated version:\n${unifiedDiff(f.path, f.current, f.generated)}`);
        choices[f.path] = answered(await p.select({
          message: `${f.path}: what should be written?`,
          initialValue: 'keep' as ConflictChoice,
          options: [
            { value: 'keep' as ConflictChoice, label: 'Keep my file', hint: 'it becomes the merged version; later runs merge into it' },
            { value: 'generated' as ConflictChoice, label: 'Take the generated file', hint: 'your edits to it are lost' },
            ...(f.withMarkers ? [{ value: 'markers' as ConflictChoice, label: 'Write the merge with conflict markers', hint: 'fix them by hand' }] : []),
          ],
        }));
      }
      return choices;
    },
  };
}

/** The apps of "All of them" as one plan for the questions that hold for every app: the first app's, with every app's services. */
function everyAppView(plans: Plan[]): Plan {
  return { ...plans[0]!, services: [...new Set(plans.flatMap((pl) => pl.services))] };
}

/**
 * Asks every question of the answers table whose answer is still open (for every app at once: only the table's
 * everyApp rows); stores only what differs from the detected value.
 */
async function askAnswers(p: Ui, plan: Plan, answers: Answers, everyApp = false): Promise<void> {
  for (const row of ANSWERS) {
    if (answers[row.key] !== undefined || !row.question || !row.fromReply || (everyApp && !row.everyApp)) continue;
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
