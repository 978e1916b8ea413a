import type { Debian, Release, VersionTable } from './types.js';
import { isEol, pinWarning } from './lookup.js';

const DEBIAN_NUMBER: Record<Debian, number> = { trixie: 13, bookworm: 12, bullseye: 11, buster: 10 };

/** What the plan says about the chosen release beyond the version itself. */
export interface ReleaseReport {
  /** Summary lines (also written as Dockerfile comments): pinned end-of-life or non-LTS releases. */
  warnings: string[];
  /** Audit subjects ("node 18") that the Dockerfile accepts as end-of-life because the project pins them. */
  acceptedEol: string[];
  /** Summary notes: a Debian release older than 13 because the version has no newer images. */
  notes: string[];
}

/**
 * Warnings and notes for a release: `pinned` is the source of a project pin, or undefined when the tool chose the
 * release itself (then it is never end-of-life). `debian` is the Debian release the images were chosen on.
 */
export function releaseReport(table: VersionTable, release: Release, pinned: string | undefined, debian?: Debian): ReleaseReport {
  const warning = pinned === undefined ? undefined : pinWarning(table, release, pinned);
  const notes = debian && debian !== 'trixie'
    ? [`${table.title} ${release.version} has no Debian 13 (trixie) images: build and runtime use Debian ${DEBIAN_NUMBER[debian]} (${debian})`]
    : [];
  if (debian === 'buster') notes.push("Debian 10 (buster) moved from the package mirrors to Debian's archive of old releases: the apt steps of this Dockerfile fail until its apt sources point there");
  return {
    warnings: warning ? [warning] : [],
    acceptedEol: pinned !== undefined && isEol(release) ? [`${table.name} ${release.version}`] : [],
    notes,
  };
}
