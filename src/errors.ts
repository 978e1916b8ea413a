/** Exit codes the CLI promises (README: "Exit codes"). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * An error the user can act on: one line naming the file, the problem and the fix.
 * The CLI prints `message` alone (no stack) and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}
