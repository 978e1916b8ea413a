import type { Ui } from '../../src/cli/interactive.js';

/** A scripted prompter: answers by question text (substring match), else the prompt's initial value. */
export function scripted(answers: Record<string, unknown>): Ui & { asked: string[] } {
  const asked: string[] = [];
  const answer = (o: { message: string; initialValue?: unknown; initialValues?: unknown }) => {
    asked.push(o.message);
    const key = Object.keys(answers).find((k) => o.message.includes(k));
    return Promise.resolve(key !== undefined ? answers[key] : (o.initialValue ?? o.initialValues));
  };
  const noop = () => undefined;
  return {
    asked,
    intro: noop, outro: noop, note: noop, cancel: noop,
    log: { warn: noop, info: noop, error: noop, success: noop, step: noop, message: noop } as unknown as Ui['log'],
    spinner: (() => ({ start: noop, stop: noop, message: noop })) as unknown as Ui['spinner'],
    text: answer as unknown as Ui['text'],
    select: answer as unknown as Ui['select'],
    confirm: answer as unknown as Ui['confirm'],
    multiselect: answer as unknown as Ui['multiselect'],
  };
}

