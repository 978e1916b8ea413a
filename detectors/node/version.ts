import semver from 'semver';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { excerpt, UserError } from '../../src/errors.js';
import { ownValue } from '../../src/own-key.js';

/** LTS majors we generate for, oldest first; the last is the default ("current LTS"). */
export const NODE_LTS_MAJORS: readonly number[] = [20, 22, 24];
export const NODE_DEFAULT_MAJOR = NODE_LTS_MAJORS[NODE_LTS_MAJORS.length - 1]!;

/** nvm's LTS codenames (lowercase) -> major. */
const CODENAMES: Record<string, number> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14,
  gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/** The Node major to build with, and where it came from. */
export interface NodeVersion {
  major: number;
  source: string;
}

/** Resolves the Node major: answer > .nvmrc > .node-version > engines.node > current LTS. */
export async function resolveNodeVersion(
  fs: ProjectFs,
  engines: string | undefined,
  answer: string | undefined,
): Promise<NodeVersion> {
  if (answer !== undefined) {
    const major = parseVersionFile(answer);
    if (major === undefined) throw new UserError(`--runtime-version: ${JSON.stringify(answer)} is not a Node version; use a major such as ${NODE_DEFAULT_MAJOR}`);
    return { major: supported(major, '--runtime-version'), source: '--runtime-version' };
  }
  for (const file of ['.nvmrc', '.node-version']) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const major = parseVersionFile(text);
    if (major === undefined) throw new UserError(`${file}: does not hold a Node version; write one such as ${NODE_DEFAULT_MAJOR} or lts/*`);
    return { major: supported(major, file), source: file };
  }
  if (engines !== undefined && engines.trim() !== '') {
    const major = majorForRange(engines);
    if (major === undefined) throw new UserError(`package.json: engines.node ${excerpt(engines)} is not a valid semver range; write one such as ">=${NODE_DEFAULT_MAJOR}"`);
    return { major: supported(major, 'package.json engines.node'), source: `engines.node "${engines}"` };
  }
  return { major: NODE_DEFAULT_MAJOR, source: 'current LTS (no version pinned)' };
}

/** Only LTS majors have the slim and distroless images the Dockerfile names; anything else is a clear error. */
function supported(major: number, source: string): number {
  if (NODE_LTS_MAJORS.includes(major)) return major;
  const why = major > NODE_DEFAULT_MAJOR ? 'is newer than the releases this version knows'
    : major % 2 === 1 ? 'is not an LTS release' : 'is end-of-life';
  throw new UserError(`${source}: Node ${major} ${why} and has no matching Debian slim and distroless images; use one of ${NODE_LTS_MAJORS.join(', ')}`);
}

/** Parses .nvmrc / .node-version content: "22", "v22.1.0", "lts/*", "lts/iron", "node". */
export function parseVersionFile(text: string): number | undefined {
  const v = (text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '').trim().toLowerCase();
  if (v === 'lts/*' || v === 'lts' || v === 'node' || v === 'stable' || v === 'latest') return NODE_DEFAULT_MAJOR;
  const lts = /^lts\/(.+)$/.exec(v);
  if (lts) {
    const back = /^-(\d+)$/.exec(lts[1]!);
    if (back) return NODE_LTS_MAJORS[Math.max(0, NODE_LTS_MAJORS.length - 1 - Number(back[1]))];
    return ownValue(CODENAMES, lts[1]!);
  }
  const m = /^v?(\d+)(\.\d+)?(\.\d+)?$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** Newest LTS major that satisfies the range; else the newest major of any kind that does (e.g. "^18"). */
export function majorForRange(range: string): number | undefined {
  if (semver.validRange(range) === null) return undefined;
  for (const major of [...NODE_LTS_MAJORS].reverse()) {
    if (semver.intersects(range, `${major}.x`)) return major;
  }
  const min = semver.minVersion(range);
  return min ? min.major : undefined;
}
