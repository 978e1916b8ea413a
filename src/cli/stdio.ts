import { writeSync } from 'node:fs';
import { EXIT, ioCause } from '../errors.js';

// Standard output and error are written straight to their descriptors, as Node's own streams do for files and (on
// Linux) pipes and terminals: building process.stdout or process.stderr loads net and the whole stream stack, ~5 ms
// of every run for two synchronous writes. A descriptor left non-blocking by whoever shares it (EAGAIN) hands the
// rest of the output to Node's stream, which waits for it to drain.

/** The first error of each output, shared by the writers and the guard. */
const failed: { out?: unknown; err?: unknown } = {};

type Side = 'out' | 'err';
const FD: Record<Side, number> = { out: 1, err: 2 };
const STREAM: Record<Side, 'stdout' | 'stderr'> = { out: 'stdout', err: 'stderr' };
/** The sides that write through process.stdout/stderr: since an EAGAIN, or always on Windows (a console takes UTF-16). */
const viaStream = new Set<Side>(process.platform === 'win32' ? ['out', 'err'] : []);

function write(side: Side, text: string): void {
  if (failed[side] !== undefined) return; // a reader that went away or a full device: the rest is lost as well
  if (viaStream.has(side)) return void process[STREAM[side]].write(text);
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(FD[side], bytes, at, bytes.length - at);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return void (failed[side] = error);
    viaStream.add(side);
    process[STREAM[side]].write(bytes.subarray(at));
  }
}

/** Writes `text` to standard output; an error is kept for {@link guardStdio}'s `finish`, never thrown. */
export const writeOut = (text: string): void => write('out', text);
/** Writes `text` to standard error; an error is kept, never thrown. */
export const writeErr = (text: string): void => write('err', text);

/**
 * Catches errors of standard output and error (a full device, a closed descriptor, a reader that went away) so
 * that none becomes an uncaught stack trace or stops a run half-way through its writes: those of {@link writeOut}
 * and {@link writeErr}, and those of process.stdout and process.stderr once something builds them (the prompts,
 * `audit`, `verify`; their error listener is added then, so a run that never builds them never pays for them).
 * Call `finish` with the run's exit code when it is done: a reader that stopped early (`| head -c1`, EPIPE) is not
 * an error; any other failure of standard output is one line on standard error and exit 2 (the output is incomplete).
 */
export function guardStdio(): { finish(code: number): Promise<number> } {
  listenOnceBuilt('out');
  listenOnceBuilt('err');
  return {
    async finish(code: number): Promise<number> {
      // A failed write of a stream reports its error on a later tick: let it arrive.
      await new Promise((resolve) => setImmediate(resolve));
      const outError = failed.out;
      if (outError === undefined || (outError as NodeJS.ErrnoException).code === 'EPIPE') return code;
      writeErr(`create-dockerfile: standard output: cannot write (${ioCause(outError)}); the output is incomplete\n`);
      return code === EXIT.ok ? EXIT.usage : code;
    },
  };
}

/** Adds the error listener to process.stdout or process.stderr when its lazy getter first builds the stream. */
function listenOnceBuilt(side: Side): void {
  const name = STREAM[side];
  const own = Object.getOwnPropertyDescriptor(process, name);
  if (!own?.get || !own.configurable) return void process[name].on('error', (e: unknown) => void (failed[side] ??= e));
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable,
    get() {
      Object.defineProperty(process, name, own); // Node's getter keeps the stream it built: later reads get it directly
      const stream = own.get!.call(process) as NodeJS.WriteStream;
      stream.on('error', (e: unknown) => void (failed[side] ??= e));
      return stream;
    },
  });
}
