import path from 'node:path';
import { EXIT, IO_CAUSES, ioCause, UserError } from '../errors.js';

/**
 * The one-line error for a write of `rel` (relative to the project) that failed with `err`: what happened, that
 * nothing was written (the write set put everything back), and the fix. Exit 2: the run could not be carried out.
 */
export function writeFailure(err: unknown, rel: string): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const dir = path.dirname(rel) === '.' ? 'the project folder' : path.dirname(rel);
  const fix = code && Object.hasOwn(IO_CAUSES, code) ? IO_CAUSES[code]!.fix.replace('DIR', dir) : 'fix the cause';
  return new UserError(`${rel}: cannot write (${ioCause(err)}); nothing was written, the previous files are as they were; ${fix} and run again`, EXIT.usage);
}
