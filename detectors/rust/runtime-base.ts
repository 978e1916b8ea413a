import type { Answers } from '../../src/plan/answers.js';
import type { BaseFlavour, ImageRef } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { distrolessMaintained } from '../../src/versions/distroless.js';
import { DISTROLESS_SUFFIX, type Debian } from '../../src/versions/types.js';

/**
 * Crates that link a shared C library the binary loads at run time (names as `cargo.ts` lists them: `diesel-<backend>`
 * for diesel's features), and the Debian package holding that library. distroless cc has none of them.
 */
const LINKED: ReadonlyMap<string, { lib: string; pkg: string }> = new Map([
  ['pq-sys', { lib: 'libpq', pkg: 'libpq5' }],
  ['diesel-postgres', { lib: 'libpq', pkg: 'libpq5' }],
  ['mysqlclient-sys', { lib: 'libmysqlclient', pkg: 'libmariadb3' }],
  ['diesel-mysql', { lib: 'libmysqlclient', pkg: 'libmariadb3' }],
]);

/** The runtime flavour and image of a Rust binary, and the Debian packages its runtime needs. */
export interface RustRuntime {
  base: BaseFlavour;
  image: ImageRef;
  packages: string[];
}

/**
 * distroless cc when it is maintained on the build's Debian release and the binary links no shared C library beyond
 * glibc; else Debian slim with those libraries installed (the binary links that release's glibc, so the runtime is
 * the same release).
 */
export function rustRuntime(deps: readonly string[], answers: Pick<Answers, 'base'>, debian: Debian, rust: string, notes: string[]): RustRuntime {
  const byPackage = new Map<string, { crate: string; lib: string; pkg: string }>();
  for (const crate of deps) {
    const l = LINKED.get(crate);
    if (l) byPackage.set(l.pkg, { crate, ...l });
  }
  const linked = [...byPackage.values()];
  const suffix = DISTROLESS_SUFFIX[debian];
  const distroless = suffix !== undefined && distrolessMaintained(suffix, 'cc');
  const libs = linked.map((l) => `${l.crate} links ${l.lib}`).join(', ');
  if (answers.base === 'distroless' && !distroless) throw new UserError(`--base distroless: there is no maintained distroless cc image on Debian ${debian} (Rust ${rust}); use --base slim`);
  if (answers.base === 'distroless' && linked.length > 0) throw new UserError(`--base distroless: ${libs}, which distroless cc lacks; use --base slim`);
  const base: BaseFlavour = answers.base ?? (distroless && linked.length === 0 ? 'distroless' : 'slim');
  if (!answers.base && !distroless) notes.push(`runtime debian:${debian}-slim: no maintained distroless image on Debian ${debian}`);
  else if (!answers.base && linked.length > 0) notes.push(`runtime debian:${debian}-slim: ${libs}, which distroless cc lacks (installed: ${linked.map((l) => l.pkg).join(', ')})`);
  if (linked.length > 0) notes.push(`cross builds: the build stage links ${linked.map((l) => l.lib).join(', ')} for the build machine's architecture only; building for another one needs that architecture's development package`);
  const image: ImageRef = base === 'distroless' ? { name: `gcr.io/distroless/cc-${suffix}`, tag: 'nonroot' } : { name: 'debian', tag: `${debian}-slim` };
  return { base, image, packages: base === 'slim' ? ['ca-certificates', ...linked.map((l) => l.pkg)] : [] };
}
