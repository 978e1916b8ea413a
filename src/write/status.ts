import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStatus } from '../plan/types.js';
import type { GeneratedFile } from '../render/render.js';
import { UserError } from '../errors.js';

/** A generated file with what writing it would do, and the current content when it exists. */
export interface PlannedFile extends GeneratedFile {
  status: FileStatus;
  current: string | null;
}

/**
 * Compares each generated file with the one on disk. A differing file is a `conflict` (it may hold the
 * user's edits) unless `force` makes it an `update`. Nothing is written here.
 */
export async function fileStatuses(root: string, files: GeneratedFile[], force: boolean): Promise<PlannedFile[]> {
  return Promise.all(files.map(async (f) => {
    let current: string | null = null;
    try {
      current = await readFile(path.join(root, f.path), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw new UserError(`${f.path}: is a directory where a file should be written; move it away and run again`);
      if (code === 'EACCES') throw new UserError(`${f.path}: permission denied while reading it; fix its permissions and run again`);
      if (code !== 'ENOENT') throw err;
    }
    const status: FileStatus = current === null ? 'create' : current === f.text ? 'identical' : force ? 'update' : 'conflict';
    return { ...f, status, current };
  }));
}
