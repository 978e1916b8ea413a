import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { IGNORED_DIRS } from '../../src/fs/ignore.js';
import { memProject } from '../helpers/memfs.js';

// ProjectFs.glob walks the tree itself (src/fs/glob-walk.ts). fast-glob with the options it replaced is the oracle:
// every row must find exactly what fast-glob finds, on a tree with ignored folders, dot files, deep nesting and links.
const FILES = [
  'server.js', 'index.ts', '.eslintrc.js', 'README.md', 'package.json',
  'src/app.js', 'src/routes/users.ts', 'src/routes/.hidden.js', 'src/a/b/c/d/e/f/g/h/i/deep.js', 'src/a/b/c/d/e/f/g/mid.js',
  'lib/util.mjs', 'app/page.tsx', 'config/settings.py', 'mysite/settings.py', 'mysite/settings/base.py', 'mysite/settings/__init__.py',
  'node_modules/express/index.js', 'packages/web/node_modules/x/index.js', 'packages/web/src/main.js', 'packages/api/dist/out.js',
  '.git/hooks/post.js', 'k8s/base/deploy.yaml', 'k8s/overlays/prod/patch.yml', 'deploy/app.yaml', 'tools/cli/Cargo.toml',
  'tools/cli/src/main.rs', 'buildSrc/src/main/kotlin/conv.gradle.kts', 'buildSrc/src/main/groovy/conv.gradle', 'cmd/api/main.go',
  'prisma/schema/a.prisma', 'prisma/schema/models/b.prisma',
];

const ROWS: [string, string[], number][] = [
  ['source scan', ['*.{js,mjs,cjs,ts,mts,tsx}', '{src,app,server,lib,routes,api,pages,config}/**/*.{js,mjs,cjs,ts,mts,tsx}'], 8],
  ['every source file', ['*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}', '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}'], 7],
  ['shallow depth', ['**/*.js'], 2],
  ['depth 1', ['**/*'], 1],
  ['k8s folders', ['k8s/**/*.{yaml,yml}', 'kubernetes/**/*.{yaml,yml}', 'deploy/**/*.{yaml,yml}'], 4],
  ['django settings', ['*/settings.py', '*/settings/{base,__init__}.py'], 3],
  ['static path', ['tools/cli/Cargo.toml'], 8],
  ['static path in an ignored folder', ['node_modules/express/index.js'], 8],
  ['static path that is absent', ['tools/none/Cargo.toml'], 8],
  ['static path of a folder, of a link', ['src/routes', 'link-server.js'], 8],
  ['a linked file, a linked folder', ['linked/**/*.js', 'link-*.js'], 8],
  ['gradle conventions', ['buildSrc/src/main/{kotlin,groovy}/**/*.gradle{,.kts}'], 8],
  ['negative pattern', ['src/**/*.{js,ts}', '!src/routes/**'], 8],
  ['negative file pattern', ['**/*.js', '!**/main.js'], 8],
  ['go files', ['**/*.go'], 8],
  ['prisma schema folder', ['prisma/schema/**/*.prisma'], 4],
  ['a member folder', ['packages/web/**/*.js'], 9],
  ['nothing matches', ['**/*.nothing'], 8],
  ['braces in the last segment, folders at depth 1', ['{src,lib}/*.{js,mjs}', '*.{js,ts}'], 1],
  ['braces naming static files, with a walk from the root', ['src/{app,routes}.{js,ts}', 'lib/util.{mjs,cjs}', '*.js'], 1],
  ['a brace alternative with a folder in it', ['src/{routes/*.ts,*.js}'], 8],
  ['brace alternatives with folders and globstars', ['src/{app.js,routes/*}', 'k8s/{base/*,overlays/**/*}.{yaml,yml}'], 8],
  ['a root walk with a member folder and src', ['*.js', 'src/**/*.js', 'packages/web/src/**/*.js'], 8],
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'glob-walk-'));
  for (const f of FILES) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '');
  }
  mkdirSync(path.join(dir, 'linked'));
  symlinkSync(path.join(dir, 'src'), path.join(dir, 'linked', 'src-link'));
  symlinkSync(path.join(dir, 'server.js'), path.join(dir, 'link-server.js'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ProjectFs.glob finds what fast-glob found', () => {
  it.each(ROWS)('%s', async (_name, patterns, deep) => {
    const expected = (await fg(patterns, {
      cwd: dir, ignore: IGNORED_DIRS.map((d) => `**/${d}/**`), dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true, deep,
    })).sort();
    expect(await createProjectFs(dir).glob(patterns, { deep })).toEqual(expected);
  });

  it('finds the same on memfs as on disk', async () => {
    const mem = memProject(Object.fromEntries(FILES.map((f) => [f, ''])));
    for (const [, patterns, deep] of ROWS.filter(([name]) => !name.includes('link'))) {
      expect(await mem.glob(patterns, { deep })).toEqual(await createProjectFs(dir).glob(patterns, { deep }));
    }
  });

  it('lists only the folders a pattern may hold: `src/**` beside a member folder does not walk every member', async () => {
    const reads: string[] = [];
    const fs = await import('node:fs');
    const counting = { ...fs, readdirSync: ((p: string, o: object) => (reads.push(p), fs.readdirSync(p, o as never))) as typeof fs.readdirSync };
    await createProjectFs(dir, counting as never).glob(['*.js', 'src/**/*.js', 'packages/web/src/**/*.js']);
    const listed = reads.map((r) => path.relative(dir, r).replace(/\\/g, '/')).filter((r) => r.startsWith('packages/'));
    expect(listed).toContain('packages/web/src');
    expect(listed.filter((r) => r.startsWith('packages/api'))).toEqual([]);
  });

  it('reads each folder once per project, however many globs', async () => {
    const reads: string[] = [];
    const fs = await import('node:fs');
    const counting = { ...fs, readdirSync: ((p: string, o: object) => (reads.push(p), fs.readdirSync(p, o as never))) as typeof fs.readdirSync };
    const project = createProjectFs(dir, counting as never);
    await project.glob('**/*.js');
    await project.glob('**/*.ts');
    expect(reads.length).toBeGreaterThan(3);
    expect(new Set(reads).size).toBe(reads.length);
  });
});
