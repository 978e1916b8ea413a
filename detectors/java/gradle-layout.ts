import { staysInside, type ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';
import type { ManifestCopy } from './project.js';

/** Which Gradle project the image runs, and every build file the dependency step needs. */
export interface GradleLayout {
  settingsFile: string | undefined;
  /** Folder of the chosen project ('' for the root build), without a trailing slash. */
  dir: string;
  /** Gradle task prefix for the chosen project: '' or ':app:'. */
  taskPrefix: string;
  /** The chosen project's build script. */
  buildFile: string;
  /** Script texts to read facts from, the chosen project's first (root and convention scripts follow). */
  scripts: { file: string; text: string }[];
  /** Folders of every included project (for .dockerignore of their build output). */
  projects: string[];
  manifests: ManifestCopy[];
  notes: string[];
}

const stripComments = (s: string): string => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const RUNNABLE = /\bapplication\b|org\.springframework\.boot|\bmainClass\b|Main-Class/;

async function firstExisting(fs: ProjectFs, files: string[]): Promise<string | undefined> {
  for (const f of files) if (await fs.exists(f)) return f;
  return undefined;
}

const inDir = (dir: string, f: string): string => (dir ? `${dir}/${f}` : f);
const quoted = (s: string): string[] => [...s.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!);

/**
 * Reads settings.gradle(.kts): a single-project build, or `include(...)` projects of which one is chosen: --workspace,
 * else the only one that looks runnable (application / Spring Boot / a main class), else the only one. A folder
 * override (`project(":x").projectDir = ...`) is not followed.
 */
export async function readGradleLayout(fs: ProjectFs, workspace: string | undefined): Promise<GradleLayout> {
  const settingsFile = await firstExisting(fs, ['settings.gradle.kts', 'settings.gradle']);
  const settings = stripComments(settingsFile ? ((await fs.readText(settingsFile)) ?? '') : '');
  const included = [...settings.matchAll(/^\s*include\s*\(?([^\n]*)/gm)].flatMap((m) => quoted(m[1]!)).map((p) => p.replace(/^:/, '').replace(/:/g, '/'));
  const builds = [...settings.matchAll(/^\s*includeBuild\s*\(?([^\n]*)/gm)].flatMap((m) => quoted(m[1]!)).map((p) => p.replace(/^\.\/|\/$/g, ''));
  for (const dir of [...included, ...builds]) {
    if (!staysInside(fs.root, fs.boundary, dir || '.')) throw new UserError(`${settingsFile}: included project "${dir}" is outside the project, where the Docker build cannot see it; move it inside the project or remove the include`);
  }
  const rootBuild = await firstExisting(fs, ['build.gradle.kts', 'build.gradle']);
  const projects: { dir: string; file: string; text: string }[] = [];
  for (const dir of included) {
    const file = await firstExisting(fs, [inDir(dir, 'build.gradle.kts'), inDir(dir, 'build.gradle')]);
    if (file) projects.push({ dir, file, text: stripComments((await fs.readText(file)) ?? '') });
  }
  const rootText = rootBuild ? stripComments((await fs.readText(rootBuild)) ?? '') : '';
  const notes: string[] = [];
  let chosen: { dir: string; file: string; text: string } | undefined;
  const want = workspace?.replace(/^\.\/|^:|\/$/g, '').replace(/:/g, '/');
  if (want !== undefined && want !== '' && want !== '.') {
    chosen = projects.find((p) => p.dir === want);
    if (!chosen) throw new UserError(`--workspace: "${workspace}" is not an included Gradle project with a build file; choose one of ${projects.map((p) => p.dir).join(', ') || '(none)'}`);
  } else if (want === undefined && projects.length > 0) {
    const runnable = projects.filter((p) => RUNNABLE.test(p.text));
    const rootRunnable = rootBuild !== undefined && RUNNABLE.test(rootText);
    if (runnable.length === 1) chosen = runnable[0];
    else if (runnable.length === 0 && !rootRunnable && projects.length === 1) chosen = projects[0];
    else if (runnable.length > 0 || !rootRunnable) {
      throw new UserError(`${settingsFile}: several projects could be the app (${(runnable.length ? runnable : projects).map((p) => p.dir).join(', ')}); pass --workspace <folder>`);
    }
    if (chosen && projects.length > 1) notes.push(`Gradle project ${chosen.dir}: the only one with an application, Spring Boot or main class (also included: ${projects.filter((p) => p !== chosen).map((p) => p.dir).join(', ')})`);
  }
  if (!chosen && !rootBuild) throw new UserError(`${settingsFile ?? 'settings.gradle'}: no build.gradle(.kts) in the root or in an included project; add one`);

  const conventions = await fs.glob(['buildSrc/src/main/{kotlin,groovy}/**/*.gradle{,.kts}', ...builds.map((b) => `${b}/src/main/{kotlin,groovy}/**/*.gradle{,.kts}`)], { deep: 8 });
  const scripts = [
    ...(chosen ? [{ file: chosen.file, text: chosen.text }] : []),
    ...(rootBuild ? [{ file: rootBuild, text: rootText }] : []),
  ];
  for (const file of conventions.slice(0, 50)) scripts.push({ file, text: stripComments((await fs.readText(file)) ?? '') });

  const rootFiles = [rootBuild, settingsFile, (await fs.exists('gradle.properties')) ? 'gradle.properties' : undefined].filter((f): f is string => f !== undefined);
  const manifests: ManifestCopy[] = [{ files: rootFiles, dest: './' }];
  for (const dir of ['gradle', 'buildSrc', ...builds]) {
    if (await fs.isDir(dir)) manifests.push({ files: [dir], dest: `./${dir}/` });
  }
  for (const p of projects) manifests.push({ files: [p.file], dest: `./${p.dir}/` });
  return {
    settingsFile,
    dir: chosen?.dir ?? '',
    taskPrefix: chosen ? `:${chosen.dir.replace(/\//g, ':')}:` : '',
    buildFile: chosen?.file ?? rootBuild!,
    scripts,
    projects: projects.map((p) => p.dir),
    manifests,
    notes,
  };
}
