import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { ownValue } from '../../src/own-key.js';

// Nx's `serve` for a Node app runs the output of the project's build target; these executors write one entry file
// named after the build's `main` (webpack/rspack: `outputFileName`, default main.js) into `outputPath`.
const NODE_SERVE = /^@(?:nx|nrwl)\/(?:js|node):node$/;
const BUNDLERS = /^@(?:nx|nrwl)\/(?:esbuild:esbuild|webpack:webpack|rspack:rspack)$/;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The project an `nx serve [project]` / `nx run project:serve` start script names (undefined: the default one). */
function servedProject(args: readonly string[]): { project?: string } | undefined {
  if (args[0] === 'serve') return { project: args[1] !== undefined && !args[1].startsWith('-') ? args[1] : undefined };
  const m = args[0] === 'run' ? /^([^:]+):serve(?::[\w-]+)?$/.exec(args[1] ?? '') : null;
  return m ? { project: m[1] } : undefined;
}

/**
 * The built entry file (`dist/api/main.js`) that the start script `nx serve` runs, read from the Nx project's
 * `project.json` (the root one for a single-project workspace, else `apps/<name>/` or `packages/<name>/`); undefined
 * when the script is not an Nx serve of a bundled Node build this can follow.
 */
export async function nxServeEntry(fs: ProjectFs, args: readonly string[]): Promise<string | undefined> {
  const served = servedProject(args);
  if (!served) return undefined;
  const project = served.project ?? str(obj(await fs.readJson('nx.json')).defaultProject);
  const candidates = project ? ['project.json', `apps/${project}/project.json`, `packages/${project}/project.json`] : ['project.json'];
  for (const file of candidates) {
    const config = obj(await fs.readJson(file));
    if (project && str(config.name) !== project) continue;
    const targets = obj(config.targets);
    const serve = obj(ownValue(targets, 'serve'));
    if (!NODE_SERVE.test(str(serve.executor) ?? '')) return undefined;
    const buildTarget = str(obj(serve.options).buildTarget) ?? `${str(config.name) ?? ''}:build`;
    const build = obj(ownValue(targets, buildTarget.split(':')[1] ?? 'build'));
    const options = obj(build.options);
    const outputPath = str(options.outputPath)?.replace(/^\{workspaceRoot\}\//, '');
    const main = str(options.main);
    if (!BUNDLERS.test(str(build.executor) ?? '') || !outputPath || !main || outputPath.includes('{') || outputPath.split('/').includes('..')) return undefined;
    const name = str(options.outputFileName) ?? (/webpack|rspack/.test(str(build.executor)!) ? 'main.js' : path.posix.basename(main).replace(/\.[cm]?[jt]sx?$/, '.js'));
    return path.posix.join(outputPath, name);
  }
  return undefined;
}
