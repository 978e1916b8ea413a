import * as nodeFs from 'node:fs';
import { crypto } from '../fs/lazy-builtins.js';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { readContained } from '../fs/safe-read.js';
import { MAX_OWN_FILE_BYTES } from '../fs/read-own.js';
import { removeStaleTemps } from './atomic.js';
import { writeFailure } from './write-errors.js';

/** One file of a run's output set. */
export interface SetFile {
  /** Path below the root, for messages. */
  rel: string;
  /** What to write. */
  text: string;
  /** What the file held when the run read it (null: there was none); it must still hold exactly that. */
  expected: string | null;
}

/** The file operations a write set performs; injectable so that tests can make any one of them fail. */
export interface WriteOps {
  open: typeof nodeFs.promises.open;
  rename: typeof nodeFs.promises.rename;
  unlink: typeof nodeFs.promises.unlink;
  link: typeof nodeFs.promises.link;
  copyFile: typeof nodeFs.promises.copyFile;
  stat: typeof nodeFs.promises.stat;
}

/** The real file system. */
// Getters: fs.promises is loaded when a run writes, not when this module loads (see fs/lazy-builtins.ts).
export const NODE_OPS: WriteOps = {
  get open() { return nodeFs.promises.open; },
  get rename() { return nodeFs.promises.rename; },
  get unlink() { return nodeFs.promises.unlink; },
  get link() { return nodeFs.promises.link; },
  get copyFile() { return nodeFs.promises.copyFile; },
  get stat() { return nodeFs.promises.stat; },
};

interface Staged extends SetFile {
  abs: string;
  tmp: string;
  backup?: string;
  renamed?: boolean;
}

/**
 * Writes every file of `files` under `root`, or none: each text goes to a temporary file beside its target first
 * (flushed to disk); then every target is checked to still hold what the run read; only then are the temps renamed
 * over their targets, each replaced file kept as a hard-linked backup until all renames are done. Any failure
 * (a full disk, a permission, a file edited meanwhile) puts the backups back, removes what this run created and
 * its temps, and throws one line: the old set stays whole. An existing file keeps its permission bits.
 */
export async function writeAll(root: string, files: readonly SetFile[], ops: WriteOps = NODE_OPS): Promise<void> {
  const staged: Staged[] = files.map((f) => {
    const abs = path.join(root, f.rel);
    return { ...f, abs, tmp: sibling(abs, 'tmp') };
  });
  try {
    for (const f of staged) await writeTemp(f, ops);
    for (const f of staged) await expectUnchanged(root, f);
    for (const f of staged) {
      if (f.expected !== null) await keepBackup(f, ops);
      await ops.rename(f.tmp, f.abs);
      f.renamed = true;
    }
  } catch (err) {
    const lost = await rollBack(staged, ops);
    if (lost.length > 0) {
      throw new UserError(`${lost.map((l) => l.rel).join(', ')}: could not be put back after a failed write (${reason(err)}); the previous text is in ${lost.map((l) => path.relative(root, l.backup!)).join(', ')}: rename it back by hand`, EXIT.usage);
    }
    if (err instanceof UserError) throw err;
    throw writeFailure(err, staged.find((f) => !f.renamed)?.rel ?? files[0]?.rel ?? root);
  }
  for (const f of staged) if (f.backup) await ops.unlink(f.backup).catch(() => undefined);
  for (const dir of new Set(staged.map((f) => path.dirname(f.abs)))) {
    for (const base of staged.filter((f) => path.dirname(f.abs) === dir).map((f) => path.basename(f.abs))) await removeStaleTemps(dir, base);
  }
}

function sibling(abs: string, kind: 'tmp' | 'backup'): string {
  // pid (a killed run's leftovers are recognisable) + random part (two writes of one file must not collide).
  return path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.${kind}`);
}

async function writeTemp(f: Staged, ops: WriteOps): Promise<void> {
  let mode = 0o644;
  if (f.expected !== null) mode = (await ops.stat(f.abs).catch(() => undefined))?.mode ?? mode;
  const handle = await ops.open(f.tmp, 'wx', mode & 0o777);
  try {
    await handle.writeFile(f.text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The target still holds what the run read (no file: still none); else nothing is written. */
async function expectUnchanged(root: string, f: Staged): Promise<void> {
  const st = await nodeFs.promises.lstat(f.abs).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  let now: string | null = null;
  if (st?.isSymbolicLink()) now = '\u0000link';
  else if (st) {
    const read = await readContained(nodeFs, f.abs, { boundary: root, cap: MAX_OWN_FILE_BYTES });
    now = read.kind === 'file' ? Buffer.from(read.bytes).toString('utf8') : `\u0000${read.kind}`;
  }
  if (now === f.expected) return;
  const what = f.expected === null ? 'was created' : now === null ? 'was removed' : 'was changed';
  throw new UserError(`${f.rel}: ${what} while create-dockerfile was running; nothing was written. Run it again to take the new state into account`, EXIT.failure);
}

async function keepBackup(f: Staged, ops: WriteOps): Promise<void> {
  const backup = sibling(f.abs, 'backup');
  // A hard link costs nothing and keeps the very file (inode, mode, owner); a copy where links are not supported.
  await ops.link(f.abs, backup).catch(() => ops.copyFile(f.abs, backup, nodeFs.constants.COPYFILE_EXCL));
  f.backup = backup;
}

/** Undoes what was done, newest first; returns the files whose old text could not be put back (backup kept). */
async function rollBack(staged: Staged[], ops: WriteOps): Promise<Staged[]> {
  const lost: Staged[] = [];
  for (const f of [...staged].reverse()) {
    if (f.renamed) {
      const undone = f.backup ? await ops.rename(f.backup, f.abs).then(() => true, () => false) : await ops.unlink(f.abs).then(() => true, () => false);
      if (!undone && f.backup) lost.push(f);
    } else {
      if (f.backup) await ops.unlink(f.backup).catch(() => undefined);
      await ops.unlink(f.tmp).catch(() => undefined);
    }
  }
  return lost;
}

function reason(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String((err as Error).message ?? err);
}
