import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMain } from '../helpers/run-main.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

/** One CLI run in-process: exit code and what it printed. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/** A temp copy of a fixture project plus helpers to run the CLI in it and edit its files. */
export interface Workspace {
  dir: string;
  /** The cache folder standing in for the user's (merge bases outside git). */
  cache: string;
  run: (...args: string[]) => Promise<Run>;
  read: (file: string) => string;
  write: (file: string, text: string) => void;
  edit: (file: string, change: (text: string) => string) => void;
  mtime: (file: string) => number;
  remove: () => void;
}

/** Copies `fixture`'s project to a temp folder; merge bases go to a private cache folder (no git there). */
export function workspace(fixture: string): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdf-regen-'));
  const cache = mkdtempSync(path.join(tmpdir(), 'cdf-regen-cache-'));
  cpSync(path.join(FIXTURES_DIR, fixture, 'project'), dir, { recursive: true });
  return {
    dir,
    cache,
    run: async (...args) => {
      // The state code reads XDG_CACHE_HOME from process.env: point it at this workspace's cache for the run.
      const previous = process.env.XDG_CACHE_HOME;
      process.env.XDG_CACHE_HOME = cache;
      try {
        const r = await runMain(['--cwd', dir, ...args], { XDG_CACHE_HOME: cache });
        return { code: r.code, out: r.stdout, err: r.stderr };
      } finally {
        if (previous === undefined) delete process.env.XDG_CACHE_HOME;
        else process.env.XDG_CACHE_HOME = previous;
      }
    },
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
    write: (file, text) => writeFileSync(path.join(dir, file), text),
    edit: (file, change) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8'))),
    mtime: (file) => statSync(path.join(dir, file)).mtimeMs,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    },
  };
}

/** Inserts `line` after the first line matching `after`. */
export function insertAfter(text: string, after: RegExp, line: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => after.test(l));
  if (at < 0) throw new Error(`no line matches ${after}`);
  lines.splice(at + 1, 0, line);
  return lines.join('\n');
}
