import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spinner } from '@clack/prompts';
import { execa, execaSync } from 'execa';
import { EXIT, UserError } from '../errors.js';
import { COMPOSE_FILES } from '../audit/audit.js';
import type { AuditFile } from '../audit/types.js';
import type { CommandIo } from '../audit/command.js';
import { requireEngine } from './engine.js';
import { copyContext } from './context.js';
import { measure, passed, type Progress } from './measure.js';
import { formatCompare, formatSingle } from './report.js';

/** `verify --help`. */
export const VERIFY_HELP = `Usage: npx create-dockerfile verify [DIR] [--compare <Dockerfile path | git ref>]

Builds DIR's Dockerfile with the local Docker engine (DIR is the build context, default: current folder),
rebuilds after a simulated source edit in a temporary copy, runs the image, waits for its HEALTHCHECK and
reports image size, layers, build and warm-rebuild time, the running user, time to healthy and the audit result.
Images and containers it creates are removed afterwards; the project folder is never modified.

Flags:
  --compare REF    Also build an older Dockerfile (a file path, or a git ref: git show REF:Dockerfile)
                   and print a before/after table
  --timeout S      Seconds to wait for the container to turn healthy (default 90)
  --help           Show this help

Exit codes: 0 the image built and turned healthy (or kept running without a HEALTHCHECK);
1 build, start or health failure; 2 usage error or no Docker engine.
`;

/** Reads the Dockerfile to compare against: a file path, else `git show <ref>:./Dockerfile` in DIR. */
export async function resolveCompare(ref: string, dir: string, cwd: string = process.cwd()): Promise<{ label: string; text: string }> {
  const asFile = path.resolve(cwd, ref);
  if (existsSync(asFile) && statSync(asFile).isFile()) return { label: ref, text: readFileSync(asFile, 'utf8') };
  const r = await execa('git', ['-C', dir, 'show', `${ref}:./Dockerfile`], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) {
    throw new UserError(`--compare ${ref}: neither a file nor a git ref with a Dockerfile in ${dir} (${String(r.stderr).trim().split('\n')[0] ?? 'git failed'}); pass a Dockerfile path or a commit`);
  }
  return { label: `${ref}:Dockerfile`, text: String(r.stdout) + '\n' };
}

/** The .dockerignore and compose file next to the Dockerfile, audited with it. */
function companions(dir: string): AuditFile[] {
  const compose = COMPOSE_FILES.find((f) => existsSync(path.join(dir, f)));
  return ['.dockerignore', ...(compose ? [compose] : [])]
    .filter((n) => existsSync(path.join(dir, n)))
    .map((n) => ({ path: n, text: readFileSync(path.join(dir, n), 'utf8') }));
}

/** `create-dockerfile verify ...`: builds, runs and measures; returns the exit code. */
export async function runVerifyCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { compare: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } },
    });
  } catch (err) {
    throw new UserError(`verify: ${(err as Error).message.split('\n')[0]}; see create-dockerfile verify --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return io.out(VERIFY_HELP), EXIT.ok;
  if (positionals.length > 1) throw new UserError(`verify: one folder at most, got ${positionals.join(' ')}; see create-dockerfile verify --help`);
  const timeout = values.timeout === undefined ? 90 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UserError(`verify: --timeout ${values.timeout} is not a number of seconds; pass e.g. --timeout 120`);
  const dir = path.resolve(positionals[0] ?? '.');
  if (!existsSync(path.join(dir, 'Dockerfile'))) throw new UserError(`${path.join(positionals[0] ?? '.', 'Dockerfile')}: no Dockerfile; run create-dockerfile first or pass the folder that has one`);
  const old = values.compare === undefined ? undefined : await resolveCompare(values.compare, dir);
  await requireEngine();

  const tty = io.stdoutIsTTY ?? Boolean(process.stdout.isTTY);
  const spin = tty ? spinner() : undefined;
  const progress: Progress = spin ? (msg) => spin.message(msg) : (msg, detail) => void (detail ? undefined : io.err(`verify: ${msg}\n`));
  spin?.start('verify: preparing the build context');
  const prefix = `cdf-verify-${randomBytes(4).toString('hex')}`;
  const context = await copyContext(dir);
  // Ctrl-C skips finally blocks: remove this run's containers, images and temp context before exiting.
  const onInterrupt = (): void => {
    const sides = ['before', 'after'];
    execaSync('docker', ['rm', '-f', '-v', ...sides.map((s) => `${prefix}-${s}-run`)], { reject: false, stdio: 'ignore' });
    execaSync('docker', ['rmi', '-f', ...sides.flatMap((s) => [`${prefix}-${s}:cold`, `${prefix}-${s}:warm`])], { reject: false, stdio: 'ignore' });
    rmSync(context, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const base = { companions: companions(dir), contextDir: context, healthTimeoutS: timeout };
    const before = old ? await measure({ ...base, label: old.label, dockerfile: old.text, prefix: `${prefix}-before` }, progress) : undefined;
    const after = await measure({ ...base, label: 'Dockerfile', dockerfile: readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), prefix: `${prefix}-after` }, progress);
    spin?.stop(passed(after) ? 'verify: done' : 'verify: the image did not pass');
    io.out(before ? formatCompare(before, after) : formatSingle(after));
    return passed(after) ? EXIT.ok : EXIT.failure;
  } catch (err) {
    spin?.error('verify: stopped');
    throw err;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await rm(context, { recursive: true, force: true });
  }
}
