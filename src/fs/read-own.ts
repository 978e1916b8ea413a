import path from 'node:path';
import * as nodeFs from 'node:fs';
import { UserError } from '../errors.js';
import { formatCap, readContained, resolveInside } from './safe-read.js';

/** The most bytes read from a file create-dockerfile wrote itself (a Dockerfile, compose file, the state file). */
export const MAX_OWN_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a file create-dockerfile writes (`rel` under `root`), or null when there is none. Unlike a manifest, such a
 * file is about to be replaced, so anything odd there is refused with one line rather than skipped: a link leaving
 * the project, a FIFO, device or folder, or more than {@link MAX_OWN_FILE_BYTES}. A link inside the project is
 * refused too: writing would replace the link by a file (or write through it into another file), neither of which
 * the user asked for.
 */
export async function readOwnFile(root: string, rel: string, what: string): Promise<string | null> {
  let read;
  try {
    const target = await linkTarget(root, rel);
    if (target !== undefined) {
      throw new UserError(`${rel}: a symbolic link${target ? ` to ${target}` : ''}, where create-dockerfile writes a regular file (the link is not replaced, its target not written); replace the link with a copy of the file, or remove it, and run again`);
    }
    read = await readContained(nodeFs, path.join(root, rel), { boundary: root, cap: MAX_OWN_FILE_BYTES });
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${rel}: permission denied while reading it; fix its permissions and run again`);
    if (code === 'ELOOP') throw new UserError(`${rel}: symbolic link loop; remove the link and run again`);
    throw new UserError(`${rel}: cannot read it (${code ?? (err as Error).message}); fix it or move it away and run again`);
  }
  switch (read.kind) {
    case 'absent':
      return null;
    case 'outside':
      throw new UserError(`${rel}: a symbolic link to a path outside the project (not read, not written through); replace it with a regular file or remove it, and run again`);
    case 'special':
      if (read.what === 'a directory') throw new UserError(`${rel}: is a directory where ${what} should be; move it away and run again`);
      throw new UserError(`${rel}: is ${read.what}, not ${what} (not opened); remove it and run again`);
    case 'too-large':
      throw new UserError(`${rel}: larger than ${formatCap(read.cap)}, too large to be ${what}; move it away and run again`);
    case 'file':
      return Buffer.from(read.bytes).toString('utf8');
  }
}

/**
 * For a symbolic link inside the project: where it points, relative to the root ('' when it dangles); undefined
 * when `rel` is no link. A link leaving the project is left to the contained read, which names it as such.
 */
async function linkTarget(root: string, rel: string): Promise<string | undefined> {
  const abs = path.join(root, rel);
  // Synchronous, like the contained read: an asynchronous lstat is a round trip through libuv's thread pool (the
  // first one starts the pool's threads), several times the cost of the call on a busy machine.
  let st: nodeFs.Stats | undefined;
  try {
    st = nodeFs.lstatSync(abs);
  } catch {
    // no such file, or not readable: the contained read says which
  }
  if (!st?.isSymbolicLink()) return undefined;
  const where = await resolveInside(nodeFs, root, abs);
  if (where && !where.inside) return undefined;
  return where ? path.relative(nodeFs.realpathSync.native(root), where.real) : '';
}
