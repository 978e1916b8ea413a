import * as clack from '@clack/prompts';
import { createProjectFs } from '../fs/project-fs.js';
import { buildPlan, detectStack } from '../plan/detect.js';
import { render } from '../render/render.js';
import { fileStatuses } from '../write/status.js';
import { unifiedDiff } from '../write/diff.js';
import type { Answers } from '../plan/answers.js';
import type { Plan } from '../plan/types.js';
import { BASE_FLAVOURS, type BaseFlavour } from '../plan/types.js';
import { SERVICE_NAMES } from '../../detectors/shared/services.js';
import { DETECTORS } from '../../detectors/index.js';
import { parsePort } from '../plan/validate.js';
import { EXIT, UserError } from '../errors.js';
import type { Options } from './options.js';
import { planSummary, statusLines } from './report.js';
import { writeFiles } from './main.js';

/** The prompt library as the interactive run uses it; tests pass a scripted one. */
export type Ui = Pick<typeof clack, 'intro' | 'outro' | 'note' | 'cancel' | 'spinner' | 'log' | 'text' | 'select' | 'confirm' | 'multiselect'>;

class Cancelled extends Error {}

/** Unwraps a prompt answer; Ctrl-C / Escape ends the run with nothing written. */
function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (clack.isCancel(value) || typeof value === 'symbol') throw new Cancelled();
  return value as Exclude<T, symbol>;
}

/**
 * The terminal flow: detect, confirm or change each answer (flags already given are not asked again),
 * show what will be written, ask per conflicting file with its diff, then write.
 */
export async function runInteractive(opts: Options, version: string, p: Ui = clack): Promise<number> {
  p.intro(`create-dockerfile ${version}`);
  try {
    const fs = createProjectFs(opts.cwd);
    const s = p.spinner();
    s.start('Inspecting the project');
    const detection = await detectStack(fs, opts.answers);
    s.stop(`Detected ${detection.detector.title}${detection.evidence ? `: ${detection.evidence.reason}` : ''}`);
    const answers: Answers = { ...opts.answers };
    if (answers.stack === undefined && detection.candidates.length > 1) {
      answers.stack = answered(await p.select({
        message: 'Several stacks match. Which one should the image run?',
        options: detection.candidates.map((c) => ({ value: c.stack, label: DETECTORS.find((d) => d.id === c.stack)!.title, hint: c.reason })),
        initialValue: detection.detector.id,
      }));
    }
    let { plan } = await buildPlan(fs, answers);
    p.note(planSummary(plan), 'Detected');
    await askAnswers(p, plan, answers);
    ({ plan } = await buildPlan(fs, answers));
    const files = await fileStatuses(opts.cwd, render(plan), true);
    for (const f of files) {
      if (f.status !== 'update') continue;
      p.log.warn(`${f.path} exists and differs:\n${unifiedDiff(f.path, f.current, f.text)}`);
      const overwrite = opts.force || answered(await p.confirm({ message: `Overwrite ${f.path}?`, initialValue: false }));
      if (!overwrite) f.status = 'skip';
    }
    p.note(statusLines(files, true), 'Files');
    if (opts.dryRun) {
      p.outro('Dry run: nothing written.');
      return EXIT.ok;
    }
    if (!answered(await p.confirm({ message: 'Write these files?', initialValue: true }))) throw new Cancelled();
    await writeFiles(opts.cwd, files);
    p.outro(`Done. Next: docker build -t app ${plan.compose.enabled ? '. or docker compose up --build' : '.'}`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof Cancelled) {
      p.cancel('Cancelled: nothing was written.');
      return EXIT.failure;
    }
    throw err;
  }
}

/** Asks for every answer not already given by a flag; stores only what differs from the detected value. */
async function askAnswers(p: Ui, plan: Plan, answers: Answers): Promise<void> {
  if (answers.runtimeVersion === undefined) {
    const v = answered(await p.text({ message: `${plan.runtime.name} version`, initialValue: plan.runtime.version, validate: (x) => (x?.trim() ? undefined : 'Enter a version') }));
    if (v.trim() !== plan.runtime.version) answers.runtimeVersion = v.trim();
  }
  if (answers.port === undefined) {
    const v = answered(await p.text({ message: 'Port the app listens on', initialValue: String(plan.port), validate: (x) => portError(x ?? '') }));
    if (Number(v) !== plan.port) answers.port = Number(v);
  }
  if (answers.base === undefined) {
    const v = answered(await p.select({
      message: 'Runtime image',
      initialValue: plan.base,
      options: BASE_FLAVOURS.map((b) => ({ value: b, label: b, hint: HINTS[b] })),
    })) as BaseFlavour;
    if (v !== plan.base) answers.base = v;
  }
  if (answers.start === undefined && plan.start.length > 0) {
    const current = plan.start.join(' ');
    const v = answered(await p.text({ message: 'Start command (in the image)', initialValue: current, validate: (x) => (x?.trim() ? undefined : 'Enter a command') }));
    if (v.trim() !== current) answers.start = v.trim();
  }
  if (answers.compose === undefined) {
    const v = answered(await p.confirm({ message: 'Write docker-compose.yml?', initialValue: true }));
    if (!v) answers.compose = false;
  }
  if (answers.compose !== false && answers.services === undefined) {
    const v = answered(await p.multiselect({
      message: 'Backing services (space to toggle)',
      options: SERVICE_NAMES.map((n) => ({ value: n, label: n })),
      initialValues: plan.services,
      required: false,
    })) as string[];
    if ([...v].sort().join() !== [...plan.services].sort().join()) answers.services = v;
  }
}

const HINTS: Record<BaseFlavour, string> = {
  distroless: 'no shell or package manager; smallest attack surface',
  slim: 'Debian slim; has a shell for debugging',
  alpine: 'musl libc; native modules may differ',
};

function portError(x: string): string | undefined {
  try {
    parsePort(x, 'port');
    return undefined;
  } catch (err) {
    return err instanceof UserError ? 'Use a whole number from 1 to 65535' : String(err);
  }
}
