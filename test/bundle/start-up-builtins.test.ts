import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

// What a run loads before and around main() is paid by every run. Loading the built loader (and every chunk a
// generation imports) must not load the builtins a run may not need: node:crypto and node:zlib come on first use
// (src/fs/lazy-builtins.ts), fs/promises through fs.promises where called. The bin and the loader are CommonJS and
// nothing on the start path requires node:module, so Node never starts its ES module loader; a generation under
// --yes never builds process.stdin, process.stdout or process.stderr (each getter makes a stream).
const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'create-dockerfile.cjs');
const LOADER = path.join(ROOT, 'dist', 'create-dockerfile.cjs');
const ESM_LOADER = 'internal/modules/esm/loader';

const scratch = mkdtempSync(path.join(tmpdir(), 'cdf-start-up-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Preloaded with -r (CommonJS, so it starts no ES module loader itself): at exit, prints every internal module the
// process loaded and whether process.stdin was read.
const PROBE = path.join(scratch, 'probe.cjs');
writeFileSync(
  PROBE,
  `const fs = require('node:fs');
const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
let stdinRead = false;
Object.defineProperty(process, 'stdin', { configurable: true, enumerable: stdin.enumerable, get() { stdinRead = true; return stdin.get.call(process); } });
process.on('exit', () => fs.writeSync(2, '\\nPROBE ' + JSON.stringify({ loaded: process.moduleLoadList.map((m) => m.replace(/^NativeModule /, '')), stdinRead }) + '\\n'));
`,
);

interface Probed {
  loaded: string[];
  stdinRead: boolean;
}

/** Runs `node -r probe <args>` in `cwd` (a script as a file: `node -e` itself starts the ES module loader). */
function probe(args: string[], cwd = scratch): Probed {
  // A cache of its own (the first run of a kind also writes it); not CI, so only --yes rules out the prompts.
  const env = { ...process.env, CI: '', XDG_CACHE_HOME: path.join(scratch, 'cache') };
  const run = spawnSync(process.execPath, ['-r', PROBE, ...args], { cwd, encoding: 'utf8', stdio: ['pipe', 'ignore', 'pipe'], env });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(/^PROBE (.*)$/m.exec(run.stderr)![1]!) as Probed;
}

/** A script file with `code` in the scratch folder. */
function script(name: string, code: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, code);
  return file;
}

test('loading the loader loads neither node:crypto, node:zlib, fs/promises, the fs stream classes nor the ES module loader', () => {
  const { loaded } = probe([script('load.cjs', `require(${JSON.stringify(LOADER)});`)]);
  expect(loaded.length).toBeGreaterThan(0);
  for (const heavy of ['crypto', 'zlib', 'fs/promises', 'internal/fs/streams', ESM_LOADER]) expect(loaded).not.toContain(heavy);
});

test('the bin starts no ES module loader and reads no process.stdin: --version, and a generation under --yes', () => {
  const version = probe([BIN, '--version']);
  expect(version.loaded).not.toContain(ESM_LOADER);
  expect(version.stdinRead).toBe(false);
  const project = path.join(scratch, 'project');
  cpSync(path.join(ROOT, 'test', 'fixtures', 'npm-express', 'project'), project, { recursive: true });
  const generation = probe([BIN, '--yes', '--dry-run'], project);
  expect(generation.loaded).toContain('internal/util/parse_args/parse_args'); // it did run main()
  expect(generation.loaded).not.toContain(ESM_LOADER);
  expect(generation.stdinRead).toBe(false);
  // It printed through fs.writeSync (src/cli/stdio.ts): process.stdout would have loaded net and the stream stack.
  for (const streams of ['stream', 'net', 'internal/fs/sync_write_stream']) expect(generation.loaded).not.toContain(streams);
});

test('the checks above can fail: an ES import of node:fs loads the fs stream classes and the ES module loader; the probe sees process.stdin read', () => {
  const esm = probe([script('fs.mjs', `import 'node:fs';`)]);
  expect(esm.loaded).toContain('internal/fs/streams');
  expect(esm.loaded).toContain(ESM_LOADER);
  expect(probe([script('module.cjs', `require('node:module');`)]).loaded).toContain(ESM_LOADER);
  expect(probe([script('stdin.cjs', `process.stdin.isTTY;`)]).stdinRead).toBe(true);
  expect(probe([script('stdout.cjs', `process.stdout.write('');`)]).loaded).toContain('stream');
});
