import path from 'node:path';
import { EXIT, UserError } from '../errors.js';

/** What the usual reasons a write fails mean to the user, by error code. */
const CAUSES: Record<string, { what: string; fix: string }> = {
  ENOSPC: { what: 'no space left on the device', fix: 'free some space' },
  EDQUOT: { what: 'disk quota exceeded', fix: 'free some space' },
  EACCES: { what: 'permission denied', fix: 'make DIR writable or pass --cwd to another folder' },
  EPERM: { what: 'permission denied', fix: 'make DIR writable or pass --cwd to another folder' },
  EROFS: { what: 'read-only file system', fix: 'make DIR writable or pass --cwd to another folder' },
  EIO: { what: 'input/output error', fix: 'check the disk' },
  EBADF: { what: 'bad file descriptor', fix: 'check where the output goes' },
  EMFILE: { what: 'too many open files', fix: 'raise the open-file limit (ulimit -n)' },
};

/**
 * The one-line error for a write of `rel` (relative to the project) that failed with `err`: what happened, that
 * nothing was written (the write set put everything back), and the fix. Exit 2: the run could not be carried out.
 */
export function writeFailure(err: unknown, rel: string): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const cause = code ? Object.hasOwn(CAUSES, code) ? CAUSES[code] : undefined : undefined;
  const dir = path.dirname(rel) === '.' ? 'the project folder' : path.dirname(rel);
  if (cause) return new UserError(`${rel}: cannot write (${cause.what}); nothing was written, the previous files are as they were; ${cause.fix.replace('DIR', dir)} and run again`, EXIT.usage);
  return new UserError(`${rel}: cannot write (${code ?? String((err as Error)?.message ?? err).split('\n')[0]}); nothing was written, the previous files are as they were; fix the cause and run again`, EXIT.usage);
}

/** Why standard output could not be written, for the one line printed instead of a stack trace. */
export function streamFailure(err: unknown, stream: string): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const cause = code && Object.hasOwn(CAUSES, code) ? CAUSES[code]!.what : (code ?? String((err as Error)?.message ?? err).split('\n')[0]);
  return `${stream}: cannot write (${cause}); the output is incomplete`;
}
