import { createRequire, syncBuiltinESMExports } from 'node:module';
import { realpathSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fs = require('node:fs') as Record<string, unknown> & { promises: Record<string, unknown> };
const fsp = require('node:fs/promises') as Record<string, unknown>;

/** The calls that read a file's content or a folder's listing, by module object. */
const READS: [Record<string, unknown>, string[]][] = [
  [fs, ['openSync', 'readFileSync', 'readdirSync', 'opendirSync', 'open', 'readFile', 'readdir', 'opendir', 'createReadStream']],
  [fs.promises, ['open', 'readFile', 'readdir', 'opendir']],
  [fsp, ['open', 'readFile', 'readdir', 'opendir']],
];

/** Where a path argument really leads (links resolved as far as they exist). */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Records, until `stop()`, the real path of every file opened or read and every folder listed through node's fs (its
 * CommonJS objects and, via syncBuiltinESMExports, the ES module bindings of `node:fs` and `node:fs/promises`), from
 * this thread. File descriptors and handles are not paths and are not recorded.
 */
export function recordReads(): { paths: string[]; stop(): void } {
  const paths: string[] = [];
  const saved: [Record<string, unknown>, string, unknown][] = [];
  for (const [obj, names] of READS) {
    for (const name of names) {
      const orig = obj[name] as (...a: unknown[]) => unknown;
      if (typeof orig !== 'function') continue;
      saved.push([obj, name, orig]);
      obj[name] = function (this: unknown, ...args: unknown[]) {
        const p = args[0];
        if (typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p)) paths.push(real(p instanceof URL ? p.pathname : String(p)));
        return orig.apply(this, args);
      };
    }
  }
  syncBuiltinESMExports();
  return {
    paths,
    stop() {
      for (const [obj, name, orig] of saved) obj[name] = orig;
      syncBuiltinESMExports();
    },
  };
}
