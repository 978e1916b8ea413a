/** The package.json script the image builds with, and why. */
export interface BuildScript {
  name: string;
  reason: string;
}

/** Names projects give the build they wrote for container images, most specific first. */
const DOCKER_BUILD_NAMES = [/^build-docker$/, /^build:docker$/, /^docker:build$/, /^build:[\w.-]+:docker$/];
/** A script that drives docker itself builds an image, not the app inside one. */
const RUNS_DOCKER = /(^|[\s;&|(])(docker|docker-compose|podman)\s/;

/**
 * Picks the build script: the app's own container build script (`build-docker`, `build:docker`, `docker:build`, or a
 * single `build:<x>:docker`), which exists to skip steps that need a live database or checks of a developer's machine,
 * else `build`. Undefined when there is neither.
 */
export function pickBuildScript(scripts: Record<string, string>): BuildScript | undefined {
  for (const pattern of DOCKER_BUILD_NAMES) {
    const names = Object.keys(scripts).filter((n) => pattern.test(n) && !RUNS_DOCKER.test(scripts[n]!));
    if (names.length === 1) return { name: names[0]!, reason: `the project's own container build script "${names[0]}" is preferred over "build"` };
  }
  return scripts.build ? { name: 'build', reason: 'package.json build script' } : undefined;
}
