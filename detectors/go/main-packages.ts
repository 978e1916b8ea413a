import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';
import { parseGoMod, type GoModFile } from './go-mod.js';
import { byCodeUnits } from '../shared/text-order.js';

/** One Go module of the project: its folder ('' for the root) and its go.mod. */
export interface GoModule {
  dir: string;
  mod: GoModFile;
}

/** Manifest files copied before the source, grouped by destination folder. */
export interface ManifestCopy {
  files: string[];
  dest: string;
}

/** The project's modules: one go.mod, or the `use` list of a go.work. */
export interface GoLayout {
  work: GoModFile | undefined;
  modules: GoModule[];
  manifests: ManifestCopy[];
  notes: string[];
}

/** A `package main` the image can build. */
export interface GoMain {
  /** Package folder relative to the project root, '.' for the root. */
  dir: string;
  module: GoModule;
  /** Binary name: the folder name, or the module's last path element for a root main. */
  name: string;
  files: string[];
}

const clean = (p: string): string => {
  const n = path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '.' ? '' : n;
};
const inDir = (dir: string, f: string): string => (dir ? `${dir}/${f}` : f);

async function readMod(fs: ProjectFs, file: string): Promise<GoModFile | undefined> {
  const text = await fs.readText(file);
  return text === undefined ? undefined : parseGoMod(text, file);
}

/** Reads go.work (when present) or go.mod, and lists the manifests the dependency download needs. */
export async function readGoLayout(fs: ProjectFs): Promise<GoLayout> {
  const work = await readMod(fs, 'go.work');
  const notes: string[] = [];
  const dirs = work ? work.uses.map(clean) : [''];
  if (work && dirs.length === 0) throw new UserError('go.work: no "use" directive; add the module folders (use ./svc) or delete go.work');
  const modules: GoModule[] = [];
  for (const dir of dirs) {
    if (dir.startsWith('..')) throw new UserError(`go.work: "use ${dir}" is outside the project, where the Docker build cannot see it; move the module inside the project`);
    const mod = await readMod(fs, inDir(dir, 'go.mod'));
    if (!mod) throw new UserError(`${work ? 'go.work' : 'go.mod'}: ${inDir(dir, 'go.mod')} does not exist; ${work ? 'fix the "use" line' : 'run go mod init'}`);
    if (!mod.module) throw new UserError(`${inDir(dir, 'go.mod')}: no "module" directive; add one such as "module example.com/app"`);
    modules.push({ dir, mod });
  }
  const manifestDirs = new Set(dirs);
  for (const m of modules) {
    for (const r of m.mod.localReplaces) {
      const target = clean(path.posix.join(m.dir, r));
      if (target.startsWith('..')) notes.push(`replace => ${r} in ${inDir(m.dir, 'go.mod')} points outside the project: the Docker build cannot see it`);
      else if (await fs.exists(inDir(target, 'go.mod'))) manifestDirs.add(target);
    }
  }
  const byDest = new Map<string, string[]>();
  if (work) byDest.set('./', await existing(fs, ['go.work', 'go.work.sum']));
  for (const dir of [...manifestDirs].sort()) {
    const dest = dir ? `${dir}/` : './';
    byDest.set(dest, [...(byDest.get(dest) ?? []), ...(await existing(fs, [inDir(dir, 'go.mod'), inDir(dir, 'go.sum')]))]);
  }
  const manifests = [...byDest].map(([dest, files]) => ({ files, dest }));
  return { work, modules, manifests, notes };
}

async function existing(fs: ProjectFs, files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) if (await fs.exists(f)) out.push(f);
  return out;
}

/** The non-test .go files of a folder when it holds `package main` (build-ignored generator files skipped). */
async function mainFiles(fs: ProjectFs, dir: string): Promise<string[] | undefined> {
  const files = (await fs.list(dir || '.')).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => inDir(dir, f));
  let isMain = false;
  for (const f of files) {
    const text = (await fs.readText(f)) ?? '';
    if (/^\s*\/\/(go:build\s+ignore\b|\s*\+build\s+ignore\b)/m.test(text)) continue;
    if (/^package\s+main\b/m.test(text)) isMain = true;
  }
  return isMain ? files : undefined;
}

/** Every main package in the usual places: each module's root and its cmd/<name> folders. */
export async function findMains(fs: ProjectFs, layout: GoLayout): Promise<GoMain[]> {
  const roots: GoMain[] = [];
  const cmds: GoMain[] = [];
  for (const module of layout.modules) {
    const files = await mainFiles(fs, module.dir);
    if (files) roots.push({ dir: module.dir || '.', module, name: moduleName(module.mod.module!), files });
    const cmdDir = inDir(module.dir, 'cmd');
    for (const sub of await fs.list(cmdDir)) {
      const dir = `${cmdDir}/${sub}`;
      if (!(await fs.isDir(dir))) continue;
      const f = await mainFiles(fs, dir);
      if (f) cmds.push({ dir, module, name: sub, files: f });
    }
  }
  if (roots.length || cmds.length) return [...roots, ...cmds.sort((a, b) => byCodeUnits(a.dir, b.dir))];
  return elsewhere(fs, layout);
}

/** Folders never holding the app's main package. */
const NOT_MAIN = /(^|\/)(vendor|testdata|examples?|tools?|scripts?|hack|internal\/tools|third_party|node_modules|\.[^/]+)(\/|$)/;

/** Main packages outside the usual places (e.g. `./app`), when neither the root nor cmd/ holds one. */
async function elsewhere(fs: ProjectFs, layout: GoLayout): Promise<GoMain[]> {
  const found: GoMain[] = [];
  for (const module of layout.modules) {
    const files = await fs.glob(inDir(module.dir, '**/*.go'), { deep: 5 });
    const dirs = [...new Set(files.map((f) => path.posix.dirname(f)))].filter((d) => d !== '.' && d !== module.dir && !NOT_MAIN.test(d)).sort();
    for (const dir of dirs.slice(0, 200)) {
      const f = await mainFiles(fs, dir);
      if (f) found.push({ dir, module, name: path.posix.basename(dir), files: f });
    }
  }
  return found;
}

/** The last element of a module path, skipping a major-version suffix: example.com/shop/v2 -> shop. */
export function moduleName(modulePath: string): string {
  const parts = modulePath.split('/').filter(Boolean);
  const last = parts.pop() ?? 'app';
  return /^v\d+$/.test(last) && parts.length ? parts.pop()! : last;
}

/**
 * Picks the package to build. `--main` (cmd/api, ./cmd/api, api, or any folder holding package main) decides;
 * else a root main; else the only cmd/<name>; else the one named after its module; else the first by name.
 */
export async function chooseMain(fs: ProjectFs, layout: GoLayout, mains: GoMain[], answer: string | undefined): Promise<{ main: GoMain; notes: string[] }> {
  const list = mains.map((m) => m.dir).join(', ');
  if (answer !== undefined) {
    const want = clean(answer.replace(/^\.\//, '')) || '.';
    const hit = mains.find((m) => m.dir === want) ?? mains.find((m) => m.name === want && m.dir.endsWith(`cmd/${want}`));
    if (hit) return { main: hit, notes: ['main package: --main'] };
    const files = want.startsWith('..') ? undefined : await mainFiles(fs, want === '.' ? '' : want);
    const module = [...layout.modules].sort((a, b) => b.dir.length - a.dir.length).find((m) => m.dir === '' || want === m.dir || want.startsWith(`${m.dir}/`));
    if (!files || !module) throw new UserError(`--main: "${answer}" is not a folder holding package main; choose one of ${list || 'the folders with a main.go'}`);
    return { main: { dir: want, module, name: path.posix.basename(want === '.' ? moduleName(module.mod.module!) : want), files }, notes: ['main package: --main'] };
  }
  if (mains.length === 0) {
    throw new UserError('go.mod: no package main in the module (root, cmd/<name> or any folder); pass --main ./path/to/main/package');
  }
  const root = mains.find((m) => m.module.dir === '' ? m.dir === '.' : m.dir === m.module.dir);
  if (root) return { main: root, notes: [`main package ${root.dir}: package main at the module root`] };
  if (mains.length === 1) {
    const only = mains[0]!;
    return { main: only, notes: [`main package ${only.dir}: the only ${only.dir.split('/').includes('cmd') ? 'cmd/<name>' : 'package main in the module'}`] };
  }
  const named = mains.find((m) => m.name === moduleName(m.module.mod.module!));
  const pick = named ?? mains[0]!;
  const others = mains.filter((m) => m !== pick).map((m) => m.dir);
  const why = named ? 'named after the module' : 'first by name';
  return { main: pick, notes: [`main package ${pick.dir}: ${why}; also found ${others.join(', ')} (build one with --main ${others[0]})`] };
}
