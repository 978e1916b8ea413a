import { UserError } from '../errors.js';

/** What the audit reads at most in one Dockerfile; real ones stay far below (a few stages, lines of a few KB). */
export const AUDIT_LIMITS = { lineChars: 64 * 1024, stages: 200, flagsPerLine: 200, dockerignoreLines: 10_000 } as const;

/**
 * Refuses, before parsing, a file the audit could not get through in bounded time and memory (a multi-megabyte
 * RUN line, thousands of chained stages or flags): one line naming the file and the limit, exit 2 ("could not
 * audit"), never a stack overflow or an out-of-memory abort.
 */
export function checkAuditLimits(path: string, text: string, kind: 'dockerfile' | 'dockerignore'): void {
  const lines = text.split('\n');
  if (kind === 'dockerignore') {
    if (lines.length > AUDIT_LIMITS.dockerignoreLines) throw new UserError(`${path}: more than ${AUDIT_LIMITS.dockerignoreLines} lines; could not audit a .dockerignore this size`);
    return;
  }
  let stages = 0;
  for (const [i, line] of lines.entries()) {
    if (line.length > AUDIT_LIMITS.lineChars) throw new UserError(`${path}:${i + 1}: line longer than ${AUDIT_LIMITS.lineChars / 1024} KB; could not audit it (split the command)`);
    if (/^\s*FROM\s/i.test(line) && ++stages > AUDIT_LIMITS.stages) throw new UserError(`${path}:${i + 1}: more than ${AUDIT_LIMITS.stages} stages; could not audit a Dockerfile this size`);
    // Each flag takes at least four characters (` --x`): a shorter line cannot hold too many, so it is not scanned.
    if (line.length > 4 * AUDIT_LIMITS.flagsPerLine && (line.match(/(?:^|\s)--[a-z]/g)?.length ?? 0) > AUDIT_LIMITS.flagsPerLine) throw new UserError(`${path}:${i + 1}: more than ${AUDIT_LIMITS.flagsPerLine} flags on one line; could not audit it`);
  }
}
