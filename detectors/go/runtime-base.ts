import type { Answers } from '../../src/plan/answers.js';
import type { BaseFlavour, ImageRef } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { distrolessMaintained } from '../../src/versions/distroless.js';
import { DISTROLESS_SUFFIX, type Debian } from '../../src/versions/types.js';
import type { GoCgo } from './cgo.js';

/** The runtime flavour and image of a Go binary, and the Debian packages a slim runtime installs. */
export interface GoRuntime {
  base: BaseFlavour;
  image: ImageRef;
  packages: string[];
}

/**
 * A static binary runs on distroless static; a cgo one links glibc, so it needs distroless base (glibc, no shell) or
 * Debian slim, of the build's Debian release; a system library it links (libvips) only exists on slim. Alpine's musl
 * runs neither.
 */
export function goRuntime(answers: Pick<Answers, 'base'>, debian: Debian, version: string, cgo: GoCgo | undefined, notes: string[]): GoRuntime {
  const suffix = DISTROLESS_SUFFIX[debian];
  const kind = cgo ? 'base' : 'static';
  const distroless = suffix !== undefined && distrolessMaintained(suffix, kind);
  const libs = cgo?.runtimePackages ?? [];
  const why = cgo?.reasons.join('; ');
  if (answers.base === 'alpine' && cgo) throw new UserError(`--base alpine: ${why}, so the binary links glibc, which alpine lacks; use --base distroless (default) or --base slim`);
  if (answers.base === 'distroless' && !distroless) throw new UserError(`--base distroless: there is no maintained distroless ${kind} image on Debian ${debian} (Go ${version}); use --base slim`);
  if (answers.base === 'distroless' && libs.length > 0) throw new UserError(`--base distroless: ${why}, which needs ${libs.join(', ')} that distroless lacks; use --base slim`);
  const base: BaseFlavour = answers.base ?? (distroless && libs.length === 0 ? 'distroless' : 'slim');
  if (!answers.base && !distroless) notes.push(`runtime debian:${debian}-slim: no maintained distroless image on Debian ${debian}`);
  else if (!answers.base && libs.length > 0) notes.push(`runtime debian:${debian}-slim: ${why}, which needs ${libs.join(', ')} (not in distroless)`);
  if (cgo) {
    const runtime = base === 'distroless' ? `distroless base-${suffix} (glibc)` : base === 'slim' ? `debian:${debian}-slim` : base;
    notes.push(`cgo: ${why}; built with CGO_ENABLED=1 (gcc is in the golang image${cgo.buildPackages.length ? `, plus ${cgo.buildPackages.join(', ')}` : ''}) and run on ${runtime}, not the static image`);
    if (cgo.buildPackages.length) notes.push(`cross builds: ${cgo.buildPackages.join(', ')} is installed for the target architecture (Debian multiarch, TARGETARCH) and found by its pkg-config, so an arm64 image built on amd64 links arm64 libraries`);
  }
  return { base, image: runtimeImage(base, debian, kind), packages: base === 'slim' ? libs : [] };
}

function runtimeImage(base: BaseFlavour, debian: Debian, kind: string): ImageRef {
  if (base === 'alpine') return { name: 'alpine', tag: '${ALPINE_VERSION}' };
  return base === 'distroless' ? { name: `gcr.io/distroless/${kind}-${DISTROLESS_SUFFIX[debian]}`, tag: 'nonroot' } : { name: 'debian', tag: `${debian}-slim` };
}
