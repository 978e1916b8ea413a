// Packing and installing the two generators, so every other measurement runs what a user installs.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mustRun, run } from './proc.mjs';
import { scratchDir } from './temp.mjs';

/**
 * @typedef {object} Packed
 * @property {string} tarball        absolute path of the .tgz
 * @property {number} packedBytes    size of the tarball
 * @property {number} unpackedBytes  size of its files
 * @property {number} entries        files in it
 */

/**
 * `npm pack` of a package folder into `dest` (lifecycle scripts off: the CLI was built just before).
 * @param {string} folder
 * @param {string} dest
 * @returns {Packed}
 */
export function pack(folder, dest) {
  const r = mustRun('npm', ['pack', folder, '--json', '--ignore-scripts', '--pack-destination', dest], { timeoutMs: 300_000 });
  const [info] = JSON.parse(r.stdout);
  return { tarball: path.join(dest, info.filename), packedBytes: info.size, unpackedBytes: info.unpackedSize, entries: info.entryCount };
}

/**
 * @typedef {object} Installed
 * @property {string} dir             folder holding node_modules/
 * @property {number[]} installMs     wall time of each timed `npm install <tarball>` into an empty folder
 * @property {number} bytes           apparent size of every file under node_modules/
 * @property {number} files           files under node_modules/
 * @property {number} packages        installed packages (the package itself included)
 */

/**
 * Installs a tarball into empty folders: one untimed warm-up (fills npm's cache, so the timed runs measure
 * npm's work rather than the network), then `reps` timed installs; the last folder is kept for later runs.
 * @param {string} tarball
 * @param {string} name   scratch folder prefix
 * @param {number} reps
 * @returns {Installed}
 */
export function install(tarball, name, reps) {
  const installMs = [];
  let dir = '';
  for (let i = 0; i <= reps; i++) {
    dir = scratchDir(`${name}-${i}`);
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "bench-install", "private": true }\n');
    const r = mustRun('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, timeoutMs: 600_000 });
    if (i > 0) installMs.push(r.ms);
  }
  const size = treeSize(path.join(dir, 'node_modules'));
  const lock = JSON.parse(readFileSync(path.join(dir, 'node_modules', '.package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages ?? {}).filter((k) => k.startsWith('node_modules/')).length;
  return { dir, installMs, bytes: size.bytes, files: size.files, packages };
}

/** Apparent size and file count of a tree (symlinks counted as links, not followed). */
export function treeSize(/** @type {string} */ dir) {
  let bytes = 0;
  let files = 0;
  const walk = (/** @type {string} */ d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += lstatSync(p).size;
        files++;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

/** The `bin` script of an installed package, as an absolute path. */
export function binOf(/** @type {string} */ installDir, /** @type {string} */ name) {
  const folder = path.join(installDir, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin)[0];
  return path.join(folder, bin);
}

/** True when `npm` answers (it is needed to pack and install). */
export function npmWorks() {
  try {
    return run('npm', ['--version']).code === 0;
  } catch {
    return false;
  }
}
