/** Exit codes the CLI promises (README: "Exit codes"). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * An error the user can act on: one line naming the file, the problem and the fix.
 * The CLI prints `message` alone (no stack) and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    // A message may quote a value from the project or a flag: control characters must not break the one line.
    super(message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/**
 * A value from a project file, fit to quote in a one-line error: its first line, at most `max` characters, with
 * URL credentials (`//user:pass@`) masked, JSON-quoted. Errors never quote more of a file than this: a file may be
 * a link to a secret, and CI logs are public.
 */
export function excerpt(value: string, max = 40): string {
  const line = value.trim().split(/\r?\n/)[0]!.replace(/\/\/[^/@\s]*@/g, '//***@');
  const chars = [...line];
  return JSON.stringify(chars.length > max ? `${chars.slice(0, max).join('')}…` : line);
}

/** What the usual reasons a write fails mean to the user (`what`) and what to do (`fix`; DIR: the folder), by error code. */
export const IO_CAUSES: Record<string, { what: string; fix: string }> = {
  ENOSPC: { what: 'no space left on the device', fix: 'free some space' },
  EDQUOT: { what: 'disk quota exceeded', fix: 'free some space' },
  EACCES: { what: 'permission denied', fix: 'make DIR writable or pass --cwd to another folder' },
  EPERM: { what: 'permission denied', fix: 'make DIR writable or pass --cwd to another folder' },
  EROFS: { what: 'read-only file system', fix: 'make DIR writable or pass --cwd to another folder' },
  EIO: { what: 'input/output error', fix: 'check the disk' },
  EBADF: { what: 'bad file descriptor', fix: 'check where the output goes' },
  EMFILE: { what: 'too many open files', fix: 'raise the open-file limit (ulimit -n)' },
};

/** Why a stream or file could not be written, in words (the code itself when it is not a usual one). */
export function ioCause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code && Object.hasOwn(IO_CAUSES, code) ? IO_CAUSES[code]!.what : (code ?? String((err as Error)?.message ?? err).split('\n')[0]!);
}
