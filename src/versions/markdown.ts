import type { VersionTable } from './types.js';
import { TABLES } from './tables.js';
import { TABLE_DATE } from './date.js';
import { isEol } from './lookup.js';

const DISTROLESS_NAME: Record<string, (v: string) => string> = {
  node: (v) => `nodejs${v}`, python: () => 'python3', java: (v) => `java${v}`,
};

function row(table: VersionTable, version: string): string {
  const r = table.releases.find((x) => x.version === version)!;
  const status = isEol(r) ? 'end of life' : r.version === table.defaultVersion ? '**default**' : 'supported';
  const distroless = (r.distroless ?? []).map((d) => `${DISTROLESS_NAME[table.name]?.(r.version) ?? ''}-${d === 'trixie' ? 'debian13' : 'debian12'}`).join(', ');
  const debian = [...r.debian, ...(r.alpine ? ['alpine'] : [])].join(', ');
  return `| ${table.title} | ${r.version}${r.lts ? ' LTS' : ''} | ${r.released} | ${r.eol ?? '-'} | ${status} | ${debian || '-'} | ${distroless || '-'} |`;
}

/** The README version table (markdown), generated from the version tables. */
export function versionsMarkdown(): string {
  const rows = Object.values(TABLES).flatMap((t) => t.releases.map((r) => row(t, r.version)));
  return [
    `Status as of ${TABLE_DATE} (the date of the tables; generated files never depend on the day you run the tool).`,
    '',
    '| runtime | release | released | end of life | status | image tags (Debian / alpine) | distroless |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
