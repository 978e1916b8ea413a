import { EXIT, ioCause } from '../errors.js';

/** The process's output streams, as far as the guard needs them (injectable for tests). */
export interface GuardedStreams {
  stdout: NodeJS.EventEmitter;
  stderr: NodeJS.EventEmitter & { write(text: string): unknown };
}

/**
 * Catches errors of standard output and error (a full device, a closed descriptor, a reader that went away) so
 * that none becomes an uncaught stack trace or stops a run half-way through its writes. Call `finish` with the
 * run's exit code when it is done: a reader that stopped early (`| head -c1`, EPIPE) is not an error; any other
 * failure of standard output is one line on standard error and exit 2 (the output is incomplete).
 */
export function guardStdio(streams: GuardedStreams = process): { finish(code: number): Promise<number> } {
  let outError: unknown;
  let errBroken = false;
  streams.stdout.on('error', (err: NodeJS.ErrnoException) => {
    outError ??= err;
  });
  streams.stderr.on('error', () => {
    errBroken = true;
  });
  return {
    async finish(code: number): Promise<number> {
      // A failed write reports its error on a later tick: let it arrive.
      await new Promise((resolve) => setImmediate(resolve));
      if (outError === undefined || (outError as NodeJS.ErrnoException).code === 'EPIPE') return code;
      if (!errBroken) streams.stderr.write(`create-dockerfile: standard output: cannot write (${ioCause(outError)}); the output is incomplete\n`);
      return code === EXIT.ok ? EXIT.usage : code;
    },
  };
}
