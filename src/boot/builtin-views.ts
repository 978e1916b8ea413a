// How the bundle's scripts receive Node builtins. esbuild turns each `import path from 'node:path'` or
// `import * as fs from 'node:fs'` of the ES chunks into `__toESM(require('node:path'))`, which copies every own
// property of the module onto a new object as a getter (~15 for node:path, ~100 for node:fs), once per import
// statement: up to ~50 copies per generation, since esbuild keeps one import per source module. A module object that
// says it is an ES module (`__esModule`) and has `default` as its only other own property is copied in two steps;
// reading any other name goes through its prototype, the builtin itself.

/**
 * Builtins served as views: modules of plain functions and constants, which nothing in the bundle assigns to and
 * whose functions do not read `this`. A bundled library that enumerates or patches one of them (`Object.keys(fs)`,
 * `Object.assign(exports, fs)` as fs-extra does, `fs.x = ...` as graceful-fs does) would see only `default` or patch
 * the view: such a library's module must come off this list. Not node:process, node:buffer, node:events or the
 * streams: objects with state or classes, where a write to the view would not reach the module.
 */
const VIEWED = new Set(['path', 'fs', 'url', 'util', 'os', 'child_process']);

/** An ES-module-shaped view of a builtin: `default` is the module, every other name is read from it. */
export type BuiltinView = Record<string, unknown> & { readonly __esModule: true; readonly default: unknown };

/** Whether `id` (with or without `node:`) is served as a view. */
export function isViewed(id: string): boolean {
  return VIEWED.has(id.startsWith('node:') ? id.slice(5) : id);
}

/**
 * Wraps a require of builtins: the names in {@link VIEWED} come as one {@link BuiltinView} per module (made on first
 * use), every other name as `builtin` returns it.
 */
export function builtinViews(builtin: (id: string) => unknown): (id: string) => unknown {
  const views = new Map<string, BuiltinView>();
  return (id) => {
    if (!isViewed(id)) return builtin(id);
    let view = views.get(id);
    if (!view) {
      const mod = builtin(id) as object;
      view = Object.create(mod, { __esModule: { value: true }, default: { value: mod, enumerable: true } }) as BuiltinView;
      views.set(id, view);
    }
    return view;
  };
}
