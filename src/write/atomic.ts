// fs.promises, read where used: a top-level import of node:fs/promises loads it at start-up (see lazy-builtins.ts).
import { promises as fsp } from 'node:fs';
import { crypto } from '../fs/lazy-builtins.js';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * Writes a file so that readers see either the old or the new content, never a mix: the text goes to a
 * temporary file in the same directory, is flushed to disk, then renamed over the target.
 * An existing file keeps its permission bits; a new one gets 0644.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  // pid (for cleaning up after a killed run) + random part (two writes of one file in one millisecond must not collide).
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o644;
  try {
    mode = (await fsp.stat(file)).mode & 0o777;
  } catch {
    // new file: default mode
  }
  try {
    const handle = await fsp.open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, file);
    await removeStaleTemps(dir, path.basename(file));
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(`${file}: cannot write (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}); make ${dir} writable or pass --cwd to another folder`);
    }
    throw err;
  }
}

/**
 * Removes temporary files an earlier run left next to `base` when it was killed mid-write (their writer's pid is
 * gone). Best effort: a file that cannot be removed is left alone.
 */
export async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await fsp.unlink(path.join(dir, name)).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
