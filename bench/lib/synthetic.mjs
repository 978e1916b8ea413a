// A synthetic monorepo with more than 100 000 files, most of them in trees a generator must never walk.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} MonorepoShape
 * @property {number} files         every file written
 * @property {number} sourceFiles   files a detector may legitimately look at (outside ignored trees)
 * @property {Record<string, number>} trees  files per ignored tree (node_modules, .git, target, .venv)
 */

/**
 * Writes the monorepo into `dir` (which must exist and be empty): an npm workspace root with an Express API,
 * 40 workspace packages, a Python worker and a Rust tool (each with its manifest), plus deep node_modules,
 * a .git directory, a Rust target/ tree and a Python .venv.
 * @param {string} dir
 * @returns {MonorepoShape}
 */
export function writeMonorepo(dir) {
  let files = 0;
  const put = (/** @type {string} */ rel, /** @type {string} */ text) => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files++;
  };
  const json = (/** @type {unknown} */ v) => `${JSON.stringify(v, null, 2)}\n`;

  put('package.json', json({
    name: 'synthetic-monorepo', version: '1.0.0', private: true, workspaces: ['packages/*'],
    engines: { node: '>=22' }, scripts: { start: 'node packages/api/src/server.js' },
    dependencies: { express: '5.1.0' },
  }));
  put('package-lock.json', json({
    name: 'synthetic-monorepo', version: '1.0.0', lockfileVersion: 3, requires: true,
    packages: { '': { name: 'synthetic-monorepo', version: '1.0.0', workspaces: ['packages/*'], dependencies: { express: '5.1.0' } } },
  }));
  put('.nvmrc', '22\n');
  put('README.md', '# synthetic monorepo\n');
  put('.gitignore', 'node_modules\ntarget\n.venv\n');
  put('packages/api/package.json', json({ name: '@mono/api', version: '1.0.0', main: 'src/server.js', dependencies: { express: '5.1.0' } }));
  put('packages/api/src/server.js', [
    "const express = require('express');",
    'const app = express();',
    "app.get('/health', (req, res) => res.json({ ok: true }));",
    'app.listen(process.env.PORT || 3000);', '',
  ].join('\n'));

  for (let p = 0; p < 40; p++) {
    const pkg = `packages/lib-${String(p).padStart(2, '0')}`;
    put(`${pkg}/package.json`, json({ name: `@mono/lib-${p}`, version: '1.0.0', main: 'src/index.js' }));
    for (let f = 0; f < 60; f++) {
      put(`${pkg}/src/${f % 6 === 0 ? `feature-${f}/` : ''}module-${f}.js`, `export const value${f} = ${f};\n`);
    }
  }
  put('services/worker/pyproject.toml', '[project]\nname = "worker"\nversion = "0.1.0"\ndependencies = ["redis>=5"]\n');
  for (let f = 0; f < 300; f++) put(`services/worker/worker/task_${f}.py`, `VALUE = ${f}\n`);
  put('tools/cli/Cargo.toml', '[package]\nname = "cli"\nversion = "0.1.0"\nedition = "2021"\n');
  for (let f = 0; f < 200; f++) put(`tools/cli/src/mod_${f}.rs`, `pub const V: u32 = ${f};\n`);
  const sourceFiles = files;

  /** @type {Record<string, number>} */
  const trees = {};
  const tree = (/** @type {string} */ name, /** @type {() => void} */ fill) => {
    const start = files;
    fill();
    trees[name] = files - start;
  };
  tree('node_modules', () => {
    // 500 packages, each with a nested node_modules two levels deep: the shape that makes naive walkers slow.
    for (let p = 0; p < 500; p++) {
      const top = `node_modules/pkg-${p}`;
      put(`${top}/package.json`, json({ name: `pkg-${p}`, version: '1.0.0' }));
      for (let f = 0; f < 40; f++) put(`${top}/lib/${f % 4}/file-${f}.js`, `module.exports = ${f};\n`);
      for (let d = 0; d < 3; d++) {
        const dep = `${top}/node_modules/dep-${d}`;
        put(`${dep}/package.json`, json({ name: `dep-${d}`, version: '1.0.0' }));
        for (let f = 0; f < 24; f++) put(`${dep}/dist/deep/er/file-${f}.js`, `module.exports = ${f};\n`);
      }
    }
    put('node_modules/.package-lock.json', json({ name: 'synthetic-monorepo', lockfileVersion: 3, packages: {} }));
  });
  tree('.git', () => {
    put('.git/HEAD', 'ref: refs/heads/main\n');
    put('.git/config', '[core]\n\trepositoryformatversion = 0\n');
    for (let o = 0; o < 20_000; o++) {
      const hex = o.toString(16).padStart(40, '0');
      put(`.git/objects/${hex.slice(-2)}/${hex.slice(0, 38)}`, 'x');
    }
  });
  tree('target', () => {
    for (let f = 0; f < 10_000; f++) put(`target/release/deps/${f % 50}/lib${f}.rlib`, 'x');
  });
  tree('.venv', () => {
    for (let f = 0; f < 10_000; f++) put(`.venv/lib/python3.12/site-packages/pkg_${f % 200}/mod_${f}.py`, 'x = 1\n');
  });
  return { files, sourceFiles, trees };
}
