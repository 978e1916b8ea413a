import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar, ImageRef } from '../../src/plan/types.js';
import { scopedFs } from '../../src/fs/scoped-fs.js';
import { detectPackageManager } from '../node/package-manager.js';
import { resolveNodeVersion } from '../node/version.js';
import { nodeDebian, nodeImages } from '../node/image.js';

/** A Node stage that builds the folder a `//go:embed` takes, before the Go build (templates/go). */
export interface GoFrontend {
  /** The frontend package's folder (holding package.json), relative to the project root. */
  dir: string;
  image: ImageRef;
  /** Manifests copied before the install (package.json, lockfile, install config), relative to the project root. */
  manifests: string[];
  setup: string[][];
  installEnv: EnvVar[];
  install: string[];
  cacheTarget: string;
  build: string[];
  /** The embedded folder, relative to the project root: copied from the frontend stage into the Go build. */
  output: string;
}

const GLOB = /[*?[]/;
// A folder holding only these is a placeholder kept so `go build` works before the frontend is built.
const PLACEHOLDER = /^(?:\.gitkeep|\.keep|\.gitignore|README(?:\.md)?)$/;

/** The folders `//go:embed` lines of these Go files take, relative to the project root (globs cut at their first wildcard). */
async function embedDirs(fs: ProjectFs, files: string[]): Promise<{ dir: string; file: string }[]> {
  const out: { dir: string; file: string }[] = [];
  for (const file of files) {
    for (const line of ((await fs.readText(file)) ?? '').split(/\r?\n/)) {
      const m = /^\/\/go:embed\s+(.+)$/.exec(line.trim());
      if (!m) continue;
      for (const raw of m[1]!.match(/"[^"]*"|`[^`]*`|\S+/g) ?? []) {
        const pattern = raw.replace(/^["`]|["`]$/g, '').replace(/^all:/, '');
        const literal = pattern.split('/').filter((_, i, parts) => !parts.slice(0, i + 1).some((p) => GLOB.test(p))).join('/');
        const dir = path.posix.normalize(path.posix.join(path.posix.dirname(file), literal));
        if (literal && !dir.startsWith('..') && !out.some((o) => o.dir === dir)) out.push({ dir, file });
      }
    }
  }
  return out;
}

/**
 * Is the embedded path part of the project (real content, not just a .gitkeep)? In a repository with history only
 * a path git tracks counts: a folder on this disk may be a local build that .gitignore keeps out of every clone.
 * Without history what is on disk is all there is to go by.
 */
async function committed(fs: ProjectFs, dir: string): Promise<boolean> {
  const present = (await fs.isDir(dir)) ? (await fs.list(dir)).some((e) => !PLACEHOLDER.test(e)) : await fs.exists(dir);
  if (!present || (await fs.lastChanged('.')) === undefined) return present;
  return (await fs.lastChanged(dir)) !== undefined;
}

/**
 * A `//go:embed ui/build` (or `web/dist/*`) whose folder is not committed but is the output of a frontend package
 * above it (ui/package.json with a build script): that frontend is built in a Node stage and its output copied to
 * the embed path before `go build`. An embed path nothing builds is a warning naming the fix.
 */
export async function goFrontend(fs: ProjectFs, goFiles: string[], notes: string[], warnings: string[]): Promise<GoFrontend | undefined> {
  for (const { dir: output, file } of await embedDirs(fs, goFiles)) {
    if (await committed(fs, output)) continue;
    let dir = path.posix.dirname(output);
    while (dir !== '.' && !(await fs.exists(`${dir}/package.json`))) dir = path.posix.dirname(dir);
    const pkg = dir === '.' ? undefined : ((await fs.readJson(`${dir}/package.json`)) as { scripts?: Record<string, unknown>; engines?: { node?: unknown } } | undefined);
    if (!pkg || typeof pkg.scripts?.build !== 'string') {
      warnings.push(`${file}: //go:embed ${output} is not in the project and no package.json above it has a build script to make it; commit ${output}, or add the step that builds it to the Dockerfile before go build`);
      continue;
    }
    const sub = scopedFs(fs, dir);
    const pm = await detectPackageManager(sub, pkg as Parameters<typeof detectPackageManager>[1]);
    const node = await resolveNodeVersion(sub, typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined, undefined);
    const image = nodeImages('slim', 'node', nodeDebian(node.major, 'node').debian).build;
    notes.push(`frontend: ${file} embeds ${output}, which ${dir}/package.json builds (${pm.name} run build, Node ${node.major}: ${node.source}); a Node stage builds it and the Go build copies it in`);
    return {
      dir,
      image: { name: image.name, tag: image.tag.replace('${NODE_VERSION}', String(node.major)) },
      manifests: pm.manifestFiles.map((f) => `${dir}/${f}`),
      setup: pm.setup,
      installEnv: pm.installEnv,
      install: pm.install,
      cacheTarget: pm.cacheTarget,
      build: [...pm.runScript, 'build'],
      output,
    };
  }
  return undefined;
}
