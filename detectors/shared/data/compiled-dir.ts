import path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import type { ProjectFs } from '../../../src/fs/project-fs.js';

/**
 * Where a source file's `__dirname` points at run time: `dir` (relative to the project), or `unknown` with the reason
 * when the file is compiled to an output folder that cannot be worked out.
 */
export type RunDir = { dir: string } | { unknown: string };

/** Extensions tsc compiles to JavaScript in an output folder (`.js` files run where they are). */
const COMPILED = /\.(ts|tsx|mts|cts)$/;

interface TsOptions { outDir?: unknown; rootDir?: unknown; noEmit?: unknown }
interface TsConfig { compilerOptions?: TsOptions; include?: unknown; extends?: unknown }

/** The tsconfig.json nearest above `dir` (the project root included), or undefined. */
async function nearestTsconfig(fs: ProjectFs, dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const file = d === '.' ? 'tsconfig.json' : `${d}/tsconfig.json`;
    if (await fs.exists(file)) return file;
    if (d === '.') return undefined;
  }
}

/** The single folder `include` names (`["src"]`, `["src/**\/*"]`), which is tsc's root when rootDir is not set. */
function includeRoot(include: unknown): string | undefined {
  if (!Array.isArray(include) || include.length !== 1 || typeof include[0] !== 'string') return undefined;
  const dir = include[0].replace(/^\.\//, '').replace(/(\/\*\*)?(\/\*(\.\w+)?)?$/, '');
  return dir && !/[*?{[]/.test(dir) && !/\.\w+$/.test(dir) ? dir : undefined;
}

/**
 * The run-time folder of `file` (tsc's outDir mirrors rootDir): `src/index.ts` under `{ outDir: 'dist', rootDir:
 * 'src' }` runs from `dist`. A file that is not compiled, under no tsconfig, or under one without outDir (tsx, ts-node,
 * Bun, Node's type stripping run it in place) runs from its own folder.
 */
export async function runDirOf(fs: ProjectFs, file: string, cache = new Map<string, RunDir | TsConfig>()): Promise<RunDir> {
  const own = path.posix.dirname(file);
  if (!COMPILED.test(file)) return { dir: own };
  const tsconfig = await nearestTsconfig(fs, own);
  if (!tsconfig) return { dir: own };
  let config = cache.get(tsconfig);
  if (!config) {
    const errors: ParseError[] = [];
    const parsed: unknown = parse((await fs.readText(tsconfig).catch(() => undefined)) ?? '', errors, { allowTrailingComma: true });
    config = errors.length || typeof parsed !== 'object' || parsed === null
      ? { unknown: `${tsconfig} does not parse` }
      : (parsed as TsConfig);
    cache.set(tsconfig, config);
  }
  if ('unknown' in config) return config as RunDir;
  const tsconfigDir = path.posix.dirname(tsconfig);
  const options = (config as TsConfig).compilerOptions ?? {};
  if (options.noEmit === true) return { dir: own };
  if (typeof options.outDir !== 'string') {
    // An outDir may come from the extended config; without reading it the output folder is unknown.
    return (config as TsConfig).extends === undefined ? { dir: own } : { unknown: `${tsconfig} extends another config, so its outDir is unknown` };
  }
  const rootDir = typeof options.rootDir === 'string' ? options.rootDir : includeRoot((config as TsConfig).include);
  if (rootDir === undefined) return { unknown: `${tsconfig} sets outDir but neither rootDir nor a single include folder` };
  const root = path.posix.join(tsconfigDir, rootDir);
  const out = path.posix.join(tsconfigDir, options.outDir);
  const rel = path.posix.relative(root, own);
  if (rel.startsWith('..')) return { unknown: `${file} is outside ${tsconfig}'s rootDir ${rootDir}` };
  return { dir: path.posix.join(out, rel) };
}
