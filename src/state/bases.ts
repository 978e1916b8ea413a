import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeAtomic } from '../write/atomic.js';
import { contentHash } from '../fs/content-hash.js';

const run = promisify(execFile);

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
  await mkdir(dir, { recursive: true });
  await writeAtomic(file, text);
}

/**
 * The text whose hash is `hash`: from the bases folder, else from the last commits that touched `file` (a
 * teammate's clone has the generated file in history when it was committed unedited), else null.
 */
export async function findBase(root: string, file: string, hash: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const stored = path.join(await basesDir(root, env), hash.slice('sha256:'.length));
  try {
    const text = await readFile(stored, 'utf8');
    if (contentHash(text) === hash) return text;
  } catch {
    // not kept on this machine: try history
  }
  return fromHistory(root, file, hash);
}

async function fromHistory(root: string, file: string, hash: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['-C', root, 'log', '--format=%H', '-n', '50', '--', file], { timeout: 10_000 });
    for (const commit of stdout.split('\n').filter(Boolean)) {
      const show = await run('git', ['-C', root, 'show', `${commit}:./${file}`], { timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }).catch(() => null);
      if (show && contentHash(show.stdout) === hash) return show.stdout;
    }
  } catch {
    // no git, not a repository, or no history: no base
  }
  return null;
}

/** The git directory of the repository holding `root` (a `.git` folder, or the one a `.git` file points to). */
async function gitDir(root: string): Promise<string | null> {
  let dir = path.resolve(root);
  for (;;) {
    const candidate = path.join(dir, '.git');
    try {
      const s = await stat(candidate);
      if (s.isDirectory()) return candidate;
      const m = /^gitdir:\s*(.+)$/m.exec(await readFile(candidate, 'utf8'));
      if (m) return path.resolve(dir, m[1]!.trim());
    } catch {
      // not here: go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
