import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';
import { JAVA } from '../../src/versions/java.js';
import { findRelease, nearestVersions } from '../../src/versions/lookup.js';

/** Java release used when the build pins none: the current LTS. */
export const JAVA_DEFAULT_VERSION = Number(JAVA.defaultVersion);

/** Files copied before the source, grouped by destination folder. */
export interface ManifestCopy {
  files: string[];
  dest: string;
}

/** Where the runtime dependency jars come from, when they are not inside the app jar. */
export type JavaLibs =
  /** A folder the build fills (Maven `dependency:copy-dependencies`). */
  | { kind: 'dir'; dir: string }
  /** Gradle's `installDist` layout: <dir>/<name>/lib holds the app jar and its runtime jars. */
  | { kind: 'installDist'; dir: string }
  | null;

/** What one build file (pom.xml or a Gradle script) says, in the shape the java detector needs. */
export interface JavaBuild {
  tool: 'maven' | 'gradle';
  /** The build file the facts come from, for messages. */
  file: string;
  /** Folder of the project that becomes the image ('' for the root), whose src/main is read. */
  projectDir: string;
  /** Folders of every project of a multi-project build (reported; their build output is kept out of the context). */
  workspaces: string[];
  /** The project's wrapper script (`mvnw`, `gradlew`), copied executable and used instead of an installed tool. */
  wrapper: string | null;
  manifests: ManifestCopy[];
  javaVersion?: { value: number; source: string };
  /** Spring Boot, with its version when the build names one. */
  boot?: { version?: string; source: string };
  /** groupId:artifactId of the runtime dependencies declared in the build file. */
  dependencies: string[];
  mainClass?: { value: string; source: string };
  /** The jar's manifest names the main class, so `java -jar` runs it. */
  manifestMain: boolean;
  /** Where the build leaves the app jar: folder and exact name, or null for "the only jar in the folder". */
  jar: { dir: string; name: string | null };
  libs: JavaLibs;
  /** argv that downloads dependencies and plugins from the build files alone. */
  resolve: string[];
  /** argv that compiles and packages without running tests. */
  build: string[];
  /** The tool's download cache (a BuildKit cache mount). */
  cacheTarget: string;
  /** Build image tag pieces: the tool's image and version when there is no wrapper. */
  toolImage: { name: string; versionArg: string; version: string; tag: string } | null;
  notes: string[];
}

/** "17", "1.8", "21.0.2", "JavaVersion.VERSION_17", "VERSION_1_8" -> 17 / 8; undefined when it is no Java version. */
export function parseJavaVersion(text: string): number | undefined {
  const m = /^(?:JavaVersion\.)?(?:VERSION_)?(?:1[._])?(\d{1,2})(?:[._]\d+)*$/.exec(text.trim().replace(/^["']|["']$/g, ''));
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 ? n : undefined;
}

/** Checks a Java release against the releases with official images (the version table). */
export function checkJavaVersion(n: number, source: string): number {
  if (findRelease(JAVA, String(n))) return n;
  const why = n > Number(JAVA.releases[0]!.version) ? 'is newer than the releases this version of create-dockerfile knows' : 'has no official eclipse-temurin image';
  throw new UserError(`${source}: Java ${n} ${why}; use one of the nearest, ${nearestVersions(JAVA, String(n)).join(' or ')}`);
}

/** The Java release to build and run with: --runtime-version, the build file, .java-version / .sdkmanrc, else the default. */
export async function resolveJavaVersion(fs: ProjectFs, build: JavaBuild, answer: string | undefined): Promise<{ value: number; source: string; pinned?: string }> {
  if (answer !== undefined) {
    const n = parseJavaVersion(answer);
    if (n === undefined) throw new UserError(`--runtime-version: "${answer}" is not a Java version; use one such as 17 or 21`);
    return { value: checkJavaVersion(n, '--runtime-version'), source: '--runtime-version', pinned: '--runtime-version' };
  }
  if (build.javaVersion) return { value: checkJavaVersion(build.javaVersion.value, build.file), source: build.javaVersion.source, pinned: build.file };
  const pinned = (await fs.readText('.java-version'))?.trim();
  const pn = pinned ? parseJavaVersion(pinned.replace(/^(?:openjdk|temurin|corretto|zulu)[@-]?/i, '').split('+')[0]!) : undefined;
  if (pn !== undefined) return { value: checkJavaVersion(pn, '.java-version'), source: `.java-version (${pn})`, pinned: '.java-version' };
  const sdkman = /^\s*java\s*=\s*(\d+(?:\.\d+)*)/m.exec((await fs.readText('.sdkmanrc')) ?? '');
  const sn = sdkman ? parseJavaVersion(sdkman[1]!) : undefined;
  if (sn !== undefined) return { value: checkJavaVersion(sn, '.sdkmanrc'), source: `.sdkmanrc (java=${sdkman![1]})`, pinned: '.sdkmanrc' };
  return { value: JAVA_DEFAULT_VERSION, source: `no Java version in ${build.file} (default: the current LTS)` };
}

const JAVA_MAIN = /\bstatic\s+(?:final\s+)?void\s+main\s*\(\s*(?:final\s+)?String\s*(?:\[\s*\]\s*\w+|\.\.\.\s*\w+|\w+\s*\[\s*\])\s*\)/;
const KOTLIN_MAIN = /^fun\s+main\s*\(/m;
const PACKAGE = /^\s*package\s+([\w.]+)\s*;?\s*$/m;

/** Java and Kotlin sources under <dir>/src/main. */
export async function mainSources(fs: ProjectFs, dir: string): Promise<string[]> {
  const at = dir ? `${dir}/` : '';
  return fs.glob([`${at}src/main/java/**/*.java`, `${at}src/main/kotlin/**/*.kt`], { deep: 14 });
}

/** Classes with a `main` method in the given sources (and Kotlin top-level `fun main`), as fully qualified names. */
export async function findMainClasses(fs: ProjectFs, files: string[]): Promise<{ value: string; source: string }[]> {
  const found: { value: string; source: string }[] = [];
  for (const file of files.slice(0, 2000)) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > 512 * 1024) continue;
    const kotlin = file.endsWith('.kt');
    if (!(kotlin ? KOTLIN_MAIN : JAVA_MAIN).test(text)) continue;
    const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.(java|kt)$/, '');
    const cls = kotlin ? `${stem.charAt(0).toUpperCase()}${stem.slice(1)}Kt` : stem;
    const pkg = PACKAGE.exec(text)?.[1];
    found.push({ value: pkg ? `${pkg}.${cls}` : cls, source: file });
  }
  return found;
}

/** A fully qualified class name, as `--main` or a build file gives it. */
export function checkClassName(name: string, source: string): string {
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(name)) {
    throw new UserError(`${source}: "${name}" is not a Java class name; use a fully qualified one such as com.example.App`);
  }
  return name;
}
