import path from 'node:path';
import * as nodeFs from 'node:fs';

/**
 * The parts of node's `fs` (or memfs) that a contained read needs. The calls are the synchronous ones: a run reads
 * a few dozen small local files, and each asynchronous call is a round trip through libuv's thread pool that costs
 * more than the read itself (on a busy machine, several times more wall time).
 */
export type ReadFsLike = Pick<typeof nodeFs, 'realpathSync' | 'statSync' | 'openSync' | 'fstatSync' | 'readSync' | 'closeSync'>;

/**
 * What a contained read found. Only `file` carries bytes; every other kind says why nothing was read:
 * `absent` (no such file), `outside` (a link resolving beyond the boundary), `special` (a FIFO, device, socket
 * or directory where a file is expected), `too-large` (more than the cap, found while reading).
 */
export type ContainedRead =
  | { kind: 'file'; bytes: Uint8Array }
  | { kind: 'absent' }
  | { kind: 'outside'; target: string }
  | { kind: 'special'; what: string }
  | { kind: 'too-large'; cap: number };

/** How a read is bounded: the folder nothing may resolve outside of, and the most bytes read from one file. */
export interface ReadLimits {
  /** Absolute folder every read must resolve inside (symbolic links included). */
  boundary: string;
  /** Bytes; the read stops at cap + 1 and reports `too-large`, so a file growing while read cannot blow memory. */
  cap: number;
}

// O_NONBLOCK: a FIFO swapped in between the type check and the open must not block the open.
const OPEN_FLAGS = nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NOFOLLOW ?? 0) | (nodeFs.constants.O_NONBLOCK ?? 0);

/** What kind of non-regular file a stat describes, for messages. */
export function specialKind(st: nodeFs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** True when `target` is `boundary` itself or below it (both absolute and already resolved). */
export function isWithin(boundary: string, target: string): boolean {
  const rel = path.relative(boundary, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `abs` (links included) and says whether it stays inside `boundary`. `undefined` when it does not exist
 * (a dangling link included); a link loop throws ELOOP, which callers report as such.
 */
export async function resolveInside(fs: ReadFsLike, boundary: string, abs: string): Promise<{ real: string; inside: boolean } | undefined> {
  return resolveInsideSync(fs, boundary, abs);
}

// libc's realpath where the fs has it (node's): the JavaScript one costs an lstat round trip per path segment,
// which a monorepo scan pays for hundreds of files. memfs and test spies fall back to their own.
const realpathOf = (fs: ReadFsLike, abs: string): string => {
  const native = (fs.realpathSync as { native?: (p: string) => string }).native;
  return String(typeof native === 'function' ? native(abs) : fs.realpathSync(abs));
};

// The real path of each boundary, per fs: the boundary is one folder for a whole run, read before every file.
const realBoundaries = new WeakMap<ReadFsLike, Map<string, string>>();

function realBoundaryOf(fs: ReadFsLike, boundary: string): string {
  let known = realBoundaries.get(fs);
  if (!known) realBoundaries.set(fs, (known = new Map()));
  let real = known.get(boundary);
  if (real === undefined) {
    // The same realpath as the files': libc's gives the on-disk case (macOS, Windows) where the JavaScript one keeps
    // the case it was given, so mixing them puts every file of a project opened as `~/Code/app` outside `~/code/app`.
    real = realpathOf(fs, boundary);
    known.set(boundary, real);
  }
  return real;
}

function resolveInsideSync(fs: ReadFsLike, boundary: string, abs: string): { real: string; inside: boolean } | undefined {
  let real: string;
  let realBoundary: string;
  try {
    realBoundary = realBoundaryOf(fs, boundary);
    real = realpathOf(fs, abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
  return { real, inside: isWithinReal(realBoundary, real) };
}

// Real paths are absolute and normalised: one below the boundary starts with it and a separator. What else is
// left to isWithin, so that both answer alike (a name starting with `..` right below the boundary included).
function isWithinReal(boundary: string, real: string): boolean {
  const prefix = boundary.endsWith(path.sep) ? boundary : `${boundary}${path.sep}`;
  if (real.startsWith(prefix) && !real.startsWith('..', prefix.length)) return true;
  return isWithin(boundary, real);
}

/**
 * Reads one file without ever leaving `limits.boundary`, opening anything but a regular file, or holding more than
 * `limits.cap` bytes. The type is checked before the open (a FIFO is never opened), and again on the open handle.
 * Errors other than "not there" (permissions) are thrown as the fs raised them.
 */
export async function readContained(fs: ReadFsLike, abs: string, limits: ReadLimits): Promise<ContainedRead> {
  const where = resolveInsideSync(fs, limits.boundary, abs);
  if (!where) return { kind: 'absent' };
  if (!where.inside) return { kind: 'outside', target: where.real };
  const st = fs.statSync(where.real);
  if (!st.isFile()) return { kind: 'special', what: specialKind(st as nodeFs.Stats) };
  const fd = fs.openSync(where.real, OPEN_FLAGS);
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return { kind: 'special', what: specialKind(opened as nodeFs.Stats) };
    return readCapped(fs, fd, limits.cap, Number(opened.size));
  } finally {
    fs.closeSync(fd);
  }
}

// Reads until EOF or cap + 1 bytes; never trusts stat().size (0 for devices, stale for a growing file). The size
// only sizes the buffers: the first one byte over it, and after a short read a small one that normally just finds
// EOF, sparing a zero-filled 64 KiB buffer per small source file (a monorepo scan reads hundreds).
function readCapped(fs: ReadFsLike, fd: number, cap: number, sizeHint: number): ContainedRead {
  const CHUNK = 64 * 1024;
  const chunks: Uint8Array[] = [];
  let total = 0;
  let next = sizeHint >= 0 && sizeHint < CHUNK ? sizeHint + 1 : CHUNK;
  for (;;) {
    const want = Math.min(next, cap + 1 - total);
    if (want <= 0) return { kind: 'too-large', cap };
    const buf = new Uint8Array(want);
    const bytesRead = fs.readSync(fd, buf, 0, want, null);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
    total += bytesRead;
    next = bytesRead === want ? CHUNK : 256;
  }
  if (total > cap) return { kind: 'too-large', cap };
  if (chunks.length === 1) return { kind: 'file', bytes: chunks[0]! };
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { kind: 'file', bytes: out };
}

/** `64 MB`, `1 MB`, `512 KB`: a cap for messages. */
export function formatCap(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Synchronous read of a file the user named (no containment), with the same guarantees otherwise: only a regular
 * file is opened, never blocking, and at most `cap` bytes are held. Returns the text, or why there is none.
 */
export function readRegularFileSync(file: string, cap: number): { text: string } | { special: string } | { tooLarge: number } {
  const st = nodeFs.statSync(file);
  if (!st.isFile()) return { special: specialKind(st) };
  const fd = nodeFs.openSync(file, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0));
  try {
    if (!nodeFs.fstatSync(fd).isFile()) return { special: specialKind(nodeFs.fstatSync(fd)) };
    const buf = Buffer.alloc(cap + 1);
    let total = 0;
    for (let n = 1; n > 0 && total <= cap;) {
      n = nodeFs.readSync(fd, buf, total, cap + 1 - total, null);
      total += n;
    }
    return total > cap ? { tooLarge: cap } : { text: buf.subarray(0, total).toString('utf8') };
  } finally {
    nodeFs.closeSync(fd);
  }
}
