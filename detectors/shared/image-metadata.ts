import { parse as parseToml } from 'smol-toml';
import type { ProjectFs } from '../../src/fs/project-fs.js';

/** What the manifest says about the project, for the image's `org.opencontainers.image.*` labels. */
export interface ImageMetadata {
  /** Project name (`title`). */
  title: string;
  /** Default of the VERSION build argument; CI passes the tag. */
  version: string;
  /** SPDX expression from the manifest, or '' when it names none. */
  licenses: string;
  description: string;
  /** Repository URL from the manifest (or a Go module path on a known host), or ''. */
  source: string;
}

type Fields = Partial<Record<'title' | 'version' | 'licenses' | 'description' | 'source', unknown>>;

// Labels are one line each: control characters and line separators in a manifest become spaces.
const text = (v: unknown): string => (typeof v === 'string' ? v.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim().slice(0, 300) : '');

/** `git+https://github.com/a/b.git` / `github:a/b` -> `https://github.com/a/b`; anything not http(s) -> ''. */
export function sourceUrl(raw: string): string {
  const v = raw.trim().replace(/^git\+/, '').replace(/\.git$/, '');
  const short = /^github:([\w.-]+\/[\w.-]+)$/.exec(v);
  if (short) return `https://github.com/${short[1]}`;
  return /^https?:\/\/[^\s"'`$\\]+$/.test(v) ? v : '';
}

async function fromPackageJson(fs: ProjectFs): Promise<Fields | undefined> {
  const raw = await fs.readText('package.json');
  if (raw === undefined) return undefined;
  try {
    const p = JSON.parse(raw) as Record<string, unknown>;
    const repo = p.repository as string | { url?: string } | undefined;
    return { title: p.name, version: p.version, licenses: p.license, description: p.description, source: typeof repo === 'string' ? repo : repo?.url };
  } catch {
    return undefined; // the stack's own detector reports a broken manifest
  }
}

async function fromToml(fs: ProjectFs, file: string, pick: (doc: Record<string, any>) => Record<string, any> | undefined): Promise<Fields | undefined> {
  const raw = await fs.readText(file);
  if (raw === undefined) return undefined;
  try {
    const t = pick(parseToml(raw) as Record<string, any>);
    if (!t) return undefined;
    const license = typeof t.license === 'object' && t.license !== null ? t.license.text : t.license;
    const urls = (t.urls ?? {}) as Record<string, unknown>;
    return { title: t.name, version: t.version, licenses: license, description: t.description, source: t.repository ?? urls.Repository ?? urls.Source ?? urls.source };
  } catch {
    return undefined;
  }
}

async function fromPom(fs: ProjectFs): Promise<Fields | undefined> {
  const raw = await fs.readText('pom.xml');
  if (raw === undefined) return undefined;
  const { XMLParser } = await import('./xml-parse.js');
  try {
    const p = (new XMLParser({ ignoreAttributes: true }).parse(raw) as { project?: Record<string, any> }).project;
    if (!p) return undefined;
    const lic = p.licenses?.license;
    const first = Array.isArray(lic) ? lic[0] : lic;
    return { title: p.name ?? p.artifactId, version: p.version, licenses: first?.name, description: p.description, source: p.scm?.url ?? p.url };
  } catch {
    return undefined;
  }
}

async function fromGoMod(fs: ProjectFs): Promise<Fields | undefined> {
  const raw = await fs.readText('go.mod');
  const mod = raw === undefined ? undefined : /^module\s+(\S+)/m.exec(raw)?.[1];
  if (!mod) return undefined;
  return { title: mod.split('/').pop(), source: /^(github\.com|gitlab\.com|codeberg\.org)\//.test(mod) ? `https://${mod}` : '' };
}

const READERS: ((fs: ProjectFs) => Promise<Fields | undefined>)[] = [
  fromPackageJson,
  (fs) => fromToml(fs, 'pyproject.toml', (d) => d.project ?? d.tool?.poetry),
  (fs) => fromToml(fs, 'Cargo.toml', (d) => (d.package ? { ...d.workspace?.package, ...d.package } : d.workspace?.package)),
  fromPom,
  fromGoMod,
];

/**
 * Reads the image metadata from the first manifest of `order` that has it (the chosen stack's manifest first, so a
 * tooling package.json beside go.mod does not name the image). Values the manifest lacks are '' and the project
 * folder's name is the title.
 */
export async function readImageMetadata(fs: ProjectFs, stack: string, folderName: string): Promise<ImageMetadata> {
  const first: Record<string, number> = { node: 0, python: 1, rust: 2, java: 3, go: 4 };
  const order = [READERS[first[stack] ?? 0]!, ...READERS.filter((_, i) => i !== (first[stack] ?? 0))];
  let found: Fields = {};
  for (const read of order) {
    const f = await read(fs);
    if (f && (text(f.title) || text(f.version))) {
      found = f;
      break;
    }
  }
  return {
    title: text(found.title) || folderName || 'app',
    version: text(found.version) || '0.0.0',
    licenses: text(found.licenses),
    description: text(found.description),
    source: sourceUrl(text(found.source)),
  };
}
