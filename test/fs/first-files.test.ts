import * as nodeFs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFs, type FsLike } from '../../src/fs/project-fs.js';
import { scopedFs } from '../../src/fs/scoped-fs.js';
import { memProject } from '../helpers/memfs.js';

// ProjectFs.firstFiles must answer exactly what sorting, filtering and cutting ProjectFs.glob's answer gives (the
// oracle), on names whose path order differs from a plain depth-first walk ('a-b.js' < 'a.js' < 'a/x.js' < 'a0'),
// and must list fewer folders when the cut comes early.
const FILES = [
  'a.js', 'a-b.js', 'a/x.js', 'a/y/z.js', 'a0/q.js', 'a-b/inner.js', 'A/upper.js', 'b.ts', 'ä/umlaut.js', '_/u.js',
  'src/app.js', 'src/app.test.js', 'src/routes/users.ts', 'src/.hidden.js', 'src/a/b/c/d/e/f/g/h/deep.js',
  'test/t.js', 'tests/unit/t.js', 'packages/api/src/server.js', 'packages/api/tests/s.test.js',
  'packages/lib-00/src/m.js', 'packages/lib-01/src/m.js', 'packages/lib/src/m.js', 'packages/lib.js',
  'node_modules/x/index.js', 'packages/api/node_modules/y/index.js', 'dist/out.js', 'build.rs', 'src/build.rs',
];
const NOT_APP = /(^|\/)(tests?|__tests__|spec|fixtures)\/|[._](test|spec)\./;

const ROWS: [string, string[], number, ((f: string) => boolean) | undefined][] = [
  ['every source file', ['*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}', '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}'], 7, (f) => NOT_APP.test(f)],
  ['every js file, nothing skipped', ['**/*.js'], 8, undefined],
  ['shallow', ['**/*.js'], 2, undefined],
  ['a negative folder', ['**/*.js', '!packages/**'], 8, undefined],
  ['a negative file pattern', ['**/*.js', '!**/m.js'], 8, undefined],
  ['rust sources', ['*.rs', '**/*.rs'], 7, (f) => /(^|\/)build\.rs$/.test(f)],
  ['a base below the root (matched whole, then cut)', ['packages/**/*.js'], 8, (f) => NOT_APP.test(f)],
  ['a static path among them (matched whole, then cut)', ['a.js', 'src/**/*.js'], 8, undefined],
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'first-files-'));
  for (const f of FILES) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '');
  }
  symlinkSync(path.join(dir, 'src'), path.join(dir, 'linked-src'));
  symlinkSync(path.join(dir, 'a.js'), path.join(dir, 'linked.js'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oracle = async (patterns: string[], deep: number, count: number, skip?: (f: string) => boolean): Promise<string[]> =>
  (await createProjectFs(dir).glob(patterns, { deep })).filter((f) => !skip?.(f)).slice(0, count);

describe('ProjectFs.firstFiles', () => {
  for (const [name, patterns, deep, skip] of ROWS) {
    it.each([0, 1, 2, 3, 5, 8, 13, 100])(`${name}: the first %i`, async (count) => {
      const expected = await oracle(patterns, deep, count, skip);
      expect(await createProjectFs(dir).firstFiles(patterns, { deep, count, ...(skip ? { skip } : {}) })).toEqual(expected);
    });
  }

  it('answers the same on memfs and through a member view', async () => {
    const mem = memProject(Object.fromEntries(FILES.map((f) => [f, ''])));
    for (const [, patterns, deep, skip] of ROWS) {
      for (const count of [1, 4, 100]) {
        expect(await mem.firstFiles(patterns, { deep, count, ...(skip ? { skip } : {}) })).toEqual(await oracle(patterns, deep, count, skip));
      }
    }
    const member = scopedFs(createProjectFs(dir), 'packages/api');
    expect(await member.firstFiles(['**/*.js'], { count: 5, skip: (f) => NOT_APP.test(f) })).toEqual(['src/server.js']);
    expect(await member.firstFiles(['**/*.js'], { count: 5 })).toEqual(['src/server.js', 'tests/s.test.js']);
  });

  it('lists only the folders before its last file', async () => {
    const listed = (): { fs: FsLike; dirs: string[] } => {
      const dirs: string[] = [];
      const fs = { ...nodeFs, readdirSync: ((p: string, o: object) => (dirs.push(path.relative(dir, p)), nodeFs.readdirSync(p, o as never))) as typeof nodeFs.readdirSync };
      return { fs: fs as unknown as FsLike, dirs };
    };
    const early = listed();
    expect(await createProjectFs(dir, early.fs).firstFiles(['**/*.js'], { count: 3 })).toEqual(['A/upper.js', '_/u.js', 'a-b.js']);
    expect(early.dirs).toEqual(['', 'A', '_']);
    const whole = listed();
    await createProjectFs(dir, whole.fs).glob(['**/*.js']);
    expect(whole.dirs.length).toBeGreaterThan(15);
  });

  it('refuses patterns leaving the project', async () => {
    await expect(createProjectFs(dir).firstFiles(['../**/*.js'], { count: 1 })).rejects.toThrow(/outside the project/);
  });
});
