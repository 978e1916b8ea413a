// Builtins loaded on first use instead of at start-up. In the bundle every static import of a builtin becomes a
// require() at the top of its chunk, so each one is paid by every run: node:crypto costs ~5 ms (its internal
// modules), node:zlib ~4 ms (with the whole stream stack), and a dry run or `--check` may need neither. Both ways
// in keep each module after its first load, so calling these often costs a lookup. Not node:module's createRequire:
// loading node:module loads Node's ES module loader, which the CommonJS start path otherwise never does.
const load = (id: string): unknown => process.getBuiltinModule?.(id) ?? require(id); // the bundle's require before Node 20.16

/** node:crypto, loaded on first call. */
export const crypto = (): typeof import('node:crypto') => load('node:crypto') as typeof import('node:crypto');

/** node:zlib, loaded on first call. */
export const zlib = (): typeof import('node:zlib') => load('node:zlib') as typeof import('node:zlib');

/** node:tty, loaded on first call: it loads net and the stream stack (~3 ms), and only an interactive run asks. */
export const tty = (): typeof import('node:tty') => load('node:tty') as typeof import('node:tty');
