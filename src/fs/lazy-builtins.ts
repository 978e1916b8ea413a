import { createRequire } from 'node:module';

// Builtins loaded on first use instead of at start-up. In the bundle every static import of a builtin becomes a
// require() at the top of its chunk, so each one is paid by every run: node:crypto costs ~5 ms (its internal
// modules), node:zlib ~4 ms (with the whole stream stack), and a dry run or `--check` may need neither. require()
// keeps each module after its first load, so calling these often costs a lookup.
const load = createRequire(import.meta.url);

/** node:crypto, loaded on first call. */
export const crypto = (): typeof import('node:crypto') => load('node:crypto') as typeof import('node:crypto');

/** node:zlib, loaded on first call. */
export const zlib = (): typeof import('node:zlib') => load('node:zlib') as typeof import('node:zlib');
