import { dockerignoreLines } from '../shared/ignores.js';
import type { BaseFlavour, ImageRef } from '../../src/plan/types.js';
import type { JavaBuild } from './project.js';
import { JAVA } from '../../src/versions/java.js';

/** Java releases with a maintained distroless image (gcr.io/distroless/java<N>-debian13). */
export const DISTROLESS_JAVA: readonly number[] = JAVA.releases.filter((r) => r.distroless?.includes('trixie')).map((r) => Number(r.version)).reverse();

/** Build and runtime images (tags use the global ARGs) and the path of `java` in the runtime image. */
export function javaImages(base: BaseFlavour, build: JavaBuild): { build: ImageRef; runtime: ImageRef; javaBin: string } {
  const tool = build.toolImage ? { name: build.toolImage.name, tag: build.toolImage.tag } : { name: 'eclipse-temurin', tag: '${JAVA_VERSION}-jdk' };
  const runtime = {
    distroless: { name: 'gcr.io/distroless/java${JAVA_VERSION}-debian13', tag: 'nonroot' },
    slim: { name: 'eclipse-temurin', tag: '${JAVA_VERSION}-jre' },
    alpine: { name: 'eclipse-temurin', tag: '${JAVA_VERSION}-jre-alpine' },
  }[base];
  return { build: tool, runtime, javaBin: base === 'distroless' ? '/usr/bin/java' : '/opt/java/openjdk/bin/java' };
}

/**
 * Container-aware JVM defaults: the heap may use 75% of the container's memory limit (the rest is metaspace, code
 * cache, thread stacks and the health probe), and an OutOfMemoryError ends the process so the engine restarts it.
 */
export const JVM_OPTIONS = '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError';

/** Where the compiled probe class lives in the runtime image. */
export const PROBE_DIR = '/opt/healthcheck';

/**
 * The HEALTHCHECK: the runtime's own `java` runs the probe class (templates/partials/probe-java.hbs: Java 8-compatible,
 * java.base only; `HealthCheck URL BELOW [PORTVAR]`: GET URL, no proxy, no redirects followed; when the variable
 * named PORTVAR holds a port, use it instead of the URL's; exit 0 on a status from 200 below BELOW, 1 otherwise). A
 * JRE has no compiler, so the JDK build image compiles it. A small serial-GC heap, C1 only and no perf-data file keep
 * each run short and leave the app's memory alone. `below` is the first failing status (400 for a health route, 500
 * when the server only has to answer); `portVar` names the variable that overrides the port at run time (PORT,
 * SERVER_PORT, ...).
 */
export function javaHealthcheck(javaBin: string, port: number, path: string, below: number, portVar: string | undefined): string[] {
  return [
    javaBin, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Xmx32m', '-cp', PROBE_DIR, 'HealthCheck',
    `http://127.0.0.1:${port}${path}`, String(below), ...(portVar ? [portVar] : []),
  ];
}

const IGNORE = [
  'id_rsa*', '*.iml', '*.ipr', '*.iws', '.classpath', '.project', '.settings', '.factorypath', '*.log',
  'out', 'src/test', '*/src/test', 'HELP.md',
];

/** .dockerignore lines: build output and tool caches are rebuilt in the image; tests are CI's job. */
export function javaDockerignore(tool: JavaBuild['tool'], projects: string[]): string[] {
  if (tool === 'maven') return dockerignoreLines([...IGNORE, 'target']);
  return dockerignoreLines([...IGNORE, ...['', 'buildSrc', ...projects].flatMap((d) => ['build', '.gradle', '.kotlin'].map((o) => (d ? `${d}/${o}` : o)))]);
}
