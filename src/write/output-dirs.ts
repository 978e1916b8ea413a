// fs.promises, read where used: a top-level import of node:fs/promises loads it at start-up (see lazy-builtins.ts).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { writeFailure } from './write-errors.js';

/**
 * Makes the folders that outputs go into (`k8s/overlays/production/`, `.github/workflows/`), inside the project only:
 * every existing step below `root` must be a real folder, never a symbolic link (which could lead the write out of the
 * project) or a file. All paths are checked before any folder is made, so a refusal leaves the project untouched.
 * Returns the folders it made, parents first (a failed write removes them again).
 */
export async function ensureOutputDirs(root: string, relFiles: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const rel of relFiles) {
    const parts = path.dirname(rel).split(/[\\/]/).filter((p) => p !== '' && p !== '.');
    let at = root;
    for (const part of parts) {
      if (part === '..') throw new UserError(`${rel}: an output path leaving the project; this is a bug, please report it`);
      at = path.join(at, part);
      if (seen.has(at)) continue;
      seen.add(at);
      const st = await fsp.lstat(at).catch(() => undefined);
      if (st === undefined) missing.push(at);
      else if (st.isSymbolicLink()) throw new UserError(`${path.relative(root, at)}: a symbolic link where create-dockerfile writes a folder of outputs; replace it with a real folder and run again`);
      else if (!st.isDirectory()) throw new UserError(`${path.relative(root, at)}: not a folder, but create-dockerfile writes ${rel} inside it; move it away and run again`);
    }
  }
  const made: string[] = [];
  for (const dir of missing) {
    try {
      await fsp.mkdir(dir);
      made.push(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      await removeDirs(made);
      throw writeFailure(err, path.relative(root, dir));
    }
  }
  return made;
}

/** Removes folders {@link ensureOutputDirs} made (children first), as long as they are still empty. */
export async function removeDirs(made: readonly string[]): Promise<void> {
  for (const dir of [...made].reverse()) await fsp.rmdir(dir).catch(() => undefined);
}
