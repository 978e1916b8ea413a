import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { FLAGS } from './flags.js';
import type { Answers } from '../plan/answers.js';
import { ANSWERS } from '../answers/table.js';
import { UserError } from '../errors.js';
import type { ConflictPolicy } from '../pipeline/run.js';

/** Everything the command line said, resolved. */
export interface Options {
  cwd: string;
  interactive: boolean;
  json: boolean;
  dryRun: boolean;
  diff: boolean;
  /** What a conflicting file becomes: reported, replaced by the generation (--force) or kept (--keep). */
  onConflict: ConflictPolicy;
  /** Compare only: exit 1 when a file would change. */
  check: boolean;
  /** Ignore the saved answers. */
  reset: boolean;
  verbose: boolean;
  help: boolean;
  version: boolean;
  answers: Answers;
}

/**
 * Parses argv with node's parser over the flag table; unknown flags are a usage error. `stdinIsTTY` may be a function,
 * called only when no flag or CI already rules out the prompts.
 */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, stdinIsTTY: boolean | (() => boolean)): Options {
  // `npx create-dockerfile -- --yes` hands the separator through; nothing here is positional.
  if (argv[0] === '--') argv = argv.slice(1);
  const options = Object.fromEntries(FLAGS.map((f) => [f.name, { type: f.type, ...(f.short ? { short: f.short } : {}) }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: options as ParseArgsConfig['options'], strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UserError(`${(err as Error).message.split('\n')[0]}; see --help`);
  }
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const bool = (k: string): boolean => values[k] === true;
  if (bool('keep') && bool('force')) throw new UserError('--keep and --force contradict each other (keep your files or take the generated ones); pass one');
  if (bool('check') && bool('keep')) throw new UserError('--check and --keep contradict each other (--check never writes or accepts a conflict); pass one');
  if (bool('check') && bool('force')) throw new UserError('--check and --force contradict each other (--check never writes); pass one');
  const answers: Record<string, unknown> = {};
  for (const row of ANSWERS) {
    const value = row.fromFlags(values);
    if (value !== undefined) answers[row.key] = value;
  }
  const json = bool('json');
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return {
    cwd: path.resolve(str('cwd') ?? process.cwd()),
    interactive: !bool('yes') && !json && !bool('check') && !ci && (typeof stdinIsTTY === 'function' ? stdinIsTTY() : stdinIsTTY),
    json,
    dryRun: bool('dry-run'),
    diff: bool('diff'),
    onConflict: bool('force') ? 'generated' : bool('keep') ? 'keep' : 'report',
    check: bool('check'),
    reset: bool('reset'),
    verbose: bool('verbose'),
    help: bool('help'),
    version: bool('version'),
    answers: answers as Answers,
  };
}
