import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain, useTempCache } from '../helpers/run-main.js';
import { runs } from './arbitraries.js';
import { recordReads } from '../helpers/fs-reads.js';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import { isWithin } from '../../src/fs/safe-read.js';

// Containment, as a property: a random project tree where any file may be a symbolic link (out of the project, to
// a device, to a FIFO, dangling, to itself, or to another file of the project), a FIFO or a folder never makes the
// CLI read outside the project root, write outside it, or hang. Every file opened and folder listed through node's
// fs during the run is recorded: each must really be inside the project (or the CLI's own templates, or the merge
// base cache). Everything outside also holds a marker (valid manifests naming it), which must be nowhere in what the
// run printed or wrote; the run finishes within a deadline with exit 0, 1 or 2 and one-line errors; the outside tree
// stays byte-for-byte unchanged.
const CACHE = realpathSync(useTempCache());
const REPO = realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'));

const MARKER = 'leakedmarker7f3a';
const DEADLINE_MS = 15_000;

/** Project files a detector, the state or the writer looks at, with harmless content for the regular case. */
const NAMES: Record<string, string> = {
  'package.json': JSON.stringify({ scripts: { start: 'node server.js' }, dependencies: { pg: '8.0.0' } }),
  'server.js': "require('http').createServer((q, s) => s.end('ok')).listen(3000);\n",
  '.nvmrc': '22\n',
  '.node-version': '22\n',
  'package-lock.json': '{"lockfileVersion":3}\n',
  '.npmrc': 'engine-strict=true\n',
  'requirements.txt': 'flask==3.0.0\n',
  '.python-version': '3.12\n',
  'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
  'rust-toolchain': '1.80\n',
  'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>b</artifactId><version>1</version></project>\n',
  'settings.gradle': "rootProject.name = 'app'\n",
  Dockerfile: 'FROM scratch\n',
  'docker-compose.yml': 'services: {}\n',
  '.create-dockerfile.yml': 'version: 1\n',
  '.dockerignore': 'node_modules\n',
  '.env.example': 'PORT=3000\n',
  src: '',
  'src/index.js': 'console.log(1)\n',
};

/** What each outside target holds: manifests that would carry the marker into the output if read. */
const OUTSIDE_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: MARKER, scripts: { start: `node ${MARKER}.js` } }),
  'version.txt': `${MARKER}\n`,
  'requirements.txt': `${MARKER}==1.0\n`,
  'Cargo.toml': `[package]\nname = "${MARKER}"\nversion = "0.1.0"\n`,
  'dir/package.json': JSON.stringify({ name: MARKER, main: `${MARKER}.js` }),
  'dir/index.js': `// ${MARKER}\n`,
};

type Kind =
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'fifo' }
  | { kind: 'link'; to: string };

/** Link targets: outside (absolute and relative), devices, a FIFO outside, dangling, itself, other project files. */
const linkTarget = fc.constantFrom(
  'OUT/package.json', 'OUT/package.json', 'OUT/version.txt', 'OUT/dir', '../OUTNAME/dir',
  'OUT/package.json', 'OUT/version.txt', 'OUT/requirements.txt', 'OUT/Cargo.toml', 'OUT/dir', 'OUT/fifo', 'OUT/missing',
  '../OUTNAME/version.txt', '../OUTNAME/dir', '/dev/zero', '/dev/urandom', '/proc/self/environ', '/', '..', '.', 'SELF',
  'server.js', 'src', 'package.json', 'missing-inside',
);

const entry: fc.Arbitrary<Kind> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Kind>({ kind: 'file' }) },
  { weight: 4, arbitrary: linkTarget.map((to): Kind => ({ kind: 'link', to })) },
  { weight: 1, arbitrary: fc.constant<Kind>({ kind: 'fifo' }) },
  { weight: 1, arbitrary: fc.constant<Kind>({ kind: 'dir' }) },
);

const tree = fc.dictionary(fc.constantFrom(...Object.keys(NAMES)), entry, { minKeys: 1, maxKeys: 12 });
const flags = fc.constantFrom(['--dry-run'], [], ['--force'], ['--check'], ['--json', '--force'], ['--k8s', '--force']);

const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cdf-contain-')));
const PROJECT = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+/project(/|$)`);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The outside tree: its files and a FIFO (opening it would block). */
function makeOutside(dir: string): void {
  for (const [rel, text] of Object.entries(OUTSIDE_FILES)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
}

function makeProject(root: string, outside: string, entries: Record<string, Kind>): void {
  mkdirSync(root);
  // Parents first, so that `src/index.js` lands in whatever `src` became (a link out of the project included).
  for (const rel of Object.keys(entries).sort()) {
    const abs = path.join(root, rel);
    const k = entries[rel]!;
    try {
      mkdirSync(path.dirname(abs), { recursive: true });
      if (k.kind === 'file') writeFileSync(abs, NAMES[rel] ?? 'x\n');
      else if (k.kind === 'dir') mkdirSync(abs);
      else if (k.kind === 'fifo') execFileSync('mkfifo', [abs]);
      else {
        const to = k.to === 'SELF' ? path.basename(rel) : k.to.replace(/^OUT\//, `${outside}/`).replace('OUTNAME', `../${path.basename(outside)}`);
        symlinkSync(to, abs);
      }
    } catch {
      // A parent that is a file, FIFO or a link somewhere unwritable: that entry simply is not there.
    }
  }
}

/** Every path under `dir` (links not followed) with its type and content: the outside tree must not change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      const st = lstatSync(path.join(dir, r));
      if (st.isDirectory()) {
        out.push(`${r}/`);
        walk(r);
      } else out.push(`${r} ${st.isFile() ? readFileSync(path.join(dir, r), 'utf8') : st.isFIFO() ? 'fifo' : 'other'}`);
    }
  };
  walk('');
  return out;
}

/** The text of every regular file in the project after the run (links and FIFOs are not followed or opened). */
function projectTexts(dir: string): string {
  const texts: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = path.join(rel, name);
      const st = lstatSync(path.join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) texts.push(readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return texts.join('\n');
}

let n = 0;

describe('containment property: the CLI never reads or writes outside the project, and never hangs', () => {
  test('random trees of files, links, FIFOs and folders', async () => {
    await fc.assert(fc.asyncProperty(tree, flags, async (entries, args) => {
      const run = path.join(base, String(n++));
      const outside = `${run}-outside`;
      mkdirSync(run);
      makeOutside(outside);
      const root = path.join(run, 'project');
      makeProject(root, outside, entries);
      const before = snapshot(outside);
      let timer: NodeJS.Timeout | undefined;
      const reads = recordReads();
      let result: Awaited<ReturnType<typeof runMain>> | 'hang';
      try {
        result = await Promise.race([
          runMain(['--yes', '--cwd', root, ...args]),
          new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), DEADLINE_MS))),
        ]);
      } finally {
        reads.stop();
        clearTimeout(timer);
      }
      expect(result, `no hang on ${JSON.stringify(entries)}`).not.toBe('hang');
      const realRoot = realpathSync(root);
      // A read still in flight from an earlier case (a Promise.all rejected by its first refusal) lands in that
      // case's project: any project folder of this property counts as inside, its outside folders never do.
      const strays = reads.paths.filter((p) => !isWithin(realRoot, p) && !isWithin(REPO, p) && !isWithin(CACHE, p) && !PROJECT.test(p));
      expect(strays, `every file read and folder listed is inside the project ${realRoot}`).toEqual([]);
      const r = result as Awaited<ReturnType<typeof runMain>>;
      expect([0, 1, 2], r.stderr).toContain(r.code);
      expect(r.stderr, 'no internal error').not.toMatch(/internal error|\n\s+at /);
      for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^create-dockerfile: /);
      expect(`${r.stdout}\n${r.stderr}`, 'nothing from outside is printed').not.toContain(MARKER);
      expect(projectTexts(root), 'nothing from outside is written into the project').not.toContain(MARKER);
      expect(snapshot(outside), 'nothing outside is written').toEqual(before);
      rmSync(run, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }), { ...runs(25), numRuns: Math.min(runs(25).numRuns ?? 25, 300) });
  }, 30 * 60_000);
});
