import type { VersionTable } from './types.js';
import { TABLES } from './tables.js';
import { DISTROLESS_EOL } from './distroless.js';
import { DISTROLESS_PYTHON } from './python.js';

/** Something an image is built from that has an end of life: a runtime or service release, or a distroless set. */
export interface ImageSubject {
  /** Stable key used by `accept-eol` markers: "node 18", "postgres 14", "distroless nodejs22-debian12". */
  key: string;
  /** Human name: "Node.js 18". */
  title: string;
  /** End of life (YYYY-MM-DD), or null when none is announced or the table does not know the version. */
  eol: string | null;
  /** What to move to. */
  replacement: string;
}

const release = (table: VersionTable, version: string): ImageSubject | undefined => {
  const r = table.releases.find((x) => x.version === version) ?? table.releases.find((x) => x.version.startsWith(`${version}.`) && table.name === 'mongo');
  if (!r) return undefined;
  return { key: `${table.name} ${r.version}`, title: `${table.title} ${r.version}`, eol: r.eol, replacement: `${table.title} ${table.defaultVersion}` };
};

const distroless = (set: string, kind: string): ImageSubject | undefined => {
  const [suffix] = /debian\d+$/.exec(set) ?? [];
  const eol = suffix ? DISTROLESS_EOL[suffix]?.[kind] : undefined;
  return eol ? { key: `distroless ${set}`, title: `gcr.io/distroless/${set}`, eol, replacement: `gcr.io/distroless/${set.replace(/debian\d+$/, 'debian13')} (the Debian 13 set)` } : undefined;
};

/** Official repositories (with or without docker.io/library/) whose tag starts with the version of a table. */
const TAGGED: readonly { repo: RegExp; table: string; version: RegExp }[] = [
  { repo: /^node$/, table: 'node', version: /^(\d+)(?:[.-]|$)/ },
  { repo: /^python$/, table: 'python', version: /^(\d\.\d+)(?:[.-]|$)/ },
  { repo: /^golang$/, table: 'go', version: /^(1\.\d+)(?:[.-]|$)/ },
  { repo: /^(eclipse-temurin|openjdk|amazoncorretto)$/, table: 'java', version: /^(\d+)(?:[.-]|$)/ },
  { repo: /^maven$/, table: 'java', version: /-(?:eclipse-temurin|amazoncorretto|openjdk)-?(\d+)(?:-|$)/ },
  { repo: /^gradle$/, table: 'java', version: /-jdk(\d+)(?:-|$)/ },
  { repo: /^postgres$/, table: 'postgres', version: /^(\d+)(?:[.-]|$)/ },
  { repo: /^redis$/, table: 'redis', version: /^(\d+)(?:[.-]|$)/ },
  { repo: /^mariadb$/, table: 'mariadb', version: /^(\d+\.\d+)(?:[.-]|$)/ },
  { repo: /^mongo$/, table: 'mongo', version: /^(\d+(?:\.\d+)?)(?:[.-]|$)/ },
];

/**
 * What an image reference (`node:18-bookworm-slim`, `gcr.io/distroless/nodejs20-debian12:nonroot`, `postgres:14`)
 * is built from, in the order to report: the distroless set first (it stops being rebuilt), then the release.
 */
export function imageSubjects(image: string): ImageSubject[] {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > ref.lastIndexOf('/');
  const name = (hasTag ? ref.slice(0, colon) : ref).replace(/^(docker\.io\/)?(library\/)?/, '');
  const tag = hasTag ? ref.slice(colon + 1) : '';
  const dl = /^gcr\.io\/distroless\/([a-z0-9-]+?)(\d*)-(debian\d+)$/.exec(name);
  if (dl) {
    const [, kind, n, suffix] = dl as unknown as [string, string, string, string];
    const set = distroless(`${kind}${n}-${suffix}`, kind);
    const runtime = kind === 'nodejs' && n ? release(TABLES.node!, n)
      : kind === 'java' && n ? release(TABLES.java!, n)
        : kind === 'python' && n === '3' ? release(TABLES.python!, DISTROLESS_PYTHON[suffix === 'debian13' ? 'trixie' : 'bookworm'] ?? '')
          : undefined;
    return [set, runtime].filter((s): s is ImageSubject => s !== undefined);
  }
  for (const t of TAGGED) {
    if (!t.repo.test(name)) continue;
    const v = t.version.exec(tag)?.[1];
    const subject = v ? release(TABLES[t.table]!, v) : undefined;
    return subject ? [subject] : [];
  }
  return [];
}

/** The release a service image runs (`postgres:17-alpine` -> postgres 17), for summary notes. */
export function serviceRelease(image: string): { name: string; version: string } | undefined {
  const s = imageSubjects(image)[0];
  if (!s || s.key.startsWith('distroless')) return undefined;
  const [name, version] = s.key.split(' ') as [string, string];
  return { name, version };
}
