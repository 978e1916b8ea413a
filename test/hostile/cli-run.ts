import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin', 'create-dockerfile.cjs');

/** We run as root here, where chmod does not stop reads: permission cases run the CLI as `nobody` through setpriv. */
export const NOBODY = { uid: 65534, gid: 65534 };
export const canDropRoot: boolean = process.getuid?.() === 0
  && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', '0']).status === 0;
/** Permission checks only mean something when the test process itself is not root, or can run the CLI as nobody. */
export const permissionSkipReason: string | undefined = process.getuid?.() !== 0 ? undefined
  : canDropRoot ? undefined : 'running as root without setpriv: chmod cannot deny root a read';

/** One CLI run: exit code and both streams. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin (dist/) with `args`; `asNobody` drops to uid 65534 when we are root. */
export function runCli(args: string[], opts: { asNobody?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  const drop = opts.asNobody && process.getuid?.() === 0;
  const cmd = drop ? 'setpriv' : process.execPath;
  const argv = drop ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args] : [BIN, ...args];
  return new Promise((resolve) => {
    const child = execFile(cmd, argv, {
      cwd: opts.cwd ?? REPO,
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), CI: 'true', ...opts.env },
      encoding: 'utf8',
      timeout: 60_000,
    }, (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

/** A fresh temp dir that `nobody` can enter (mkdtemp makes it 0700). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cdf-hostile-${label}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Every path under `dir` (relative, sorted) with its size and mode, to prove a failed run wrote nothing. */
export function snapshotTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      const st = lstatSync(path.join(dir, r));
      out.push(`${r} ${st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : st.size} ${(st.mode & 0o7777).toString(8)} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(r);
    }
  };
  try {
    walk('');
  } catch (err) {
    out.push(`unwalkable: ${(err as NodeJS.ErrnoException).code}`);
  }
  return out;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
