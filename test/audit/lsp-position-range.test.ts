import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as lsp from 'vscode-languageserver-types';
import { Position, Range } from '../../src/audit/lsp-position-range.js';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** What a call returns or throws, comparable. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (err) {
    return { thrown: (err as Error).message };
  }
}

const p = (line: unknown, character: unknown): unknown => ({ line, character });
// eslint-disable-next-line no-new-wrappers -- the package counts a Number object as a number; so must the stand-in
const boxed = new Number(3);
const VALUES: unknown[] = [0, 1, 7, 2147483647, 2147483648, -1, 1.5, Number.MAX_VALUE, NaN, '3', null, undefined, boxed, p(0, 0), p(4, 9), p(-1, 0), p('1', 2), {}];

describe('the bundle\'s stand-in for vscode-languageserver-types (Position, Range)', () => {
  test('Position.create and Position.is give what the package gives', () => {
    for (const a of VALUES) {
      expect(outcome(() => Position.is(a))).toEqual(outcome(() => lsp.Position.is(a)));
      for (const b of VALUES) expect(outcome(() => Position.create(a as number, b as number))).toEqual(outcome(() => lsp.Position.create(a as number, b as number)));
    }
  });

  test('Range.create (four numbers, two positions, anything else throws) and Range.is give what the package gives', () => {
    const picks = [0, 5, 2147483648, -1, Number.MAX_VALUE, boxed, p(0, 0), p(2, 3), p(-1, 0), null, undefined, '1'];
    for (const a of picks) for (const b of picks) for (const c of picks.slice(0, 6)) for (const d of picks.slice(0, 6)) {
      const args = [a, b, c, d] as [number, number, number, number];
      expect(outcome(() => Range.create(...args)), JSON.stringify(args)).toEqual(outcome(() => lsp.Range.create(...args)));
    }
    for (const r of [{ start: p(0, 0), end: p(1, 2) }, { start: p(0, 0) }, { start: p(0, -1), end: p(0, 0) }, null, 3]) {
      expect(Range.is(r)).toBe(lsp.Range.is(r));
    }
  });

  test('dockerfile-ast uses nothing else of the package (else the bundle would break)', () => {
    const lib = path.dirname(createRequire(import.meta.url).resolve('dockerfile-ast'));
    const used = new Set<string>();
    for (const e of readdirSync(lib, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.js')) continue;
      const text = readFileSync(path.join(e.parentPath, e.name), 'utf8');
      const rest = text.replace(/(?:const|var|let) vscode_languageserver_types_1 = require\("vscode-languageserver-types"\);/, '');
      expect(rest, e.name).not.toContain('vscode-languageserver-types');
      // Every other mention of the binding, with what it reads (a bare mention, passed on whole, shows up as `(bare)`).
      for (const m of rest.matchAll(/vscode_languageserver_types_1(\.[A-Za-z_$]+\.[A-Za-z_$]+)?/g)) used.add(m[1] ?? '(bare)');
    }
    expect([...used].sort()).toEqual(['.Position.create', '.Range.create']);
  });

  test('the bundle holds the stand-in, not the package', () => {
    const chunks = readdirSync(path.join(ROOT, 'dist', 'cli')).map((f) => readFileSync(path.join(ROOT, 'dist', 'cli', f), 'utf8'));
    expect(chunks.some((c) => c.includes('Range#create called with invalid arguments'))).toBe(true);
    // Namespaces of the package that dockerfile-ast never uses.
    expect(chunks.filter((c) => /DiagnosticSeverity|TextDocumentEdit|CompletionItemKind/.test(c))).toEqual([]);
  });
});
