import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

// Loading the built bundle (the loader and every chunk a generation imports) must not load the builtins a run may
// not need: node:crypto and node:zlib come on first use (src/fs/lazy-builtins.ts), fs/promises through fs.promises
// where called, and the loader takes its builtins with require(), since an ES import of node:fs reads its lazy
// getters and loads the stream stack. What `--version` loads is what every run pays before main() starts.
const BUNDLE = pathToFileURL(path.join(import.meta.dirname, '..', '..', 'dist', 'create-dockerfile.mjs')).href;

function loadedBy(code: string): string[] {
  const script = `const before = new Set(process.moduleLoadList); ${code}; console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(import.meta.dirname, 'no-such-cache-dir-is-written-by-import') } });
  return (JSON.parse(out) as string[]).map((m) => m.replace(/^NativeModule /, ''));
}

test('loading the bundle loads neither node:crypto, node:zlib, fs/promises nor the fs stream classes', () => {
  const loaded = loadedBy(`await import(${JSON.stringify(BUNDLE)})`);
  expect(loaded.length).toBeGreaterThan(0);
  for (const heavy of ['crypto', 'zlib', 'fs/promises', 'internal/fs/streams']) expect(loaded).not.toContain(heavy);
});

test('the check above can fail: an ES import of node:fs loads the fs stream classes', () => {
  expect(loadedBy(`await import('node:fs')`)).toContain('internal/fs/streams');
});
