import path from 'node:path';
import * as nodeFs from 'node:fs';
import fg from 'fast-glob';
import { UserError } from '../errors.js';
import { IGNORE_GLOBS } from './ignore.js';

/**
 * The only way detectors see a project. Paths are relative to the project root, with `/` separators.
 * Missing files are `undefined`, never exceptions; unreadable ones are a {@link UserError}.
 */
export interface ProjectFs {
  /** Absolute project root (for messages only; detectors never build absolute paths). */
  readonly root: string;
  readText(rel: string): Promise<string | undefined>;
  readJson<T = unknown>(rel: string): Promise<T | undefined>;
  exists(rel: string): Promise<boolean>;
  isDir(rel: string): Promise<boolean>;
  /** Entry names of a directory (empty when it does not exist). */
  list(rel: string): Promise<string[]>;
  /** Files matching the patterns, never descending into ignored trees (node_modules, .git, ...). */
  glob(patterns: string | string[], options?: { deep?: number }): Promise<string[]>;
}

/** The subset of node's `fs` that both node and memfs provide. */
export type FsLike = Pick<typeof nodeFs, 'promises' | 'lstat' | 'stat' | 'lstatSync' | 'statSync' | 'readdir' | 'readdirSync'>;

const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** Creates a {@link ProjectFs} over node's fs (default) or any fs-compatible volume such as memfs. */
export function createProjectFs(root: string, fs: FsLike = nodeFs): ProjectFs {
  const abs = (rel: string): string => path.join(root, rel);
  const decoder = new TextDecoder('utf-8', { fatal: true });

  async function readText(rel: string): Promise<string | undefined> {
    let buf: Uint8Array;
    try {
      const st = await fs.promises.stat(abs(rel));
      if (st.isDirectory()) throw new UserError(`${rel}: is a directory, expected a file; rename or remove it`);
      if (st.size > MAX_TEXT_BYTES) throw new UserError(`${rel}: file is larger than 64 MB; a manifest this size is not supported`);
      buf = (await fs.promises.readFile(abs(rel))) as Uint8Array;
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
        await fs.promises.stat(abs(rel));
        return true;
      } catch (err) {
        // A symbolic link loop is there: say so when it is read, rather than "no such manifest".
        return (err as NodeJS.ErrnoException).code === 'ELOOP';
      }
    },
    async isDir(rel) {
      try {
        return (await fs.promises.stat(abs(rel))).isDirectory();
      } catch {
        return false;
      }
    },
    async list(rel) {
      try {
        return ((await fs.promises.readdir(abs(rel))) as string[]).map(String).sort();
      } catch {
        return [];
      }
    },
    async glob(patterns, options = {}) {
      const found = await fg(patterns, {
        cwd: root,
        fs: fs as unknown as fg.FileSystemAdapter,
        ignore: [...IGNORE_GLOBS],
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
        deep: options.deep ?? 8,
      });
      return found.sort();
    },
  };
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
