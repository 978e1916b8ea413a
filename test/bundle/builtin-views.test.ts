import { transformSync } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtinViews, isViewed } from '../../src/boot/builtin-views.js';

// The loader serves path, fs and the other function modules as views (src/boot/builtin-views.ts) so that esbuild's
// __toESM copies two properties instead of the whole module. Each import form esbuild emits must still reach the
// real builtin: default, namespace and named imports, in code transformed exactly as scripts/bundle.mjs does.
const nodeRequire = createRequire(import.meta.url);

/** Runs an ES module's source as the bundle's scripts run: transformed to CommonJS, with `req` as its require. */
function runAsChunk(source: string, req: (id: string) => unknown): Record<string, unknown> {
  const { code } = transformSync(source, { format: 'cjs', platform: 'node', target: 'node20', minify: true });
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', code)(module.exports, req, module);
  return module.exports;
}

const IMPORTS = `
import path from 'node:path';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import process from 'node:process';
export const joined = [path.join('a', 'b'), join('c', 'd')];
export const sameFs = fs.readFileSync;
export const defaultFs = fs.default;
export const home = homedir();
export const cwd = process.cwd();
export const pathDefault = path;
`;

describe('builtin views', () => {
  test('every import form of a viewed builtin reaches the module itself', () => {
    const seen: string[] = [];
    const req = builtinViews((id) => (seen.push(id), nodeRequire(id)));
    const out = runAsChunk(IMPORTS, req);
    expect(out.joined).toEqual([path.join('a', 'b'), path.join('c', 'd')]);
    expect(out.sameFs).toBe(nodeRequire('node:fs').readFileSync);
    expect(out.defaultFs).toBe(nodeRequire('node:fs'));
    expect(out.pathDefault).toBe(nodeRequire('node:path'));
    expect(out.home).toBe(nodeRequire('node:os').homedir());
    expect(out.cwd).toBe(process.cwd());
    // One view per module, made on first use: node:path is imported twice above and required once.
    expect(seen.filter((id) => id === 'node:path')).toHaveLength(1);
  });

  test('a view has two own properties for __toESM to copy; the module keeps its own', () => {
    const view = builtinViews(nodeRequire)('node:fs') as object;
    expect(Object.getOwnPropertyNames(view).sort()).toEqual(['__esModule', 'default']);
    expect(Object.getOwnPropertyNames(nodeRequire('node:fs')).length).toBeGreaterThan(50);
  });

  test('modules with state or classes are served as they are', () => {
    const req = builtinViews(nodeRequire);
    for (const id of ['node:process', 'process', 'node:events', 'node:buffer', 'node:stream']) {
      expect(isViewed(id)).toBe(false);
      expect(req(id)).toBe(nodeRequire(id));
    }
    for (const id of ['node:path', 'path', 'node:fs', 'node:util', 'node:child_process']) expect(isViewed(id)).toBe(true);
  });
});
