import type { Release, VersionTable } from './types.js';
import { NODE } from './node.js';
import { PYTHON } from './python.js';
import { GO } from './go.js';
import { JAVA } from './java.js';
import { MARIADB, MONGO, POSTGRES, REDIS } from './services.js';
import { findRelease, isEol } from './lookup.js';
import { TABLE_DATE, today } from './date.js';

/** Every version table, by name (the runtime names of plans and the audit's subjects). */
export const TABLES: Readonly<Record<string, VersionTable>> = {
  node: NODE, python: PYTHON, go: GO, java: JAVA, postgres: POSTGRES, redis: REDIS, mariadb: MARIADB, mongo: MONGO,
};

/**
 * A summary line when a release was supported at the tables' date but is end-of-life by `now`: the tool's tables
 * are out of date. Generated files never change for this; only the summary says it.
 */
export function staleTableNote(name: string, version: string, now: string = today()): string | undefined {
  const table = TABLES[name];
  const release: Release | undefined = table ? findRelease(table, version) : undefined;
  if (!table || !release || isEol(release, TABLE_DATE) || !isEol(release, now)) return undefined;
  return `${table.title} ${version} reached end of life on ${release.eol}, after this version of create-dockerfile was made (${TABLE_DATE}); update create-dockerfile and re-run`;
}
