// The published dist/create-dockerfile.cjs (scripts/bundle.mjs builds it from this file as CommonJS): loads the CLI
// bundle from dist/cli/ with V8's code cache, so a run after the first compiles almost nothing. CommonJS because an
// ES module on the start path starts Node's ES module loader (a few ms of every run); __dirname and require are
// CommonJS's.
import { join } from 'node:path';
import { codeCacheDir, loadBundle } from './code-cache.js';
import type * as Cli from '../cli/main.js';

/** The entry script's file name in dist/cli/ (content-hashed), set by scripts/bundle.mjs. */
declare const __CDF_ENTRY__: string;
/** Each script's name in dist/cli/ with the hash of its text, set by scripts/bundle.mjs. */
declare const __CDF_HASHES__: Record<string, string>;

function cacheDir(): string | undefined {
  try {
    return codeCacheDir();
  } catch {
    return undefined; // no home folder: every run compiles, as without a cache
  }
}

const bundle = loadBundle<typeof Cli>(join(__dirname, 'cli'), __CDF_ENTRY__, cacheDir(), __CDF_HASHES__, require);

export const { main, guardStdio, runKind } = bundle.exports;
/** Keeps the code this run compiled for the next run; the bin calls it after the run. */
export const saveCodeCache = bundle.saveCodeCache;
