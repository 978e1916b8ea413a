import type { Answers } from '../plan/answers.js';
import { ANSWERS } from '../answers/table.js';
import { UserError } from '../errors.js';

const FILE = '.create-dockerfile.yml';

/** Keys of the saved file's `answers:` mapping, in the order it is written (the answers table's order). */
export const ANSWER_KEYS: readonly (keyof Answers)[] = ANSWERS.map((row) => row.key);

/**
 * Reads the `answers:` mapping of the saved file, checking each value with the same rules as its flag, so a
 * hand edit gets the same one-line errors a flag would.
 */
export function answersFromYaml(raw: unknown): Answers {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${FILE}: answers must be a mapping such as "port: 8080"; fix it or delete the section`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const where = `${FILE}: answers.${key}`;
    const row = ANSWERS.find((r) => r.key === key);
    if (!row) throw new UserError(`${where}: unknown answer; use one of ${ANSWER_KEYS.join(', ')}`);
    out[key] = row.fromSaved(value, where);
  }
  return out as Answers;
}

/** Answers as the saved file holds them: known keys only, in a fixed order, undefined left out. */
export function answersToYaml(answers: Answers): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ANSWER_KEYS) if (answers[k] !== undefined) out[k] = answers[k];
  return out;
}

/** Saved answers overlaid by this run's flags; `reset` drops the saved ones. */
export function mergeAnswers(saved: Answers, flags: Answers, reset: boolean): Answers {
  return { ...(reset ? {} : saved), ...flags };
}
