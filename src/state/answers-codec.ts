import type { Answers } from '../plan/answers.js';
import { BASE_FLAVOURS, type BaseFlavour } from '../plan/types.js';
import { checkCpus, checkMemory, parsePort } from '../plan/validate.js';
import { UserError } from '../errors.js';

const FILE = '.create-dockerfile.yml';

/** Order of keys in the saved file (also the order the header documents). */
const ORDER: readonly (keyof Answers)[] = ['stack', 'port', 'runtimeVersion', 'base', 'start', 'build', 'main', 'workspace', 'compose', 'services', 'memory', 'cpus'];

/**
 * Reads the `answers:` mapping of the saved file, checking each value with the same rules as its flag, so a
 * hand edit gets the same one-line errors a flag would.
 */
export function answersFromYaml(raw: unknown): Answers {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${FILE}: answers must be a mapping such as "port: 8080"; fix it or delete the section`);
  const out: Answers = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const where = `${FILE}: answers.${key}`;
    const text = (): string => {
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      throw new UserError(`${where} must be text; quote it or delete the line`);
    };
    switch (key) {
      case 'port': out.port = parsePort(text(), where); break;
      case 'base': {
        const b = text();
        if (!(BASE_FLAVOURS as readonly string[]).includes(b)) throw new UserError(`${where}: unknown flavour "${b}"; use ${BASE_FLAVOURS.join(', ')}`);
        out.base = b as BaseFlavour;
        break;
      }
      case 'compose':
        if (typeof value !== 'boolean') throw new UserError(`${where} must be true or false`);
        out.compose = value;
        break;
      case 'services':
        if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw new UserError(`${where} must be a list of names such as [postgres, redis] ([] for none)`);
        out.services = value as string[];
        break;
      case 'memory': out.memory = checkMemory(text(), where); break;
      case 'cpus': out.cpus = checkCpus(text(), where); break;
      case 'start':
        if (text().trim() === '') throw new UserError(`${where} is empty; write the start command or delete the line`);
        out.start = text();
        break;
      case 'stack': case 'runtimeVersion': case 'build': case 'main': case 'workspace':
        out[key] = text();
        break;
      default:
        throw new UserError(`${where}: unknown answer; use one of ${ORDER.join(', ')}`);
    }
  }
  return out;
}

/** Answers as the saved file holds them: known keys only, in a fixed order, undefined left out. */
export function answersToYaml(answers: Answers): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ORDER) if (answers[k] !== undefined) out[k] = answers[k];
  return out;
}

/** Saved answers overlaid by this run's flags; `reset` drops the saved ones. */
export function mergeAnswers(saved: Answers, flags: Answers, reset: boolean): Answers {
  return { ...(reset ? {} : saved), ...flags };
}
