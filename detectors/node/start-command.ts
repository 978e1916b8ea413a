import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Answers } from '../../src/plan/answers.js';
import type { EnvVar } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import type { AppShape } from './frameworks.js';
import { parseStart, scriptFile, shellScriptFile } from './start.js';
import { stripBuildSteps } from './start-steps.js';
import { nxServeEntry } from './nx.js';
import { followScriptAlias, type ScriptHop } from './script-alias.js';

/** The fields of package.json the node detector reads. */
export interface PackageJson {
  name?: unknown;
  main?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  engines?: { node?: unknown };
  packageManager?: unknown;
  workspaces?: unknown;
  gypfile?: unknown;
  prisma?: unknown;
}

const FALLBACK_ENTRIES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'src/index.js', 'src/server.js', 'src/main.js'];

/** The start command chosen for the runtime image, and what it needs. */
export interface ResolvedStart {
  argv: string[];
  line: string;
  shell: boolean;
  needsDeps: boolean;
  env: EnvVar[];
  file?: string;
  outDir?: string;
  /** Build steps removed from the head of the start script. */
  dropped: string[];
  /** Scripts the start line only ran (`npm run serve`), replaced by their commands. */
  hops: ScriptHop[];
}

/** The start command: --start, the framework's server, the start script (build steps at its head dropped), main, a fallback file. */
export async function resolveStart(
  fs: ProjectFs, pkg: PackageJson, scripts: Record<string, string>, shape: AppShape, answers: Answers, runtime: 'node' | 'bun', pm: string, built: boolean,
): Promise<ResolvedStart> {
  const r = await resolveStartLine(fs, pkg, scripts, shape, answers, runtime, pm, built);
  return { dropped: [], hops: [], ...r };
}

async function resolveStartLine(
  fs: ProjectFs, pkg: PackageJson, scripts: Record<string, string>, shape: AppShape, answers: Answers, runtime: 'node' | 'bun', pm: string, built: boolean,
): Promise<Omit<ResolvedStart, 'dropped' | 'hops'> & { dropped?: string[]; hops?: ScriptHop[] }> {
  let line = answers.start ?? (shape.start ? undefined : scripts['start:prod'] ?? scripts.start);
  const dropped: string[] = [];
  const hops: ScriptHop[] = [];
  // `build && npm run serve`: the build steps go first, then the script the rest only runs stands for it.
  for (let i = 0; i < 5 && line !== undefined && answers.start === undefined; i++) {
    if (built) {
      const stripped = stripBuildSteps(line, scripts);
      line = stripped.line;
      dropped.push(...stripped.dropped);
    }
    const followed = followScriptAlias(line, scripts);
    if (followed.hops.length === 0) break;
    hops.push(...followed.hops);
    line = followed.line;
  }
  if (line === undefined && shape.start) return { argv: shape.start, line: shape.start.join(' '), shell: false, needsDeps: false, env: [], file: scriptFile(shape.start.slice(1)) };
  // "main" is a file name, not a command line: a space or quote in it must not split it into words.
  if (line === undefined && typeof pkg.main === 'string') {
    return { argv: [runtime, pkg.main], line: `${runtime} ${pkg.main}`, shell: false, needsDeps: false, env: [], ...outputOf(scriptFile([pkg.main])) };
  }
  if (line === undefined) {
    for (const f of FALLBACK_ENTRIES) if (await fs.exists(f)) { line = `${runtime} ${f}`; break; }
  }
  if (line === undefined) throw new UserError('package.json: no "start" script, "main" field or server.js/index.js to run; add a start script or pass --start "node <file>"');
  const parsed = parseStart(line);
  if (parsed.kind === 'shell') return { argv: ['/bin/sh', '-c', line], line, shell: true, needsDeps: true, env: [], dropped, hops, ...outputOf(shellScriptFile(line)) };
  if (parsed.kind === 'bin' && parsed.bin === 'nx' && answers.start === undefined) {
    // `nx serve` rebuilds and watches: the image runs the build's output instead (the build stage ran `nx build`).
    const entry = built ? await nxServeEntry(fs, parsed.args) : undefined;
    if (entry) return { argv: [runtime, entry], line: `${runtime} ${entry}`, shell: false, needsDeps: false, env: parsed.env, dropped, hops, ...outputOf(entry) };
  }
  if (parsed.kind === 'bin') {
    const dev = pkg.devDependencies !== undefined && parsed.bin! in pkg.devDependencies && !(pkg.dependencies !== undefined && parsed.bin! in pkg.dependencies);
    if (dev && answers.start === undefined) {
      throw new UserError(`package.json: the start script runs ${parsed.bin}, a devDependency that the production image does not install; start the built output with node, move ${parsed.bin} to dependencies, or pass --start`);
    }
    // pnpm's node_modules/.bin entries are shell shims, not JavaScript: run them through a shell.
    if (pm === 'pnpm') return { argv: ['/bin/sh', '-c', line], line, shell: true, needsDeps: true, env: [] };
    const args = [runtime, `node_modules/.bin/${parsed.bin}`, ...parsed.args];
    return { argv: args, line, shell: false, needsDeps: true, env: parsed.env, dropped, hops };
  }
  return { argv: [parsed.kind, ...parsed.args], line, shell: false, needsDeps: false, env: parsed.env, dropped, hops, ...outputOf(scriptFile(parsed.args)) };
}

/** The started file and, when it lies in a build output folder, that folder (copied from the build stage). */
function outputOf(file: string | undefined): { file?: string; outDir?: string } {
  const first = file?.split('/')[0];
  const outDir = file && first && first !== file && ['dist', 'build', 'out', 'lib', '.output'].includes(first) ? first : undefined;
  return { file, outDir };
}

