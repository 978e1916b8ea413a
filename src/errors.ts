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
