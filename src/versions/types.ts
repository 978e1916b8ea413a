/** A Debian release the official images are built on, newest first in preference order. */
export type Debian = 'trixie' | 'bookworm' | 'bullseye' | 'buster';

/** Debian releases in the order the generator prefers them (newest first). */
export const DEBIAN_PREFERENCE: readonly Debian[] = ['trixie', 'bookworm', 'bullseye', 'buster'];

/** The distroless suffix of a Debian release (distroless exists for Debian 12 and 13 only). */
export const DISTROLESS_SUFFIX: Partial<Record<Debian, string>> = { trixie: 'debian13', bookworm: 'debian12' };

/** One release line of a runtime or service (a Node major, a Python minor, a PostgreSQL major...). */
export interface Release {
  /** The version as its image tags spell it: "26", "3.13", "1.27", "25", "18", "11.8". */
  version: string;
  /** First release (YYYY-MM-DD). */
  released: string;
  /** End of upstream support (YYYY-MM-DD); null when none is announced. */
  eol: string | null;
  /** A long-term-support line (Node, Java, MariaDB). */
  lts?: boolean;
  /** Debian releases that official `-<debian>` / `-slim-<debian>` tags exist for. */
  debian: readonly Debian[];
  /** An `-alpine` tag exists. */
  alpine?: boolean;
  /** Debian releases that a distroless image of this release exists for (see each table for the image name). */
  distroless?: readonly Debian[];
}

/** A version table: releases newest first, and the release picked when the project pins nothing. */
export interface VersionTable {
  /** Runtime or service name, as the audit and the summary say it: node, python, go, java, rust, postgres... */
  name: string;
  /** Human name: "Node.js", "PostgreSQL". */
  title: string;
  releases: readonly Release[];
  /** The default release for new projects. */
  defaultVersion: string;
}
