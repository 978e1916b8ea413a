// Counts the file-system calls a whole process makes inside a project folder, seen from outside with strace.
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * @typedef {object} FsAccess
 * @property {number} calls    path-taking and directory-listing syscalls that hit the project folder
 * @property {number} paths    distinct project paths those calls touched (stat'ed, opened, read or listed)
 * @property {number} listed   distinct project directories whose entries were read (getdents64)
 * @property {number} walkedIgnored  directories listed that are, or lie inside, an ignored tree (node_modules/,
 *   .git/, target/, ...): walking them is what makes generators slow on big repositories; must be 0
 * @property {number} probedIgnored  paths inside an ignored tree that were only looked up (e.g. vendor/modules.txt)
 * @property {string[]} ignoredSample  a few of those, for the report
 */

/** Why the files column is empty, or '' when strace works here. */
export function straceProblem() {
  const r = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (r.error) return 'strace not installed (apt-get install strace), so files stat\'ed/read are not counted';
  if (r.status !== 0) return `strace cannot trace here (${r.stderr.trim().split('\n')[0]}), so files are not counted`;
  return '';
}

/**
 * Runs `file args` under `strace -f` in `cwd` and counts what it touched under `root`.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd: string, root: string, ignoredDirs: readonly string[] }} opts
 * @returns {FsAccess}
 */
export function traceFsAccess(file, args, opts) {
  const log = path.join(os.tmpdir(), `cd-bench-strace-${process.pid}-${Date.now()}.log`);
  try {
    const r = spawnSync('strace', ['-f', '-qq', '-y', '-s', '4096', '-e', 'trace=%file,getdents64', '-o', log, file, ...args], {
      cwd: opts.cwd,
      encoding: 'utf8',
      input: '',
      timeout: 300_000,
      env: { ...process.env, CI: 'true' },
    });
    if (r.status !== 0) throw new Error(`strace ${file} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
    return countAccess(readFileSync(log, 'utf8'), opts.cwd, opts.root, opts.ignoredDirs);
  } finally {
    rmSync(log, { force: true });
  }
}

/**
 * Parses an strace log (`-f -y`) and counts calls on paths under `root`.
 * @param {string} text
 * @param {string} cwd
 * @param {string} root
 * @param {readonly string[]} ignoredDirs
 * @returns {FsAccess}
 */
export function countAccess(text, cwd, root, ignoredDirs) {
  const ignored = new Set(ignoredDirs);
  const touched = new Set();
  const listed = new Set();
  const walked = new Set();
  const probed = new Set();
  let calls = 0;
  for (const line of text.split('\n')) {
    // "<... openat resumed>" lines continue a call already counted on its "<unfinished ...>" line.
    if (line.includes(' resumed>') || line.includes('+++') || line.includes('---')) continue;
    const p = callPath(line, cwd);
    if (p === undefined || (p !== root && !p.startsWith(`${root}/`))) continue;
    calls++;
    touched.add(p);
    const segments = p === root ? [] : path.relative(root, p).split('/');
    const isListing = /^\d+\s+getdents/.test(line);
    if (isListing) listed.add(p);
    if (isListing && segments.some((s) => ignored.has(s))) walked.add(p);
    else if (segments.slice(0, -1).some((s) => ignored.has(s))) probed.add(p);
  }
  return {
    calls, paths: touched.size, listed: listed.size, walkedIgnored: walked.size, probedIgnored: probed.size,
    ignoredSample: [...walked, ...probed].slice(0, 5).map((p) => path.relative(root, p)),
  };
}

/** The absolute path one strace line is about: its first string argument, or else its first fd's path. */
function callPath(/** @type {string} */ line, /** @type {string} */ cwd) {
  const open = line.indexOf('(');
  if (open < 0) return undefined;
  const args = line.slice(open + 1);
  const str = /"((?:[^"\\]|\\.)*)"/.exec(args);
  if (str) {
    const p = str[1];
    if (p.startsWith('/')) return path.normalize(p);
    // A relative path is relative to the dirfd just before it (annotated by -y), else to the cwd.
    const dirfd = /<([^>]*)>\s*,\s*"/.exec(args.slice(0, str.index + 1));
    return path.resolve(dirfd ? dirfd[1] : cwd, p);
  }
  const fd = /^\d+<([^>]*)>/.exec(args);
  return fd ? path.normalize(fd[1]) : undefined;
}
