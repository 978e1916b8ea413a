import { parse as parseToml } from 'smol-toml';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Ceiling } from './version.js';
import { normaliseName } from './requirements.js';
import { ownValue } from '../../src/own-key.js';

/**
 * Frameworks whose old releases cannot import on newer Pythons: the newest Python each release line supports
 * (Django's "What Python version can I use with Django?" table). A locked or `==`-pinned version below `below`
 * caps Python at `python`.
 */
const FRAMEWORK_CEILINGS: Record<string, readonly { below: [number, number]; python: string }[]> = {
  django: [
    // 1.8-1.10 name 3.5 as their newest; they still import on 3.6 (3.7 broke them), and no 3.5 image is left.
    { below: [1, 11], python: '<3.7' },
    { below: [2, 2], python: '<3.8' },
    { below: [3, 2], python: '<3.10' },
    { below: [4, 1], python: '<3.11' },
    { below: [4, 2], python: '<3.12' },
    { below: [5, 1], python: '<3.13' },
    { below: [5, 2], python: '<3.14' },
  ],
};

type Table = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

async function toml(fs: ProjectFs, file: string): Promise<Table | undefined> {
  const text = await fs.readText(file);
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Table;
  } catch {
    return undefined; // the package-manager reader reports broken lock files; a ceiling is only a refinement
  }
}

/** Locked package versions (name -> version) of a TOML lock with `[[package]]` entries (poetry, uv, pdm). */
function lockedPackages(lock: Table | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const list = Array.isArray(lock?.package) ? (lock.package as Table[]) : [];
  for (const p of list) {
    const name = str(p?.name);
    const version = str(p?.version);
    if (name && version) out.set(normaliseName(name), version);
  }
  return out;
}

/** The Python ceiling a framework version imposes, if its release line predates the newest Pythons. */
export function frameworkCeiling(name: string, version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const v: [number, number] = [Number(m[1]), Number(m[2])];
  return ownValue(FRAMEWORK_CEILINGS, name)?.find((c) => v[0] < c.below[0] || (v[0] === c.below[0] && v[1] < c.below[1]))?.python;
}

/**
 * Python ranges the project's lock files were resolved for (poetry.lock `python-versions`, uv.lock
 * `requires-python`, pdm.lock `requires_python`), and ceilings from old framework versions that the locks or an
 * `==` line of requirements.txt pin.
 */
export async function lockCeilings(fs: ProjectFs): Promise<Ceiling[]> {
  return (await lockFacts(fs)).ceilings;
}

/** {@link lockCeilings}, and the exact versions the locks and `==` lines of requirements.txt pin (name -> version). */
export async function lockFacts(fs: ProjectFs): Promise<{ ceilings: Ceiling[]; pins: Map<string, { version: string; where: string }> }> {
  const out: Ceiling[] = [];
  const versions = new Map<string, { version: string; where: string }>();
  const locks: [string, (t: Table) => string | undefined][] = [
    ['poetry.lock', (t) => str((t.metadata as Table | undefined)?.['python-versions'])],
    ['uv.lock', (t) => str(t['requires-python'])],
    ['pdm.lock', (t) => str((t.metadata as Table | undefined)?.requires_python)],
  ];
  for (const [file, range] of locks) {
    const lock = await toml(fs, file);
    if (!lock) continue;
    const spec = range(lock);
    if (spec && spec.trim() !== '*') out.push({ spec, where: `${file} python range` });
    for (const [name, version] of lockedPackages(lock)) versions.set(name, { version, where: file });
  }
  const pipfileLock = await fs.readJson<Table>('Pipfile.lock').catch(() => undefined);
  for (const [name, entry] of Object.entries((pipfileLock?.default ?? {}) as Record<string, Table>)) {
    const version = str(entry?.version)?.replace(/^==/, '');
    if (version) versions.set(normaliseName(name), { version, where: 'Pipfile.lock' });
  }
  const requirements = (await fs.readText('requirements.txt')) ?? '';
  for (const m of requirements.matchAll(/^\s*([A-Za-z0-9][\w.-]*)\s*==\s*([\d.]+)/gm)) {
    if (!versions.has(normaliseName(m[1]!))) versions.set(normaliseName(m[1]!), { version: m[2]!, where: 'requirements.txt' });
  }
  for (const [name, { version, where }] of versions) {
    const spec = frameworkCeiling(name, version);
    if (spec) out.push({ spec, where: `${where} ${name} ${version}` });
  }
  return { ceilings: out, pins: versions };
}
