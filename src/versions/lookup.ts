import { DEBIAN_PREFERENCE, DISTROLESS_SUFFIX, type Debian, type Release, type VersionTable } from './types.js';
import { TABLE_DATE } from './date.js';

/** The release of a table with exactly this version, if any. */
export function findRelease(table: VersionTable, version: string): Release | undefined {
  return table.releases.find((r) => r.version === version);
}

/** The table's default release. */
export function defaultRelease(table: VersionTable): Release {
  return findRelease(table, table.defaultVersion)!;
}

/** End of life on or before `date` (YYYY-MM-DD)? Defaults to the table's date, which generated text relies on. */
export function isEol(release: Release, date: string = TABLE_DATE): boolean {
  return release.eol !== null && release.eol <= date;
}

/** The newest Debian release that this release has images for, or undefined. */
export function newestDebian(release: Release): Debian | undefined {
  return DEBIAN_PREFERENCE.find((d) => release.debian.includes(d));
}

/** A distroless image of this release on this Debian that is still maintained at the table's date. */
export function maintainedDistroless(release: Release, debian: Debian, eolOfSet: (suffix: string) => string | undefined): boolean {
  const suffix = DISTROLESS_SUFFIX[debian];
  if (!suffix || !release.distroless?.includes(debian)) return false;
  const end = eolOfSet(suffix);
  return end === undefined || end > TABLE_DATE;
}

/** "Node.js 24, 26" style list of the releases nearest to a version that is not in the table. */
export function nearestVersions(table: VersionTable, version: string, count = 2): string[] {
  const key = (v: string): number => v.split('.').reduce((n, p, i) => n + Number(p) / 1000 ** i, 0);
  const target = key(version);
  return [...table.releases]
    .filter((r) => !isEol(r))
    .sort((a, b) => Math.abs(key(a.version) - target) - Math.abs(key(b.version) - target))
    .slice(0, count)
    .map((r) => r.version)
    .sort((a, b) => key(a) - key(b));
}

/** The summary/comment warning for a pinned release that is end-of-life or not long-term support. */
export function pinWarning(table: VersionTable, release: Release, source: string): string | undefined {
  const replacement = `${table.title} ${table.defaultVersion}`;
  if (isEol(release)) return `${table.title} ${release.version} (${source}) reached end of life on ${release.eol}: no security fixes; move to ${replacement}`;
  if (release.lts === false || (release.lts === undefined && table.releases.some((r) => r.lts))) {
    return `${table.title} ${release.version} (${source}) is not a long-term-support release${release.eol ? ` (end of life ${release.eol})` : ''}; move to ${replacement}`;
  }
  return undefined;
}
