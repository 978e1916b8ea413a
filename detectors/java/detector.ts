import { JAVA_SECRET_CONFIGS, secretConfigs, type SecretConfig } from '../shared/secret-configs.js';
import type { Detector } from '../types.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Answers } from '../../src/plan/answers.js';
import type { BaseFlavour, EnvVar, ImageRef, Plan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { shellWords } from '../shared/shell-words.js';
import { checkClassName, findMainClasses, mainSources, resolveJavaVersion, type JavaBuild, type ManifestCopy } from './project.js';
import { readMaven } from './maven.js';
import { gradleImageVersion, readGradle } from './gradle.js';
import { bootLayout, readSpringConfig, withSpringServiceEnv } from './spring.js';
import { DISTROLESS_JAVA, JVM_OPTIONS, PROBE_DIR, javaDockerignore, javaHealthcheck, javaImages } from './image.js';
import { scanServerSource } from '../shared/server-source.js';
import { resolveServices } from '../shared/services.js';
import { detectServices } from '../shared/database-choice.js';
import { withSpringDatabaseProfile } from './spring-profile.js';
import { healthcheckPlan, healthNote, statusBelow } from '../shared/health-check.js';
import { projectHealth } from '../shared/platform-health.js';
import { JAVA } from '../../src/versions/java.js';
import { findRelease } from '../../src/versions/lookup.js';
import { releaseReport } from '../../src/versions/pin.js';

/** Template data of the java stack (templates/java). */
export interface JavaDetails {
  /** Header line, e.g. "Java 17 (Maven, Spring Boot 3.3.4)". */
  title: string;
  images: { build: ImageRef; runtime: ImageRef };
  /** Build files copied before the dependency download. */
  manifests: ManifestCopy[];
  /** Wrapper script (mvnw, gradlew), copied executable; null when the tool image runs the build. */
  wrapper: string | null;
  cacheTarget: string;
  /** argv of the dependency download (before the source copy). */
  resolve: string[];
  /** The jar the build leaves: folder and exact name, or null for "the only jar in that folder". */
  jar: { dir: string; name: string | null };
  /** A folder of runtime jars the build fills (Maven copy-dependencies), gathered into /out/lib. */
  libDir: string | null;
  /** Gradle installDist folder (build/install): runtime jars from <it>/<name>/lib, minus the app jar. */
  installDir: string | null;
  /** The runtime image gets /app/lib (runtime jars in their own layer). */
  hasLib: boolean;
  /** Spring Boot layered extraction (argv after `java`) and the layer folders in copy order; null for a plain jar. */
  boot: { extract: string[]; layers: string[] } | null;
  /** Where the health probe's class (templates/partials/probe-java.hbs) goes. */
  probeDir: string;
  /** settings.xml / gradle.properties holding credentials: out of the context, mounted as build secrets. */
  secrets: SecretConfig[];
}

// Plain servers: System.getenv("PORT") with a fallback, getOrDefault("PORT", "8080"), an address or listen literal.
const PORT_PATTERNS = [
  /getOrDefault\(\s*"PORT"\s*,\s*"?(\d{2,5})"?\s*\)/,
  /getenv\(\s*"PORT"\s*\)[\s\S]{0,200}?\b([1-9]\d{2,4})\b/,
  /new\s+InetSocketAddress\(\s*(?:"[^"]*"\s*,\s*)?(\d{2,5})\s*\)/,
  /\.(?:port|start|listen)\(\s*(\d{2,5})\s*\)/,
];

const GRADLE_FILES = ['build.gradle.kts', 'build.gradle', 'settings.gradle.kts', 'settings.gradle'];

async function chooseBuild(fs: ProjectFs, workspace: string | undefined): Promise<{ build: JavaBuild; note?: string }> {
  const maven = await fs.exists('pom.xml');
  let gradle = false;
  for (const f of GRADLE_FILES) gradle ||= await fs.exists(f);
  if (maven && gradle) {
    // Both build files: the one with a wrapper is the one the team runs; otherwise Maven.
    const useGradle = (await fs.exists('gradlew')) && !(await fs.exists('mvnw'));
    return { build: useGradle ? await readGradle(fs, workspace) : await readMaven(fs, workspace), note: `pom.xml and a Gradle build both present: using ${useGradle ? 'Gradle (it has a wrapper)' : 'Maven'}` };
  }
  return { build: maven ? await readMaven(fs, workspace) : await readGradle(fs, workspace) };
}

function parseArgv(line: string, flag: string): string[] {
  const words = shellWords(line, flag);
  if (words.length === 0 || words.some((w) => typeof w !== 'string')) {
    throw new UserError(`${flag}: "${line}" needs a shell; pass the program and its arguments only`);
  }
  return words as string[];
}

/** Java with Maven (pom.xml) or Gradle (build.gradle, build.gradle.kts); Spring Boot jars are unpacked into layers. */
export const javaDetector: Detector = {
  id: 'java',
  title: 'Java',
  manifests: ['pom.xml', 'build.gradle', 'build.gradle.kts'],

  async detect(fs) {
    for (const file of ['pom.xml', ...GRADLE_FILES]) {
      if (await fs.exists(file)) return { stack: 'java', reason: file, weight: 55 };
    }
    return undefined;
  },

  async plan(fs, answers) {
    const { build: b, note } = await chooseBuild(fs, answers.workspace);
    const notes = [...(note ? [note] : []), ...b.notes];
    if (b.dependencies.some((d) => d.startsWith('io.quarkus:'))) {
      throw new UserError(`${b.file}: Quarkus apps (target/quarkus-app layout) are not supported yet; build a runnable jar or write the Dockerfile by hand`);
    }
    notes.push(`build tool ${b.tool}${b.wrapper ? ` through ./${b.wrapper}` : ` (${b.toolImage!.name} image; no wrapper)`}`);
    const java = await resolveJavaVersion(fs, b, answers.runtimeVersion);
    notes.push(`Java ${java.value}: ${java.source}`);
    const report = releaseReport(JAVA, findRelease(JAVA, String(java.value))!, java.pinned);
    if (b.toolImage && b.toolImage.version === '') b.toolImage.version = gradleImageVersion(java.value);
    const distroless = DISTROLESS_JAVA.includes(java.value);
    if (answers.base === 'distroless' && !distroless) {
      throw new UserError(`--base distroless: there is no distroless image for Java ${java.value} (only ${DISTROLESS_JAVA.join(', ')}); use --base slim or --runtime-version ${JAVA.defaultVersion}`);
    }
    const base: BaseFlavour = answers.base ?? (distroless ? 'distroless' : 'slim');
    if (!answers.base && !distroless) notes.push(`runtime eclipse-temurin JRE: no distroless image for Java ${java.value}`);
    const images = javaImages(base, b);

    const boot = b.boot ? bootLayout(b.boot.version) : undefined;
    if (boot) notes.push(`framework spring-boot: ${b.boot!.source}`, boot.note);
    if (boot && answers.main !== undefined) throw new UserError('--main: a Spring Boot jar starts the class its plugin records (Start-Class); set mainClass in the Spring Boot plugin instead');
    const sources = await mainSources(fs, b.projectDir);
    const main = boot ? undefined : await chooseMain(fs, b, sources, answers.main);
    if (main) notes.push(`main class ${main.value}: ${main.source}`);

    // Port and health endpoint: Spring's application.properties/yml and actuator, or the server's own source.
    const spring = boot ? await readSpringConfig(fs, b.projectDir) : {};
    const facts = await scanServerSource(fs, sources, [], boot ? [] : PORT_PATTERNS);
    const detectedPort = boot ? spring.port : facts.port?.value;
    const port = answers.port ?? detectedPort ?? 8080;
    if (answers.port === undefined) notes.push(detectedPort ? `port ${port}: ${boot ? spring.file : facts.port!.file}` : 'port 8080: none set (default)');
    const portVar = boot ? (spring.portVar ?? 'SERVER_PORT') : 'PORT';
    const actuator = b.dependencies.includes('org.springframework.boot:spring-boot-starter-actuator');
    const context = spring.managementPort === undefined ? spring.contextPath ?? '' : '';
    const sourceRoute = actuator
      ? { value: `${context}${spring.managementBasePath ?? '/actuator'}/health`, file: 'spring-boot-starter-actuator', confident: true }
      : facts.healthPath && { ...facts.healthPath, value: `${spring.contextPath ?? ''}${facts.healthPath.value}` };
    const health = await projectHealth(fs, sourceRoute);
    if (!actuator && !sourceRoute && spring.contextPath) health.path = `${spring.contextPath}/`;
    notes.push(healthNote(health));
    const probePort = actuator && spring.managementPort ? spring.managementPort : port;
    if (probePort !== port) notes.push(`health check on management.server.port ${probePort}`);

    const bootMajor = Number(/^(\d+)/.exec(b.boot?.version ?? '3')?.[1] ?? 3);
    const resources = `${b.projectDir ? `${b.projectDir}/` : ''}src/main/resources`;
    const dbChoice = await detectServices(fs, b.dependencies, answers.services, [resources]);
    notes.push(...dbChoice.notes);
    const detected = resolveServices(dbChoice.services, answers.services);
    const profiled = boot ? await withSpringDatabaseProfile(fs, resources, detected) : { services: detected };
    if (profiled.note) notes.push(profiled.note);
    const services = boot ? withSpringServiceEnv(profiled.services, bootMajor, b.dependencies.includes('org.mariadb.jdbc:mariadb-java-client') ? 'mariadb' : 'mysql') : detected;
    for (const s of services) notes.push(`${s.name} service: ${s.reason}`);

    const hasLib = b.libs !== null;
    const jarArgs = !boot || !boot.extract
      ? (main && (hasLib || !b.manifestMain || answers.main !== undefined)
        ? ['-cp', hasLib ? '/app/app.jar:/app/lib/*' : '/app/app.jar', main.value]
        : ['-jar', '/app/app.jar'])
      : ['-cp', '/app', boot.launcher!];
    const start = answers.start !== undefined
      ? parseArgv(answers.start, '--start').map((w, i) => (i === 0 && w === 'java' ? images.javaBin : w))
      : [images.javaBin, ...jarArgs];
    if (answers.build !== undefined && answers.build.trim() === '') throw new UserError('--build: a Java app needs its build step; pass the package command (e.g. "mvn -B package -DskipTests") or leave --build out');
    const build = answers.build !== undefined ? parseArgv(answers.build, '--build') : b.build;
    notes.push(`tests do not run in the image build (${b.tool === 'maven' ? '-DskipTests' : `only the ${b.build.at(-1)} task`}): CI runs them`);
    notes.push('signals: the JVM installs its own SIGTERM handler (shutdown hooks run, exit 143) even as PID 1, so no init process is added');

    const args: EnvVar[] = [{ name: 'JAVA_VERSION', value: String(java.value) }];
    if (b.toolImage) args.push({ name: b.toolImage.versionArg, value: b.toolImage.version });
    const secrets = await secretConfigs(fs, JAVA_SECRET_CONFIGS);
    const secret = new Set(secrets.map((c) => c.file));
    const manifests = b.manifests.map((m) => ({ ...m, files: m.files.filter((f) => !secret.has(f)) })).filter((m) => m.files.length > 0);
    const details: JavaDetails = {
      title: `Java ${java.value} (${[b.tool === 'maven' ? 'Maven' : 'Gradle', boot ? `Spring Boot${b.boot!.version ? ` ${b.boot!.version}` : ''}` : main!.value].join(', ')})`,
      images: { build: images.build, runtime: images.runtime },
      manifests,
      wrapper: b.wrapper,
      cacheTarget: b.cacheTarget,
      resolve: b.resolve,
      jar: b.jar,
      libDir: b.libs?.kind === 'dir' ? b.libs.dir : null,
      installDir: b.libs?.kind === 'installDist' ? b.libs.dir : null,
      hasLib,
      boot: boot?.extract ? { extract: ['java', ...boot.extract], layers: boot.layers } : null,
      probeDir: PROBE_DIR,
      secrets,
    };
    return {
      stack: 'java',
      templates: 'java',
      packageManager: b.tool,
      framework: boot ? 'spring-boot' : null,
      runtime: { name: 'java', version: String(java.value) },
      start,
      build,
      port,
      services: services.map((s) => s.name),
      base,
      user: { uid: 65532, gid: 65532 },
      healthcheck: healthcheckPlan(health, javaHealthcheck(images.javaBin, probePort, health.path, statusBelow(health.semantics), probePort === port ? portVar : undefined), probePort === port ? portVar : null),
      args,
      env: [
        { name: 'LANG', value: 'C.UTF-8' },
        { name: 'JAVA_TOOL_OPTIONS', value: JVM_OPTIONS },
        { name: portVar, value: String(port) },
      ],
      writableDirs: [],
      dockerignore: [...javaDockerignore(b.tool, b.workspaces), ...secrets.map((c) => c.file)],
      serviceDetails: services,
      notes,
      warnings: report.warnings,
      acceptedEol: report.acceptedEol,
      workspaces: b.workspaces,
      details: details as unknown as Record<string, unknown>,
    };
  },
};

/** --main, else the class the build file names, else the only class with a main method under src/main. */
async function chooseMain(fs: ProjectFs, b: JavaBuild, sources: string[], answer: string | undefined): Promise<{ value: string; source: string }> {
  if (answer !== undefined) return { value: checkClassName(answer.trim(), '--main'), source: '--main' };
  if (b.mainClass) return b.mainClass;
  const found = await findMainClasses(fs, sources);
  if (found.length === 1) return { value: found[0]!.value, source: `${found[0]!.source} (public static void main)` };
  if (found.length === 0) {
    throw new UserError(`${b.file}: no main class (no manifest mainClass and no "static void main" under src/main); name it in the build (${b.tool === 'maven' ? 'maven-jar-plugin <mainClass>' : 'application { mainClass }'}) or pass --main com.example.App`);
  }
  throw new UserError(`${b.file}: several classes have a main method (${found.slice(0, 5).map((f) => f.value).join(', ')}); pass --main <class> or name one in the build`);
}
