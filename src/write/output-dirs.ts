import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * Makes the folders that outputs go into (`k8s/overlays/production/`, `.github/workflows/`), inside the project only:
 * every existing step below `root` must be a real folder, never a symbolic link (which could lead the write out of the
 * project) or a file. All paths are checked before any folder is made, so a refusal leaves the project untouched.
 */
export async function ensureOutputDirs(root: string, relFiles: readonly string[]): Promise<void> {
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
      const st = await lstat(at).catch(() => undefined);
      if (st === undefined) missing.push(at);
      else if (st.isSymbolicLink()) throw new UserError(`${path.relative(root, at)}: a symbolic link where create-dockerfile writes a folder of outputs; replace it with a real folder and run again`);
      else if (!st.isDirectory()) throw new UserError(`${path.relative(root, at)}: not a folder, but create-dockerfile writes ${rel} inside it; move it away and run again`);
    }
  }
  for (const dir of missing) await mkdir(dir).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
}
