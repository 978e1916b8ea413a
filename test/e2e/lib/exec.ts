import { execa } from 'execa';
import { buildsImages, withBuildLock } from './build-lock.js';

/** Outcome of one external command; never throws for a non-zero exit. */
export interface CmdResult {
  ok: boolean;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as the command wrote them. */
  all: string;
  seconds: number;
}

/** Options for {@link cmd}. */
export interface CmdOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Drop these names from the inherited environment (e.g. so a compose `.env` wins). */
  unsetEnv?: string[];
}

/**
 * Runs a command without a shell and captures its output; never rejects.
 * BuildKit stays on for every docker invocation, whatever the caller's environment says. Commands that build images
 * wait for the machine-wide build lock (see build-lock.ts).
 */
export function cmd(file: string, args: string[], opts: CmdOptions = {}): Promise<CmdResult> {
  return buildsImages(file, args) ? withBuildLock(() => run(file, args, opts)) : run(file, args, opts);
}

async function run(file: string, args: string[], opts: CmdOptions): Promise<CmdResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    DOCKER_BUILDKIT: '1',
    COMPOSE_DOCKER_CLI_BUILD: '1',
    ...opts.env,
  };
  for (const name of opts.unsetEnv ?? []) delete env[name];
  const started = performance.now();
  const r = await execa(file, args, {
    cwd: opts.cwd,
    env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: opts.timeoutMs ?? 120_000,
    stripFinalNewline: true,
  });
  return {
    ok: r.exitCode === 0 && !r.timedOut,
    exitCode: r.exitCode,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    all: String(r.all ?? ''),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Like {@link cmd} but throws with the command's output when it fails. */
export async function mustCmd(file: string, args: string[], opts: CmdOptions = {}): Promise<CmdResult> {
  const r = await cmd(file, args, opts);
  if (!r.ok) {
    throw new Error(`\`${[file, ...args].join(' ')}\` failed (exit ${r.exitCode}):\n${tail(r.all, 80)}`);
  }
  return r;
}

/** Shorthand for `docker <args>`. */
export function docker(args: string[], opts: CmdOptions = {}): Promise<CmdResult> {
  return cmd('docker', args, opts);
}

/** Shorthand for a `docker <args>` that must succeed. */
export function mustDocker(args: string[], opts: CmdOptions = {}): Promise<CmdResult> {
  return mustCmd('docker', args, opts);
}

/** The last `lines` lines of a text, for error messages that stay readable. */
export function tail(text: string, lines: number): string {
  const all = text.split('\n');
  return all.length <= lines ? text : ['…', ...all.slice(-lines)].join('\n');
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rounds seconds to one decimal for reports. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
