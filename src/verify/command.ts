import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { spinner } from '@clack/prompts';
import { execa, execaSync } from 'execa';
import { EXIT, UserError } from '../errors.js';
import { COMPOSE_FILES } from '../audit/audit.js';
import type { AuditFile } from '../audit/types.js';
import type { CommandIo } from '../audit/command.js';
import { requireEngine } from './engine.js';
import { copyContext } from './context.js';
import { dockerRunner, measure, passed, type Progress, type Runner } from './measure.js';
import { formatCompare, formatJson, formatSingle } from './report.js';
import { dockerEnvArgs, parseVerifyArgs, type VerifyOptions } from './options.js';
import { composeCommand, composeProject, composeRunner } from './compose-run.js';
import { scannerFor } from './scan.js';
import { tty as ttyModule } from '../fs/lazy-builtins.js';

/** `verify --help`. */
export const VERIFY_HELP = `Usage: npx create-dockerfile verify [DIR] [--compare <Dockerfile path | git ref>] [--json] [--scan]
                                   [--env-file FILE] [-e KEY=VALUE ...] [--no-compose]

Builds DIR's Dockerfile with the local Docker engine (DIR is the build context, default: current folder),
rebuilds after a simulated source edit in a temporary copy, runs the image, waits for its HEALTHCHECK and
reports image size, layers, build and warm-rebuild time, the running user, time to healthy and the audit result,
then a layer report like dive's: each layer's size and instruction, bytes wasted by files a later layer
overwrote or deleted, an efficiency score, the largest files, and the share of base image, dependencies and app.
When the compose file has backing services (a database, a cache), the image runs as the compose app service with
them (docker compose, or docker-compose 1.29). Images, containers and volumes it creates are removed afterwards;
the project folder is never modified.

Flags:
  --compare REF    Also build an older Dockerfile (a file path, or a git ref: git show REF:Dockerfile)
                   and print a before/after table
  --json           Print the measurements and layer reports as JSON (progress goes to stderr)
  --scan           Scan each image with Trivy or Grype (whichever is installed) and report CRITICAL/HIGH counts
  --env-file FILE  Environment for the container (docker run --env-file), or compose's variables with services
  -e, --env K=V    One variable, repeatable; wins over --env-file
  --no-compose     Run the image alone even when the compose file has backing services
  --timeout S      Seconds to wait for the container to turn healthy (default 90)
  --help           Show this help

Exit codes: 0 the image built and turned healthy (or kept running without a HEALTHCHECK);
1 build, start or health failure; 2 usage error, no Docker engine, or --scan with no scanner installed.
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

/** How the container runs: alone with the env flags, or through compose when the project has backing services. */
async function pickRunner(o: VerifyOptions): Promise<Runner & { stopSync?(name: string): void }> {
  const project = o.compose ? composeProject(o.dir) : undefined;
  if (!project) return dockerRunner(dockerEnvArgs(o));
  return composeRunner({ command: await composeCommand(), projectDir: o.dir, project, envFile: o.envFile, env: Object.fromEntries(o.env) });
}

/** `create-dockerfile verify ...`: builds, runs and measures; returns the exit code. */
export async function runVerifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const o = parseVerifyArgs(argv);
  if (o.help) return io.out(VERIFY_HELP), EXIT.ok;
  const dir = o.dir;
  if (!existsSync(path.join(dir, 'Dockerfile'))) throw new UserError(`${path.join(o.dirArg, 'Dockerfile')}: no Dockerfile; run create-dockerfile first or pass the folder that has one`);
  const old = o.compare === undefined ? undefined : await resolveCompare(o.compare, dir);
  await requireEngine();
  const scan = o.scan ? await scannerFor() : undefined;
  const runner = await pickRunner(o);

  const tty = !o.json && (io.stdoutIsTTY ?? ttyModule().isatty(1));
  const spin = tty ? spinner() : undefined;
  const progress: Progress = spin ? (msg) => spin.message(msg) : (msg, detail) => void (detail ? undefined : io.err(`verify: ${msg}\n`));
  spin?.start('verify: preparing the build context');
  const prefix = `cdf-verify-${randomBytes(4).toString('hex')}`;
  const context = await copyContext(dir);
  // Ctrl-C skips finally blocks: remove this run's containers, images and temp context before exiting.
  const onInterrupt = (): void => {
    const sides = ['before', 'after'];
    for (const s of sides) runner.stopSync?.(`${prefix}-${s}-run`);
    execaSync('docker', ['rm', '-f', '-v', ...sides.map((s) => `${prefix}-${s}-run`)], { reject: false, stdio: 'ignore' });
    execaSync('docker', ['rmi', '-f', ...sides.flatMap((s) => [`${prefix}-${s}:cold`, `${prefix}-${s}:warm`])], { reject: false, stdio: 'ignore' });
    rmSync(context, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const base = { companions: companions(dir), contextDir: context, healthTimeoutS: o.timeoutS, runner, scan };
    const before = old ? await measure({ ...base, label: old.label, dockerfile: old.text, prefix: `${prefix}-before` }, progress) : undefined;
    const after = await measure({ ...base, label: 'Dockerfile', dockerfile: readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), prefix: `${prefix}-after` }, progress);
    spin?.stop(passed(after) ? 'verify: done' : 'verify: the image did not pass');
    if (o.json) io.out(formatJson(before, after));
    else io.out(before ? formatCompare(before, after) : formatSingle(after));
    return passed(after) ? EXIT.ok : EXIT.failure;
  } catch (err) {
    spin?.error('verify: stopped');
    throw err;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await rm(context, { recursive: true, force: true });
  }
}
