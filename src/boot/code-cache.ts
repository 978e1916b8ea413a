// Bundled into the CommonJS loader (scripts/bundle.mjs), where these imports become plain require() calls: an ES
// import of node:fs would build its module facade by reading every export, whose lazy getters load the stream stack.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { builtinViews } from './builtin-views.js';

/** A bundle loaded from script files, and the step that keeps their compiled code for the next run. */
export interface LoadedBundle<T> {
  /** What the entry script exports. */
  exports: T;
  /**
   * Writes V8's code cache of every script this run loaded that had none or a stale one, with the functions the run
   * compiled. A run of a `kind` (command and stack) the caches have not seen yet rewrites every script's cache: a
   * cache holds the functions of the runs that wrote it (what V8 deserialised plus what this run compiled), so a Go
   * generation after a Node one would otherwise compile the Go planning code lazily on every run. Call it once the
   * run's work is done; it never throws (a cache that cannot be written, or would leave less than 256 MB free on its
   * device, is skipped).
   * Returns the names of the scripts whose cache it wrote.
   */
  saveCodeCache(kind?: string): string[];
}

/** One script file compiled in this run. */
interface Loaded {
  name: string;
  /** Where its compiled code is kept; undefined without a cache folder or a hash of the file. */
  cacheFile: string | undefined;
  script: Script;
  /** Whether V8 used the cached code; false when there was none or it did not fit this Node. */
  cached: boolean;
  module: { exports: unknown };
}

/**
 * Where compiled code is kept: `$XDG_CACHE_HOME` (else ~/.cache) `/create-dockerfile/code/<node>-<arch>`, next to
 * the merge bases. V8 refuses a cache made by another V8 or with other flags, so the folder name only keeps
 * versions apart.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  // A relative HOME would put the cache under the working directory, i.e. into the user's project.
  if (!isAbsolute(base)) return undefined;
  return join(base, 'create-dockerfile', 'code', `${process.version}-${process.arch}`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Space a cache must leave free on its device: it is worth a few milliseconds, never the user's last megabytes. */
const KEEP_FREE = 256 * 1024 * 1024;

/** Creates the cache folder; false when it cannot be created or its device is nearly full. */
function roomFor(cacheDir: string): boolean {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const fs = statfsSync(cacheDir);
    return fs.bavail * fs.bsize > KEEP_FREE;
  } catch {
    return false;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file; false when it could not. */
function writeAtomically(target: string, data: string | Uint8Array): boolean {
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
}

/** Removes the caches of other builds (an upgrade leaves its predecessor's behind); only after writing, so rarely. */
function dropOthers(cacheDir: string, current: Set<string>): void {
  try {
    for (const name of readdirSync(cacheDir)) {
      if (!current.has(name) && !name.endsWith('.tmp')) rmSync(join(cacheDir, name), { force: true });
    }
  } catch {
    // another run cleaned up at the same time, or the folder is not ours to change
  }
}

/**
 * Loads `entry` (a file in `dir`) and the scripts it requires by relative path, each compiled with the code cache
 * kept in `cacheDir` when there is one. The scripts are CommonJS-shaped functions (scripts/bundle.mjs makes them
 * from the ESM chunks), since Node 20 reads a code cache only for `vm.Script`. A cache file is named by its script's
 * name and the hash of its text (`hashes`), so it is never read for another build's script. Every other name a script
 * requires is a Node builtin, served by `builtin` (the caller's own require: node:module's createRequire would load
 * Node's ES module loader); path, fs and the other function modules come as views (src/boot/builtin-views.ts).
 */
export function loadBundle<T>(dir: string, entry: string, cacheDir: string | undefined, hashes: Record<string, string>, builtin: (id: string) => unknown): LoadedBundle<T> {
  const loaded = new Map<string, Loaded>();
  const builtinOrView = builtinViews(builtin);
  // The kinds of run the caches hold, kept per build (the entry's name carries its hash), read before any script.
  const kindsFile = cacheDir ? join(cacheDir, `${entry}.kinds`) : '';
  const kindsAtLoad = cacheDir ? (readCache(kindsFile)?.toString('utf8').split('\n').filter(Boolean) ?? []) : [];
  const load = (name: string): unknown => {
    const have = loaded.get(name);
    if (have) return have.module.exports;
    const file = join(dir, name);
    const cacheFile = cacheDir && hashes[name] ? join(cacheDir, `${name}.${hashes[name]}`) : undefined;
    const cachedData = cacheFile ? readCache(cacheFile) : undefined;
    // The same wrapper as Node's CommonJS loader, plus the URL that stands for `import.meta.url`; strict, as the
    // ES modules it was made from.
    const source = `(function (exports, require, module, __filename, __dirname, __cdfUrl) {'use strict';${readFileSync(file, 'utf8')}\n})`;
    const script = new Script(source, { filename: file, cachedData });
    const module = { exports: {} };
    loaded.set(name, { name, cacheFile, script, cached: cachedData !== undefined && !script.cachedDataRejected, module });
    const require = (spec: string): unknown => (spec.startsWith('./') || spec.startsWith('../') ? load(posix.join(posix.dirname(name), spec)) : builtinOrView(spec));
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dirname(file), pathToFileURL(file).href);
    return module.exports;
  };
  const exports = load(entry) as T;
  return {
    exports,
    saveCodeCache(kind) {
      const written: string[] = [];
      if (!cacheDir) return written;
      // The kinds the caches held when this run read them: what it rewrites holds those and its own, whatever a run
      // at the same time recorded since (the last rename of each cache wins; a kind lost so is added by its next run).
      const newKind = kind !== undefined && !kindsAtLoad.includes(kind);
      const stale = [...loaded.values()].filter((l) => l.cacheFile && (newKind || !l.cached));
      if (stale.length === 0 || !roomFor(cacheDir)) return written;
      for (const l of stale) {
        // A read-only or full cache folder: the next run compiles again.
        if (writeAtomically(l.cacheFile!, l.script.createCachedData())) written.push(l.name);
      }
      if (newKind && written.length === stale.length) writeAtomically(kindsFile, `${[...kindsAtLoad, kind].join('\n')}\n`);
      if (written.length > 0) dropOthers(cacheDir, new Set([...Object.entries(hashes).map(([n, h]) => `${n}.${h}`), `${entry}.kinds`]));
      return written;
    },
  };
}
