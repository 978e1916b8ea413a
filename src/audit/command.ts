import { existsSync, readFileSync, statSync } from 'node:fs';
import { formatCap, readRegularFileSync, specialKind } from '../fs/safe-read.js';

/** The most bytes audit reads from one file (a real Dockerfile is a few KB). */
const MAX_AUDIT_BYTES = 4 * 1024 * 1024;
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UserError } from '../errors.js';
import { templatesDir } from '../render/render.js';
import { COMPOSE_FILES, auditFiles } from './audit.js';
import { deployFiles } from './collect-deploy.js';
import { formatHuman, formatJson, formatSarif } from './format.js';
import type { AuditFile } from './types.js';
import { tty as ttyModule } from '../fs/lazy-builtins.js';

/** Output and environment a subcommand needs (the CLI's Io satisfies it). */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colours, spinners); defaults to whether descriptor 1 is a terminal. */
  stdoutIsTTY?: boolean;
}

/** `audit --help`. */
export const AUDIT_HELP = `Usage: npx create-dockerfile audit [DIR|Dockerfile] [--json | --sarif]

Audits a Dockerfile together with the .dockerignore next to it, the compose file
(compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml), the Swarm stack file
(docker-stack.yml) and the Kubernetes manifests (YAML files under k8s/) when there are any.
A workspace member's Dockerfile without a .dockerignore beside it (audit apps/web/Dockerfile,
run at the workspace root) is audited with those of its build context, the root.
DIR defaults to the current folder. Rules and fixes: see "Audit and verify" in the README.

Flags:
  --json     Findings as JSON
  --sarif    Findings as SARIF 2.1.0 (for code-scanning upload)
  --help     Show this help

Exit codes: 0 no error-level finding; 1 at least one error-level finding; 2 usage error or no Dockerfile.
`;

/** The package version (package.json next to templates/). */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(path.join(templatesDir(), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Path as shown to the user and in SARIF: relative to the working directory when inside it, forward slashes. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}

/**
 * The SARIF artifact URI of an audited file: relative to the root of the git repository it is in (the nearest
 * folder up that holds `.git`, a folder or a worktree's file) so code scanning maps it; else the path as shown.
 */
export function sarifUri(file: string, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, file);
  for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return path.relative(dir, abs).split(path.sep).join('/');
    if (path.dirname(dir) === dir) return file;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The build context of a Dockerfile in `dir`: its own folder, unless that has no .dockerignore and a folder above it,
 * up to the working directory, has one (a workspace member's Dockerfile, built from the workspace root with
 * `-f apps/web/Dockerfile`, whose .dockerignore, compose file and manifests are at the root).
 */
function buildContext(dir: string, cwd: string): string {
  if (isFile(path.join(dir, '.dockerignore'))) return dir;
  const rel = path.relative(cwd, dir);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return dir;
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    if (isFile(path.join(up, '.dockerignore'))) return up;
    if (up === cwd || path.dirname(up) === up) return dir;
  }
}

/**
 * Finds what to audit: `target` is a folder (its Dockerfile) or a Dockerfile; the .dockerignore, compose file,
 * stack file and k8s/ manifests are looked up next to it, or at its build context ({@link buildContext}). A missing
 * Dockerfile is a UserError (exit 2).
 */
export function collectAuditFiles(target: string, cwd: string = process.cwd()): AuditFile[] {
  const abs = path.resolve(cwd, target);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new UserError(`${target}: no such file or folder; pass a project folder or a Dockerfile`);
  }
  const dockerfile = isDir ? path.join(abs, 'Dockerfile') : abs;
  if (!existsSync(dockerfile)) throw new UserError(`${displayPath(dockerfile, cwd)}: no Dockerfile; pass the folder that has one, or the Dockerfile itself`);
  if (!isFile(dockerfile)) {
    const kind = specialKind(statSync(dockerfile));
    if (kind === 'a directory') throw new UserError(`${displayPath(dockerfile, cwd)}: is a folder, not a Dockerfile; pass the Dockerfile itself (audit path/to/Dockerfile)`);
    throw new UserError(`${displayPath(dockerfile, cwd)}: is ${kind}, not a file to audit (not opened); pass a regular file`);
  }
  const dir = path.dirname(dockerfile);
  const read = (file: string): AuditFile => {
    const shown = displayPath(file, cwd);
    const r = readRegularFileSync(file, MAX_AUDIT_BYTES);
    if ('special' in r) throw new UserError(`${shown}: is ${r.special}, not a file to audit (not opened); pass a regular file`);
    if ('tooLarge' in r) throw new UserError(`${shown}: larger than ${formatCap(r.tooLarge)}; could not audit a file this size`);
    return { path: shown, text: r.text };
  };
  const files = [read(dockerfile)];
  const context = buildContext(dir, path.resolve(cwd));
  const ignore = path.join(context, '.dockerignore');
  if (isFile(ignore)) files.push(read(ignore));
  const compose = COMPOSE_FILES.map((f) => path.join(context, f)).find(isFile);
  if (compose) files.push(read(compose));
  for (const rel of deployFiles(context)) files.push(read(path.join(context, rel)));
  return files;
}

/** `create-dockerfile audit ...`: prints the report and returns the exit code (1 when any error-level finding). */
export async function runAuditCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, sarif: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } },
    });
  } catch (err) {
    throw new UserError(`audit: ${(err as Error).message.split('\n')[0]}; see create-dockerfile audit --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return io.out(AUDIT_HELP), EXIT.ok;
  if (positionals.length > 1) throw new UserError(`audit: one folder or Dockerfile at most, got ${positionals.join(' ')}; see create-dockerfile audit --help`);
  if (values.json && values.sarif) throw new UserError('audit: --json and --sarif exclude each other; pick one');
  const files = collectAuditFiles(positionals[0] ?? '.');
  let findings;
  try {
    findings = auditFiles(files);
  } catch (err) {
    if (err instanceof UserError) throw err;
    // Exit 1 means "findings"; a file the audit cannot get through is exit 2, like any unusable input.
    throw new UserError(`audit: could not audit ${files.map((f) => f.path).join(', ')} (${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 120)}); simplify the file or report it`);
  }
  const audited = files.map((f) => f.path);
  if (values.json) io.out(formatJson(findings, audited));
  else if (values.sarif) {
    const uris = new Map(audited.map((f) => [f, sarifUri(f)]));
    io.out(formatSarif(findings, toolVersion(), (f) => uris.get(f) ?? f));
  }
  else {
    const tty = io.stdoutIsTTY ?? ttyModule().isatty(1);
    io.out(formatHuman(findings, audited, tty && !io.env.NO_COLOR && io.env.TERM !== 'dumb'));
  }
  return findings.some((f) => f.severity === 'error') ? EXIT.failure : EXIT.ok;
}
