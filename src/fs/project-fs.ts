import path from 'node:path';
import * as nodeFs from 'node:fs';
import { UserError } from '../errors.js';
import { cachedListDir, globWalk, type DirEntry } from './glob-walk.js';
import { firstFilesWalk } from './first-files.js';
import { isPlainRelative, joinUnder } from './join-under.js';
import { gitLastChanged, type LastChanged } from './git-history.js';
import { formatCap, isWithin, readContained, resolveInside, specialKind, type ReadFsLike } from './safe-read.js';

/**
 * The only way detectors see a project. Paths are relative to the project root, with `/` separators.
 * Missing files are `undefined`, never exceptions; unreadable ones are a {@link UserError}.
 * Nothing outside {@link ProjectFs.boundary} is ever read: a link resolving outside it, or a FIFO, device or socket
 * where a file is expected, counts as absent and leaves one line in {@link ProjectFs.warnings}; a path whose `..`
 * leaves the boundary is refused.
 */
export interface ProjectFs {
  /** Absolute project root (for messages only; detectors never build absolute paths). */
  readonly root: string;
  /** Absolute folder no read may resolve outside of: the project root, or the workspace root above it. */
  readonly boundary: string;
  /** One line per file skipped for safety (link leaving the boundary, special file), in the order met. */
  readonly warnings: readonly string[];
  readText(rel: string): Promise<string | undefined>;
  readJson<T = unknown>(rel: string): Promise<T | undefined>;
  exists(rel: string): Promise<boolean>;
  isDir(rel: string): Promise<boolean>;
  /** Entry names of a directory (empty when it does not exist). */
  list(rel: string): Promise<string[]>;
  /** Files matching the patterns, never descending into ignored trees (node_modules, .git, ...). */
  glob(patterns: string | string[], options?: { deep?: number }): Promise<string[]>;
  /**
   * The first `count` files matching the patterns in path order (as `glob` sorted), without those `skip` refuses:
   * for scans bounded to a number of files, whose walk stops at the last one.
   */
  firstFiles(patterns: string[], options: { deep?: number; count: number; skip?: (rel: string) => boolean }): Promise<string[]>;
  /** When a file last changed in the project's git history (seconds), or undefined when that is unknown. */
  lastChanged(rel: string): Promise<number | undefined>;
}

/**
 * The subset of node's `fs` that both node and memfs provide. Reads use the synchronous calls (see
 * {@link ReadFsLike}): the methods stay async for the callers, but the files are few, small and local.
 */
export type FsLike = ReadFsLike & Pick<typeof nodeFs, 'lstatSync' | 'statSync' | 'readdirSync'>;

/** The most bytes read from one project file; a manifest this size is already absurd. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** The longest text (in characters) a ProjectFs keeps for the rest of its run; longer ones are read again if asked. */
export const CACHED_TEXT_CHARS = 1024 * 1024;

/** Options of {@link createProjectFs}. */
export interface ProjectFsOptions {
  /** Folder reads may not leave (default: the root). The monorepo support widens it to the workspace root. */
  boundary?: string;
  /** Byte cap per file (default {@link MAX_TEXT_BYTES}). */
  maxBytes?: number;
  /** Last-change times of files (default: `git log` over node's fs; none over another fs such as memfs). */
  lastChanged?: LastChanged;
}

/** True when a relative path or glob pattern, resolved from `root`, stays inside `boundary`. */
export function staysInside(root: string, boundary: string, rel: string): boolean {
  if (path.isAbsolute(rel) || path.posix.isAbsolute(rel)) return false;
  return isWithin(path.resolve(boundary), path.resolve(root, rel));
}

/** Creates a {@link ProjectFs} over node's fs (default) or any fs-compatible volume such as memfs. */
export function createProjectFs(root: string, fs: FsLike = nodeFs, options: ProjectFsOptions = {}): ProjectFs {
  const boundary = options.boundary ?? root;
  const cap = options.maxBytes ?? MAX_TEXT_BYTES;
  const history: LastChanged = options.lastChanged ?? (fs === nodeFs ? gitLastChanged(root) : async () => undefined);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Folder listings for glob, read once per run.
  const listDir = cachedListDir((dir) => fs.readdirSync(dir, { withFileTypes: true }) as DirEntry[]);
  const searches = new Map<string, Promise<string[]>>();
  const warnings: string[] = [];
  const warned = new Set<string>();
  const warn = (rel: string, why: string): void => {
    if (warned.has(rel)) return;
    warned.add(rel);
    warnings.push(`${rel}: ${why}; ignored`);
  };
  // A path with no `..` segment (nor a drive) stays below the root, so inside the boundary when the root is: the
  // common case skips staysInside's three path computations, which a scan of hundreds of files paid per read.
  const rootInside = isWithin(path.resolve(boundary), path.resolve(root));
  const plainlyInside = (rel: string): boolean => rootInside && !path.isAbsolute(rel) && !path.posix.isAbsolute(rel) && !rel.includes(':')
    // A first name starting with `..` is left to staysInside, which refuses it as it always has.
    && !rel.startsWith('..') && !/(^|[\\/])\.\.([\\/]|$)/.test(rel);
  const join = joinUnder(root);
  const abs = (rel: string): string => {
    // A plain path (names only, none `..`) is plainly inside: the check costs one regex test per read.
    if (rootInside && isPlainRelative(rel) && !rel.startsWith('..')) return join(rel);
    if (!plainlyInside(rel) && !staysInside(root, boundary, rel)) throw new UserError(`${rel}: outside the project (${boundary}), where the Docker build cannot see it; keep manifests and the files they name inside the project`);
    return join(rel);
  };
  /** Where `rel` really is when it may be looked at: undefined when absent, outside the boundary or special. */
  async function usable(rel: string, want: 'file' | 'dir' | 'any'): Promise<nodeFs.Stats | undefined> {
    const where = await resolveInside(fs, boundary, abs(rel));
    if (!where) return undefined;
    if (!where.inside) {
      warn(rel, 'a symbolic link to a path outside the project, not followed');
      return undefined;
    }
    const st = fs.statSync(where.real) as nodeFs.Stats;
    if (st.isFile() || st.isDirectory()) return want === 'dir' && !st.isDirectory() ? undefined : st;
    if (want !== 'dir') warn(rel, `${specialKind(st)}, not a regular file, not read`);
    return undefined;
  }

  // Each file's text, read once per run: the env, data-path and route scans read the same sources in turn. Only
  // texts up to CACHED_TEXT_CHARS are kept: a scan reads its hundreds of files whole (up to the cap) and drops the
  // big ones (a bundle, an embedded-assets .go), which held for the run would add up to gigabytes.
  const texts = new Map<string, string | undefined>();
  async function readText(rel: string): Promise<string | undefined> {
    const at = abs(rel);
    if (texts.has(at)) return texts.get(at);
    const text = await readTextNow(rel, at);
    if (text === undefined || text.length <= CACHED_TEXT_CHARS) texts.set(at, text);
    return text;
  }

  async function readTextNow(rel: string, at: string): Promise<string | undefined> {
    let buf: Uint8Array;
    try {
      const read = await readContained(fs, at, { boundary, cap });
      switch (read.kind) {
        case 'absent':
          return undefined;
        case 'outside':
          warn(rel, 'a symbolic link to a path outside the project, not followed');
          return undefined;
        case 'special':
          if (read.what === 'a directory') throw new UserError(`${rel}: is a directory, expected a file; rename or remove it`);
          warn(rel, `${read.what}, not a regular file, not read`);
          return undefined;
        case 'too-large':
          throw new UserError(`${rel}: file is larger than ${formatCap(cap)}; a manifest this size is not supported`);
        case 'file':
          buf = read.bytes;
      }
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${rel}: permission denied; make it readable (chmod u+r) and run again`);
      if (code === 'ELOOP') throw new UserError(`${rel}: symbolic link loop; fix or remove the link`);
      throw new UserError(`${rel}: cannot read (${code ?? String(err)})`);
    }
    let text: string;
    try {
      text = decoder.decode(buf);
    } catch {
      throw new UserError(`${rel}: not valid UTF-8; save it as UTF-8 and run again`);
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  return {
    root,
    boundary,
    warnings,
    readText,
    async readJson<T>(rel: string): Promise<T | undefined> {
      const text = await readText(rel);
      if (text === undefined) return undefined;
      if (text.trim() === '') throw new UserError(`${rel}: file is empty; it must hold a JSON object`);
      try {
        return JSON.parse(text) as T;
      } catch (err) {
        throw new UserError(`${rel}:${jsonErrorPosition(text, err)} invalid JSON (${firstLine(err)}); fix the syntax and run again`);
      }
    },
    async exists(rel) {
      try {
        return (await usable(rel, 'any')) !== undefined;
      } catch (err) {
        if (err instanceof UserError) throw err;
        // A symbolic link loop is there: say so when it is read, rather than "no such manifest".
        return (err as NodeJS.ErrnoException).code === 'ELOOP';
      }
    },
    async isDir(rel) {
      try {
        return (await usable(rel, 'dir')) !== undefined;
      } catch (err) {
        if (err instanceof UserError) throw err;
        return false;
      }
    },
    async list(rel) {
      try {
        if (!(await usable(rel, 'dir'))) return [];
        return (fs.readdirSync(abs(rel)) as string[]).map(String).sort();
      } catch (err) {
        if (err instanceof UserError) throw err;
        return [];
      }
    },
    async lastChanged(rel) {
      abs(rel);
      return history(rel);
    },
    async glob(patterns, options = {}) {
      const list = typeof patterns === 'string' ? [patterns] : patterns;
      refuseEscaping(list);
      // The same search is asked for more than once in a run (the env and data-path scans both list the sources).
      const key = JSON.stringify([list, options.deep ?? 8]);
      let found = searches.get(key);
      if (!found) searches.set(key, (found = globWalk(root, list, options.deep ?? 8, listDir).then((f) => f.sort())));
      return (await found).slice();
    },
    async firstFiles(patterns, options) {
      refuseEscaping(patterns);
      return firstFilesWalk(root, patterns, { deep: options.deep ?? 8, count: options.count, ...(options.skip ? { skip: options.skip } : {}) }, listDir);
    },
  };
}

/** A walk goes wherever a pattern points, `../../**` included: no pattern may leave the boundary. */
function refuseEscaping(patterns: readonly string[]): void {
  const escaping = patterns.find((p) => path.posix.isAbsolute(p) || /(^|\/)\.\.(\/|$)/.test(p));
  if (escaping !== undefined) throw new UserError(`${escaping}: a pattern with ".." or an absolute path may reach outside the project; name folders inside the project`);
}

function firstLine(err: unknown): string {
  return String((err as Error).message ?? err).split('\n')[0]!.replace(/^Unexpected/, 'unexpected');
}

/** Turns JSON.parse's "position N" into `line:col:` so editors can jump to it. */
function jsonErrorPosition(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(String((err as Error).message));
  let pos = m ? Number(m[1]) : NaN;
  if (Number.isNaN(pos)) {
    const lc = /line (\d+) column (\d+)/.exec(String((err as Error).message));
    return lc ? `${lc[1]}:${lc[2]}:` : '';
  }
  pos = Math.min(pos, text.length);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${line}:${col}:`;
}
