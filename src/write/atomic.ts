import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * Writes a file so that readers see either the old or the new content, never a mix: the text goes to a
 * temporary file in the same directory, is flushed to disk, then renamed over the target.
 * An existing file keeps its permission bits; a new one gets 0644.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let mode = 0o644;
  try {
    mode = (await stat(file)).mode & 0o777;
  } catch {
    // new file: default mode
  }
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(`${file}: cannot write (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}); make ${dir} writable or pass --cwd to another folder`);
    }
    throw err;
  }
}
