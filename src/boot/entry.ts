// The published dist/create-dockerfile.mjs (scripts/bundle.mjs builds it from this file): loads the CLI bundle from
// dist/cli/ with V8's code cache, so a run after the first compiles almost nothing.
import { createRequire } from 'node:module';
import { codeCacheDir, loadBundle } from './code-cache.js';
import type * as Cli from '../cli/main.js';

/** The entry script's file name in dist/cli/ (content-hashed), set by scripts/bundle.mjs. */
declare const __CDF_ENTRY__: string;
/** Each script's name in dist/cli/ with the hash of its text, set by scripts/bundle.mjs. */
declare const __CDF_HASHES__: Record<string, string>;

// Builtins through require(): an ES import of a builtin reads all its exports (see code-cache.ts).
const builtin = createRequire(import.meta.url);
const path = builtin('node:path') as typeof import('node:path');
const { fileURLToPath } = builtin('node:url') as typeof import('node:url');

function cacheDir(): string | undefined {
  try {
    return codeCacheDir();
  } catch {
    return undefined; // no home folder: every run compiles, as without a cache
  }
}

const bundle = loadBundle<typeof Cli>(path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli'), __CDF_ENTRY__, cacheDir(), __CDF_HASHES__);

export const { main, guardStdio, runKind } = bundle.exports;
/** Keeps the code this run compiled for the next run; the bin calls it after the run. */
export const saveCodeCache = bundle.saveCodeCache;
