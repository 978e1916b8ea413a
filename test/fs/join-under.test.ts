import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isPlainRelative, joinUnder } from '../../src/fs/join-under.js';

const ROOTS = ['/p', '/p/', '/a/b/../c', '/', '', '.', 'rel/dir', './rel//dir/', '/with space/x'];
const RELS = ['a', 'a/b.js', 'src/deep/er/file.ts', '.env', '.github/workflows/ci.yml', '..foo', 'a/..b/c', 'a..b',
  '', '.', '..', './a', 'a/./b', 'a/../b', '../x', 'a//b', 'a/', '/abs', 'a\\b', 'C:x', 'a/b:c', 'a/.', 'a/..'];

test('joinUnder(root)(rel) is path.join(root, rel) for every root and path, plain or not', () => {
  for (const root of ROOTS) {
    const join = joinUnder(root);
    for (const rel of RELS) expect(join(rel), `${root} + ${rel}`).toBe(path.join(root, rel));
  }
});

test('plain paths are names separated by /, none empty, . or .., without \\ or :', () => {
  for (const rel of ['a', 'a/b.js', '.env', '..foo', 'a/..b/c', 'a..b', 'x/.github/y']) expect(isPlainRelative(rel), rel).toBe(true);
  for (const rel of ['', '.', '..', './a', 'a/./b', 'a/../b', '../x', 'a//b', 'a/', '/abs', 'a\\b', 'C:x', 'a/.', 'a/..']) expect(isPlainRelative(rel), rel).toBe(false);
});

test('joinUnder agrees with path.join on random paths built from odd names', () => {
  const name = fc.constantFrom('a', 'b.js', '.', '..', '', '..x', 'x..', ' ', 'c:', 'd\\e', '.env');
  const rel = fc.array(name, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
  const root = fc.constantFrom(...ROOTS);
  fc.assert(fc.property(root, rel, (r, p) => joinUnder(r)(p) === path.join(r, p)), { numRuns: 2000 });
});

test('on Windows paths too, bare UNC server roots included (path.join takes the first name as the share there)', () => {
  for (const root of ['C:\\p', 'C:\\', 'C:', '\\\\srv', '//srv', '\\\\srv\\share', '\\\\srv\\share\\d', 'rel\\dir', '']) {
    const join = joinUnder(root, path.win32);
    for (const rel of RELS) expect(join(rel), `${root} + ${rel}`).toBe(path.win32.join(root, rel));
  }
});
