import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as nodeFs from 'node:fs';
import path from 'node:path';
import { createProjectFs, type FsLike } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { DETECTORS } from '../../detectors/index.js';
import os from 'node:os';
import { removeDir } from './cli-run.js';

// A repository with 100 000 files, nearly all in trees no detector may walk. A spy on the filesystem records every
// path ProjectFs (and fast-glob under it) touches: none may lie inside an ignored tree.

const IGNORED = ['node_modules', '.git', 'target', '.venv', 'vendor'];
const PER_TREE = 20_000;
let root = '';

beforeAll(() => {
  // tmpfs when there is one: 100 000 files on a disk-backed overlay take a minute to create, on tmpfs seconds.
  const base = nodeFs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  root = nodeFs.mkdtempSync(path.join(base, 'cdf-hostile-big-'));
  // Every file is a hard link to one inode: 100 000 real directory entries (regular files) that are about twice
  // as fast to make and remove as 100 000 separate files; what is tested is listing and walking, not content.
  const content = path.join(root, '.file-content');
  nodeFs.writeFileSync(content, 'x');
  for (const tree of IGNORED) {
    for (let d = 0; d < PER_TREE / 100; d++) {
      const dir = path.join(root, tree, `pkg${d}`, 'lib');
      nodeFs.mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 100; f++) nodeFs.linkSync(content, path.join(dir, `f${f}.js`));
    }
  }
  nodeFs.unlinkSync(content);
  const project: Record<string, string> = {
    'package.json': JSON.stringify({ scripts: { start: 'node src/server.js' }, dependencies: { pg: '8' } }),
    'src/server.js': "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n",
    'go.mod': 'module example.com/a\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
    'requirements.txt': 'flask==3.0.0\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/main.rs': 'fn main() {}\n',
    'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version></project>',
    'src/main/java/a/App.java': 'package a;\npublic class App { public static void main(String[] args) {} }\n',
  };
  for (const [rel, text] of Object.entries(project)) {
    nodeFs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    nodeFs.writeFileSync(path.join(root, rel), text);
  }
}, 120_000);
afterAll(() => removeDir(root), 120_000);

/** node's fs with every path-taking call recorded (relative to the project root). */
function spyFs(): { fs: FsLike; touched: string[] } {
  const touched: string[] = [];
  const rel = (p: unknown): string => path.relative(root, String(p));
  const wrap = <T extends object>(target: T): T => new Proxy(target, {
    get(obj, key) {
      const value = Reflect.get(obj, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string' || args[0] instanceof URL) touched.push(`${String(key)} ${rel(args[0])}`);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
  const fs = { ...nodeFs, promises: wrap(nodeFs.promises) } as Record<string, unknown>;
  for (const k of ['lstat', 'stat', 'lstatSync', 'statSync', 'readdir', 'readdirSync', 'realpathSync', 'openSync']) fs[k] = wrap({ [k]: (nodeFs as Record<string, unknown>)[k] })[k as never];
  return { fs: fs as unknown as FsLike, touched };
}

/** Single files a detector may look at by name inside an ignored tree (a probe, not a walk). */
const NAMED_PROBES = new Set(['vendor/modules.txt']);

const insideIgnored = (entry: string): boolean => {
  const [call, ...rest] = entry.split(' ');
  const rel = rest.join(' ');
  const parts = rel.split(path.sep);
  if (!call!.startsWith('readdir') && NAMED_PROBES.has(parts.join('/'))) return false;
  // Listing an ignored folder, or touching anything below it; its own name in the root listing is fine.
  return parts.some((p, i) => IGNORED.includes(p) && (i < parts.length - 1 || call!.startsWith('readdir') || call === 'opendir'));
};

describe('a 100 000-file repository', () => {
  test('the trees are really there', () => {
    expect(nodeFs.readdirSync(path.join(root, 'node_modules'))).toHaveLength(PER_TREE / 100);
    expect(nodeFs.statSync(path.join(root, 'vendor', 'pkg0', 'lib', 'f0.js')).nlink).toBe(IGNORED.length * PER_TREE);
  });

  test.each(DETECTORS.map((d) => d.id))('planning as %s never lists or reads inside node_modules, .git, target, .venv or vendor', async (stack) => {
    const { fs, touched } = spyFs();
    let error: string | undefined;
    try {
      const { plan } = await buildPlan(createProjectFs(root, fs), { stack });
      render(plan);
    } catch (err) {
      error = String((err as Error).message);
      expect(error, 'a refusal is a clear one-line error').not.toMatch(/\n/);
    }
    expect(touched.length, 'the spy saw the detector work').toBeGreaterThan(3);
    expect(touched.filter(insideIgnored)).toEqual([]);
    // 100 000 files are present; the work done must be proportional to the project, not to them.
    expect(touched.length, `fs calls (${error ?? 'planned'})`).toBeLessThan(2_000);
  });
});
