import * as nodeFs from 'node:fs';
import { readContained } from '../fs/safe-read.js';
import { MAX_OWN_FILE_BYTES } from '../fs/read-own.js';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeAtomic } from '../write/atomic.js';
import { contentHash } from '../fs/content-hash.js';

/**
 * git reads the repository's own config, which can name programs to run (gpg.program with log.showSignature, a
 * pager, an fsmonitor hook): a cloned repository must not run anything through us. These override them.
 */
const GIT_SAFE = ['-c', 'log.showSignature=false', '-c', 'gpg.program=false', '-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'diff.external=', '--no-pager'];
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat', PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

/**
 * Runs git with {@link GIT_SAFE} overrides. node:child_process (and the net and stream modules it pulls in) is
 * loaded on the first call: most runs never start git.
 */
async function git(args: string[], options: { maxBuffer?: number } = {}): Promise<{ stdout: string }> {
  const { execFile } = await import('node:child_process');
  return promisify(execFile)('git', [...GIT_SAFE, ...args], { timeout: 10_000, env: GIT_ENV, ...options });
}

/**
 * Where the last generated texts (the merge bases) are kept, content-addressed by hash, out of the work tree:
 * `.git/create-dockerfile/` when the project is in a git repository, else the user's cache folder.
 */
export async function basesDir(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const git = await gitDir(root);
  if (git) return path.join(git, 'create-dockerfile');
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(cache, 'create-dockerfile', 'bases');
}

/** Keeps `text` as a future merge base. */
export async function storeBase(root: string, text: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const dir = await basesDir(root, env);
  const file = path.join(dir, contentHash(text).slice('sha256:'.length));
  if (await exists(file)) return;
  await nodeFs.promises.mkdir(dir, { recursive: true });
  await writeAtomic(file, text);
}

/**
 * The text whose hash is `hash`: from the bases folder, else from the last commits that touched `file` (a
 * teammate's clone has the generated file in history when it was committed unedited), else null.
 */
export async function findBase(root: string, file: string, hash: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const dir = await basesDir(root, env);
  try {
    // Capped and contained like any read: the store sits in a folder the repository controls.
    const read = await readContained(nodeFs, path.join(dir, hash.slice('sha256:'.length)), { boundary: dir, cap: MAX_OWN_FILE_BYTES });
    const text = read.kind === 'file' ? Buffer.from(read.bytes).toString('utf8') : '';
    if (contentHash(text) === hash) return text;
  } catch {
    // not kept on this machine: try history
  }
  return fromHistory(root, file, hash);
}

async function fromHistory(root: string, file: string, hash: string): Promise<string | null> {
  try {
    const { stdout } = await git(['-C', root, 'log', '--no-show-signature', '--format=%H', '-n', '50', '--', file]);
    for (const commit of stdout.split('\n').filter(Boolean)) {
      const show = await git(['-C', root, 'show', '--no-textconv', `${commit}:./${file}`], { maxBuffer: 16 * 1024 * 1024 }).catch(() => null);
      if (show && contentHash(show.stdout) === hash) return show.stdout;
    }
  } catch {
    // no git, not a repository, or no history: no base
  }
  return null;
}

/**
 * The `.git` folder of the repository holding `root`, or null. Only a real folder counts: a `.git` file (worktree,
 * submodule) or link can point anywhere, and the store is never written outside the project's own `.git`; such
 * repositories use the user cache.
 */
async function gitDir(root: string): Promise<string | null> {
  let dir = path.resolve(root);
  for (;;) {
    const candidate = path.join(dir, '.git');
    try {
      const s = await nodeFs.promises.lstat(candidate);
      if (s.isDirectory()) return candidate;
      return null;
    } catch {
      // not here: go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function exists(file: string): Promise<boolean> {
  return nodeFs.promises.stat(file).then(() => true, () => false);
}
