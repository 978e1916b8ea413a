import { parse as parseToml } from 'smol-toml';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';
import { checkClassName, parseJavaVersion, type JavaBuild } from './project.js';
import { readGradleLayout } from './gradle-layout.js';

/**
 * Gradle build scripts are Groovy or Kotlin programs, not data: this module reads the few facts it needs (plugins,
 * main class, toolchain, dependency coordinates) with targeted regular expressions over the script text, and the
 * version catalog (gradle/libs.versions.toml) with a TOML parser. What a script computes at run time stays unseen.
 */

/** Gradle image version for builds without a wrapper: 8.14 runs on Java 8 to 24; Java 25 needs Gradle 9.1. */
export function gradleImageVersion(java: number): string {
  return java >= 25 ? '9.1' : '8.14';
}

const RUNTIME_CONF = String.raw`\b(?:implementation|api|runtimeOnly|compile|runtime)`;
const DEP_STRING = new RegExp(String.raw`${RUNTIME_CONF}\s*\(?\s*["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']`, 'g');
const DEP_MAP = new RegExp(String.raw`${RUNTIME_CONF}\s*\(?\s*group\s*[:=]\s*["']([\w.-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.-]+)["']`, 'g');
const DEP_CATALOG = new RegExp(String.raw`${RUNTIME_CONF}\s*\(?\s*libs\.([\w.]+)`, 'g');
const BOOT_ID = String.raw`["']org\.springframework\.boot["']`;

interface Catalog {
  libraries: Map<string, string>;
  plugins: Map<string, { id: string; version?: string }>;
}

const accessor = (alias: string): string => alias.replace(/[-_]/g, '.');

/** Reads gradle/libs.versions.toml: library aliases -> group:artifact, plugin aliases -> id and version. */
async function readCatalog(fs: ProjectFs): Promise<Catalog> {
  const file = 'gradle/libs.versions.toml';
  const text = await fs.readText(file);
  const catalog: Catalog = { libraries: new Map(), plugins: new Map() };
  if (text === undefined) return catalog;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as { line?: number; column?: number; message?: string };
    throw new UserError(`${file}:${e.line ?? 0}:${e.column ?? 0}: invalid TOML (${String(e.message).split('\n')[0]}); fix the syntax and run again`);
  }
  const versions = (doc.versions ?? {}) as Record<string, unknown>;
  const version = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    const ref = (v as { ref?: unknown } | undefined)?.ref;
    return typeof ref === 'string' && typeof versions[ref] === 'string' ? (versions[ref] as string) : undefined;
  };
  for (const [alias, v] of Object.entries((doc.libraries ?? {}) as Record<string, unknown>)) {
    const module = typeof v === 'string' ? v.split(':').slice(0, 2).join(':') : (v as { module?: unknown }).module;
    const group = (v as { group?: unknown }).group;
    const name = (v as { name?: unknown }).name;
    const key = typeof module === 'string' ? module : typeof group === 'string' && typeof name === 'string' ? `${group}:${name}` : undefined;
    if (key) catalog.libraries.set(accessor(alias), key);
  }
  for (const [alias, v] of Object.entries((doc.plugins ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') catalog.plugins.set(accessor(alias), { id: v.split(':')[0]!, version: v.split(':')[1] });
    else if (typeof (v as { id?: unknown }).id === 'string') catalog.plugins.set(accessor(alias), { id: (v as { id: string }).id, version: version((v as { version?: unknown }).version) });
  }
  return catalog;
}

/** Reads the chosen project's build script (plus the root and convention scripts), gradle.properties and the catalog. */
export async function readGradle(fs: ProjectFs, workspace: string | undefined): Promise<JavaBuild> {
  const layout = await readGradleLayout(fs, workspace);
  const file = layout.buildFile;
  const script = layout.scripts.map((s) => s.text).join('\n');
  if (/["']com\.android\.(?:application|library)["']/.test(script)) throw new UserError(`${file}: an Android build makes an APK, not a server that runs in a container`);
  const catalog = await readCatalog(fs);
  const notes = [...layout.notes];

  const hasWrapperProps = await fs.exists('gradle/wrapper/gradle-wrapper.properties');
  const wrapper = (await fs.exists('gradlew')) && hasWrapperProps ? 'gradlew' : null;
  if (!wrapper && (await fs.exists('gradlew'))) notes.push('gradlew without gradle/wrapper/gradle-wrapper.properties: using the gradle image instead');
  const distribution = /distributionUrl=.*gradle-(\d+\.\d+(?:\.\d+)?)-(?:bin|all)\.zip/.exec((await fs.readText('gradle/wrapper/gradle-wrapper.properties')) ?? '');

  // Spring Boot: plugins { id("org.springframework.boot") version "3.3.4" }, apply plugin, buildscript classpath, catalog alias.
  let boot: JavaBuild['boot'];
  const bootId = new RegExp(String.raw`id\s*\(?\s*${BOOT_ID}\s*\)?(?:\s*version\s*\(?\s*["']([^"']+)["'])?`).exec(script);
  const bootClasspath = /["']org\.springframework\.boot:spring-boot-gradle-plugin:([^"']+)["']/.exec(script);
  const aliases = [...script.matchAll(/alias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)/g)].map((m) => catalog.plugins.get(m[1]!)).filter(Boolean);
  const bootAlias = aliases.find((p) => p!.id === 'org.springframework.boot');
  if (bootId) boot = { version: bootId[1], source: `${file} plugin org.springframework.boot` };
  else if (bootAlias) boot = { version: bootAlias.version, source: 'gradle/libs.versions.toml plugin org.springframework.boot' };
  else if (bootClasspath || new RegExp(String.raw`apply\s*\(?\s*plugin\s*[:=]\s*${BOOT_ID}`).test(script)) {
    boot = { version: bootClasspath?.[1], source: `${file} apply plugin org.springframework.boot` };
  }
  if (boot?.version?.includes('$')) boot.version = variable(boot.version, script, (await fs.readText('gradle.properties')) ?? '');

  const application = /^\s*application\s*(?:\{|$)/m.test(script) || /id\s*\(?\s*["']application["']/.test(script) || /apply\s*\(?\s*plugin\s*[:=]\s*["']application["']/.test(script);
  const appMain = /\bmainClass(?:\.set\s*\(|\s*=)\s*["']([\w.$]+)["']/.exec(script) ?? /\bmainClassName\s*=\s*["']([\w.$]+)["']/.exec(script);
  const manifestMain = /["']Main-Class["']\s*(?::|to|,|\]\s*=)\s*["']([\w.$]+)["']/.exec(script);
  const main = manifestMain ?? appMain;
  const mainClass = main ? { value: checkClassName(main[1]!, file), source: `${file} ${manifestMain ? 'jar manifest Main-Class' : 'application mainClass'}` } : undefined;

  const dependencies = [
    ...[...script.matchAll(DEP_STRING), ...script.matchAll(DEP_MAP)].map((m) => `${m[1]}:${m[2]}`),
    ...[...script.matchAll(DEP_CATALOG)].map((m) => catalog.libraries.get(m[1]!)).filter((d): d is string => d !== undefined),
  ];
  // The Kotlin plugin adds kotlin-stdlib to the runtime classpath without a dependencies line.
  const kotlin = /kotlin\s*\(\s*["']jvm["']\s*\)|["']org\.jetbrains\.kotlin\.jvm["']/.test(script) || aliases.some((p) => p!.id === 'org.jetbrains.kotlin.jvm');
  if (kotlin) dependencies.push('org.jetbrains.kotlin:kotlin-stdlib');
  if (!boot && !application && dependencies.length > 0) {
    throw new UserError(`${file}: runtime dependencies (${dependencies[0]}) but no application plugin, so the plain jar cannot find them; apply the "application" plugin with mainClass, or Spring Boot`);
  }

  const gradle = wrapper ? './gradlew' : 'gradle';
  const task = `${layout.taskPrefix}${boot ? 'bootJar' : application ? 'installDist' : 'jar'}`;
  const out = layout.dir ? `${layout.dir}/build` : 'build';
  return {
    tool: 'gradle',
    file,
    wrapper,
    projectDir: layout.dir,
    workspaces: layout.projects,
    manifests: layout.manifests,
    javaVersion: gradleJavaVersion(script, file),
    boot,
    dependencies: [...new Set(dependencies)],
    mainClass,
    manifestMain: Boolean(manifestMain),
    jar: { dir: `${out}/libs`, name: null },
    libs: !boot && application ? { kind: 'installDist', dir: `${out}/install` } : null,
    resolve: [gradle, '--no-daemon', '--console=plain', `${layout.taskPrefix}dependencies`],
    build: [gradle, '--no-daemon', '--console=plain', task],
    cacheTarget: '/root/.gradle',
    toolImage: wrapper ? null : { name: 'gradle', versionArg: 'GRADLE_VERSION', version: distribution?.[1] ?? '', tag: '${GRADLE_VERSION}-jdk${JAVA_VERSION}' },
    notes,
  };
}

/** `${springBootVersion}` / `$bootVersion`: a literal `name = "x"` in the script (ext, val, set) or gradle.properties. */
function variable(ref: string, script: string, properties: string): string | undefined {
  const name = /^\$\{?(?:project\.)?(?:property\(["'])?([\w.]+)/.exec(ref)?.[1];
  if (!name) return undefined;
  const esc = name.replace(/\./g, '\\.');
  const m = new RegExp(String.raw`\b${esc}["']?\s*(?:=|,)\s*["']([\w.-]+)["']`).exec(script) ?? new RegExp(String.raw`^\s*${esc}\s*[=:]\s*([\w.-]+)\s*$`, 'm').exec(properties);
  return m?.[1];
}

/** Toolchain languageVersion, Kotlin jvmToolchain, compiler release, then source/targetCompatibility. */
function gradleJavaVersion(script: string, file: string): JavaBuild['javaVersion'] {
  const patterns: [RegExp, string][] = [
    [/JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/, 'toolchain languageVersion'],
    [/\bjvmToolchain\(\s*(\d+)\s*\)/, 'jvmToolchain'],
    [/\brelease(?:\.set\(\s*|\s*=\s*)(\d+)/, 'compiler release'],
    [/\bsourceCompatibility\s*=\s*(JavaVersion\.VERSION_[\d_]+|["']?[\d.]+["']?)/, 'sourceCompatibility'],
    [/\btargetCompatibility\s*=\s*(JavaVersion\.VERSION_[\d_]+|["']?[\d.]+["']?)/, 'targetCompatibility'],
  ];
  for (const [re, label] of patterns) {
    const m = re.exec(script);
    const n = m ? parseJavaVersion(m[1]!) : undefined;
    if (n !== undefined) return { value: n, source: `${file} ${label} (${m![1]})` };
  }
  return undefined;
}
