import type { Debian } from './types.js';

/**
 * Rust has one supported release (stable, tag `rust:1`); a pinned 1.N gets the newest Debian its tags exist for:
 * `-trixie` from 1.88, `-bookworm` from 1.70, `-bullseye` from 1.54.
 */
export const RUST_DEBIAN_FROM: readonly { debian: Debian; minor: number }[] = [
  { debian: 'trixie', minor: 88 },
  { debian: 'bookworm', minor: 70 },
  { debian: 'bullseye', minor: 54 },
];

/** The newest Debian with a rust:<tag>-<debian> image, for "1" (stable) or "1.N"; undefined when none. */
export function rustDebian(tag: string): Debian | undefined {
  if (tag === '1') return 'trixie';
  const minor = Number(/^1\.(\d+)$/.exec(tag)?.[1]);
  return RUST_DEBIAN_FROM.find((r) => minor >= r.minor)?.debian;
}
