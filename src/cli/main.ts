import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { templatesDir } from '../render/render.js';
import { EscapeError } from '../render/escape.js';
import { audit, prepare, write, type Generation } from '../pipeline/run.js';
import { EXIT, UserError } from '../errors.js';
import { parseOptions, type Options } from './options.js';
import { appsJson, diffs, helpText, planJson, runSummary, statusLines } from './report.js';
import { printable } from './printable.js';
import { tty } from '../fs/lazy-builtins.js';
import { writeErr, writeOut } from './stdio.js';

/** Where the CLI writes; injectable for tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether standard input is a terminal; read only when the answer matters (not under --yes, --json, --check, CI). */
  readonly stdinIsTTY: boolean;
}

const processIo: Io = {
  out: writeOut,
  err: writeErr,
  env: process.env,
  // Not process.stdin.isTTY: reading process.stdin builds its stream (~5 ms), and a generation never reads it.
  get stdinIsTTY() {
    return tty().isatty(0);
  },
};

/** The package version, read once from package.json next to templates/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(templatesDir(), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

let kind: string | undefined;
/**
 * What the last {@link main} call ran (`generate:node`, `dry-run:go`, `check:go`, `audit`, ...): the code cache is rewritten once
 * per kind of run (src/boot/code-cache.ts). Undefined when the run stopped before knowing.
 */
export function runKind(): string | undefined {
  return kind;
}

/** Runs the CLI and returns its exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let verbose = argv.includes('--verbose');
  try {
    // Each command loads only its own code: a generation never loads the verify engine or the prompts.
    kind = argv[0] === 'audit' || argv[0] === 'verify' ? argv[0] : undefined;
    if (argv[0] === 'audit') return await (await import('../audit/command.js')).runAuditCommand(argv.slice(1), io);
    if (argv[0] === 'verify') return await (await import('../verify/command.js')).runVerifyCommand(argv.slice(1), io);
    const opts = parseOptions(argv, io.env, () => io.stdinIsTTY);
    verbose = opts.verbose;
    const version = packageVersion();
    if (opts.help) return io.out(helpText(version)), EXIT.ok;
    if (opts.version) return io.out(`${version}\n`), EXIT.ok;
    checkDir(opts.cwd);
    if (opts.interactive) kind = 'interactive';
    if (opts.interactive) return await (await import('./interactive.js')).runInteractive(opts, version);
    return await runBatch(opts, io);
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

/** The pipeline without a single question; prints what it decided and writes unless told not to. */
async function runBatch(opts: Options, io: Io): Promise<number> {
  const prepared = await prepare({ ...opts, warn: (w) => io.err(`create-dockerfile: warning: ${printable(w)}\n`) });
  const { gen, conflicts } = prepared;
  // A dry run never runs the write path (state text, gzip, atomic writes): a kind of its own.
  kind = `${opts.check ? 'check' : opts.dryRun ? 'dry-run' : 'generate'}:${gen.plan.stack}`;
  if (opts.check) return reportCheck(gen, io, opts.json);
  const shown = [...gen.files, prepared.saved];
  const audited = await audit(prepared);
  if (opts.json) io.out(gen.apps ? appsJson(gen.apps, shown, gen.changes, audited.findings) : planJson(gen.plan, shown, gen.changes, audited.findings));
  else io.out(`${printable(runSummary(gen))}\n\n`);
  if (opts.diff) io.out(printable(diffs(gen.files)));
  if (conflicts.length > 0) {
    if (!opts.json) io.out(`${printable(statusLines(gen.files, true))}\n`);
    // Under --force only a compose file of the user's that cannot be merged into is left in conflict.
    const fix = opts.onConflict === 'generated' ? 'fix it (or move it aside) and re-run' : 'Review with --dry-run --diff; then re-run with --force to take the generated file, or merge by hand and re-run with --keep';
    for (const c of conflicts) io.err(`create-dockerfile: ${printable(c.path)}: ${printable(c.reason ?? '')}; nothing was written. ${fix}\n`);
    return EXIT.failure;
  }
  if (!opts.dryRun) await write(prepared);
  if (!opts.json) io.out(`${printable(`${statusLines(shown, opts.dryRun)}\n${audited.summary}`)}\n`);
  return EXIT.ok;
}

/** `--check`: 0 when every file is what a re-run would leave, else 1 with the diffs. Never writes. */
function reportCheck(gen: Generation, io: Io, json: boolean): number {
  const stale = gen.files.filter((f) => f.status !== 'identical' && f.status !== 'kept');
  if (json) {
    const files = gen.files.map((f) => ({ path: f.path, status: f.status, ...(f.reason ? { reason: f.reason } : {}) }));
    io.out(`${JSON.stringify({ upToDate: stale.length === 0, files, changes: gen.changes }, null, 2)}\n`);
    return stale.length === 0 ? EXIT.ok : EXIT.failure;
  }
  if (stale.length === 0) {
    io.out(`create-dockerfile: up to date (${gen.files.map((f) => f.path).join(', ')})\n`);
    return EXIT.ok;
  }
  io.out(printable(diffs(stale)));
  for (const c of gen.changes) io.out(`  - ${printable(c)}\n`);
  io.err(`create-dockerfile: stale: ${stale.map((f) => `${f.path} (${f.status === 'conflict' ? `conflict: ${f.reason}` : `would ${f.status === 'create' ? 'be created' : f.status === 'merge' ? 'merge the new generation into your edits' : 'change'}`})`).join(', ')}; run npx create-dockerfile and commit the result\n`);
  return EXIT.failure;
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
  io.err(`create-dockerfile: internal error: ${printable(String((err as Error)?.message ?? err))}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && (err as Error)?.stack) io.err(`${(err as Error).stack}\n`);
  return EXIT.failure;
}

export { guardStdio } from './stdio.js';
