import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createProjectFs } from '../fs/project-fs.js';
import { buildPlan } from '../plan/detect.js';
import { render, templatesDir } from '../render/render.js';
import { EscapeError } from '../render/escape.js';
import { fileStatuses, type PlannedFile } from '../write/status.js';
import { writeAtomic } from '../write/atomic.js';
import { EXIT, UserError } from '../errors.js';
import { parseOptions, type Options } from './options.js';
import { diffs, helpText, planJson, planSummary, statusLines } from './report.js';
import { runInteractive } from './interactive.js';

/** Where the CLI writes; injectable for tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  stdinIsTTY: Boolean(process.stdin.isTTY),
};

/** The package version, read once from package.json next to templates/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(templatesDir(), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI and returns its exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let verbose = argv.includes('--verbose');
  try {
    const opts = parseOptions(argv, io.env, io.stdinIsTTY);
    verbose = opts.verbose;
    const version = packageVersion();
    if (opts.help) return io.out(helpText(version)), EXIT.ok;
    if (opts.version) return io.out(`${version}\n`), EXIT.ok;
    checkDir(opts.cwd);
    if (opts.interactive) return await runInteractive(opts, version);
    return await runBatch(opts, version, io);
  } catch (err) {
    return reportError(err, verbose, io);
  }
}

function checkDir(dir: string): void {
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UserError(`${dir}: no such folder; pass --cwd with the project folder`);
}

/** Detect, plan, render and write without a single question. */
async function runBatch(opts: Options, version: string, io: Io): Promise<number> {
  const fs = createProjectFs(opts.cwd);
  const { plan } = await buildPlan(fs, opts.answers);
  const files = await fileStatuses(opts.cwd, render(plan), opts.force);
  const conflicts = files.filter((f) => f.status === 'conflict');
  if (opts.json) io.out(planJson(plan, files));
  else io.out(`${planSummary(plan)}\n\n`);
  if (opts.diff) io.out(diffs(files));
  if (conflicts.length > 0) {
    if (!opts.json) io.out(`${statusLines(files, true)}\n`);
    io.err(`create-dockerfile: ${conflicts.map((c) => c.path).join(', ')} differ${conflicts.length === 1 ? 's' : ''} from what would be generated; nothing was written. Review with --diff, then re-run with --force to overwrite\n`);
    return EXIT.failure;
  }
  if (!opts.dryRun) await writeFiles(opts.cwd, files);
  if (!opts.json) io.out(`${statusLines(files, opts.dryRun)}\n`);
  return EXIT.ok;
}

/** Writes every file whose status calls for it; identical files are not touched (mtime kept). */
export async function writeFiles(root: string, files: PlannedFile[]): Promise<void> {
  for (const f of files) {
    if (f.status === 'create' || f.status === 'update') await writeAtomic(path.join(root, f.path), f.text);
  }
}

function reportError(err: unknown, verbose: boolean, io: Io): number {
  if (err instanceof UserError) {
    io.err(`create-dockerfile: ${err.message}\n`);
    if (verbose && err.stack) io.err(`${err.stack}\n`);
    return err.exitCode;
  }
  if (err instanceof EscapeError) {
    io.err(`create-dockerfile: a detected or given value cannot be written safely: ${err.message}; pass the value with a flag (see --help)\n`);
    if (verbose && err.stack) io.err(`${err.stack}\n`);
    return EXIT.usage;
  }
  io.err(`create-dockerfile: internal error: ${(err as Error)?.message ?? String(err)}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && (err as Error)?.stack) io.err(`${(err as Error).stack}\n`);
  return EXIT.failure;
}
