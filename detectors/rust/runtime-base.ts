import type { Answers } from '../../src/plan/answers.js';
import type { BaseFlavour, ImageRef } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { distrolessMaintained } from '../../src/versions/distroless.js';
import { DISTROLESS_SUFFIX, type Debian } from '../../src/versions/types.js';
import type { NativeLib } from './native-libs.js';

/** The runtime flavour and image of a Rust binary, and the Debian packages its runtime needs. */
export interface RustRuntime {
  base: BaseFlavour;
  image: ImageRef;
  packages: string[];
}

/**
 * distroless cc when it is maintained on the build's Debian release and the binary links no shared C library beyond
 * glibc and libssl (which cc holds); else Debian slim with those libraries installed (the binary links that release's glibc, so the runtime is
 * the same release).
 */
export function rustRuntime(libs: readonly NativeLib[], answers: Pick<Answers, 'base'>, debian: Debian, rust: string, notes: string[]): RustRuntime {
  const linked = libs.filter((l) => l.runtime !== undefined && !l.inDistrolessCc);
  const suffix = DISTROLESS_SUFFIX[debian];
  const distroless = suffix !== undefined && distrolessMaintained(suffix, 'cc');
  const what = linked.map((l) => `${l.crate} links ${l.lib}`).join(', ');
  if (answers.base === 'distroless' && !distroless) throw new UserError(`--base distroless: there is no maintained distroless cc image on Debian ${debian} (Rust ${rust}); use --base slim`);
  if (answers.base === 'distroless' && linked.length > 0) throw new UserError(`--base distroless: ${what}, which distroless cc lacks; use --base slim`);
  const base: BaseFlavour = answers.base ?? (distroless && linked.length === 0 ? 'distroless' : 'slim');
  if (!answers.base && !distroless) notes.push(`runtime debian:${debian}-slim: no maintained distroless image on Debian ${debian}`);
  else if (!answers.base && linked.length > 0) notes.push(`runtime debian:${debian}-slim: ${what}, which distroless cc lacks (installed: ${linked.map((l) => l.runtime).join(', ')})`);
  const built = libs.filter((l) => l.runtime !== undefined);
  if (libs.length > 0) notes.push(`native libraries: ${libs.map((l) => `${l.crate} links ${l.lib}`).join(', ')}; the build stage installs ${buildPackages(libs).join(' ')}${base === 'distroless' && built.length > 0 ? ', and distroless cc holds the run-time library' : ''}`);
  if (built.length > 0) notes.push(`cross builds: the build stage installs the development packages of ${built.map((l) => l.lib).join(', ')} for the target architecture (Debian multiarch, TARGETARCH), found by pkg-config per target triple, so an arm64 image built on amd64 links arm64 libraries`);
  const image: ImageRef = base === 'distroless' ? { name: `gcr.io/distroless/cc-${suffix}`, tag: 'nonroot' } : { name: 'debian', tag: `${debian}-slim` };
  const packages = [...new Set(libs.flatMap((l) => (l.runtime ? [l.runtime] : [])))];
  return { base, image, packages: base === 'slim' ? ['ca-certificates', ...packages] : [] };
}

/** The build stage's Debian packages for these libraries, each once. */
export function buildPackages(libs: readonly NativeLib[]): string[] {
  return [...new Set(libs.flatMap((l) => l.build))];
}
