import semver from '../shared/semver.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { excerpt, UserError } from '../../src/errors.js';
import { ownValue } from '../../src/own-key.js';
import { NODE } from '../../src/versions/node.js';
import { isEol, nearestVersions } from '../../src/versions/lookup.js';

/** LTS majors still supported at the version table's date, oldest first; the default is the current Active LTS. */
export const NODE_LTS_MAJORS: readonly number[] = NODE.releases.filter((r) => r.lts && !isEol(r)).map((r) => Number(r.version)).reverse();
export const NODE_DEFAULT_MAJOR = Number(NODE.defaultVersion);
/** Every major the table knows (newest first): these have official images and are built when pinned. */
const KNOWN_MAJORS: readonly number[] = NODE.releases.map((r) => Number(r.version));

/** nvm's LTS codenames (lowercase) -> major. */
const CODENAMES: Record<string, number> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14,
  gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/** The Node major to build with, and where it came from. */
export interface NodeVersion {
  major: number;
  source: string;
  /** The project (or --runtime-version) chose the major; false for the default. */
  pinned: boolean;
}

/** Resolves the Node major: answer > .nvmrc > .node-version > .tool-versions (asdf, mise) > engines.node > current LTS. */
export async function resolveNodeVersion(
  fs: ProjectFs,
  engines: string | undefined,
  answer: string | undefined,
): Promise<NodeVersion> {
  if (answer !== undefined) {
    const major = parseVersionFile(answer);
    if (major === undefined) throw new UserError(`--runtime-version: ${JSON.stringify(answer)} is not a Node version; use a major such as ${NODE_DEFAULT_MAJOR}`);
    return { major: supported(major, '--runtime-version'), source: '--runtime-version', pinned: true };
  }
  for (const file of ['.nvmrc', '.node-version']) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const major = parseVersionFile(text);
    if (major === undefined) throw new UserError(`${file}: does not hold a Node version; write one such as ${NODE_DEFAULT_MAJOR} or lts/*`);
    return { major: supported(major, file), source: file, pinned: true };
  }
  const toolVersions = toolVersionsNode(await fs.readText('.tool-versions'));
  if (toolVersions !== undefined) {
    const major = parseVersionFile(toolVersions);
    if (major === undefined) throw new UserError(`.tool-versions: the nodejs line does not hold a Node version; write one such as "nodejs ${NODE_DEFAULT_MAJOR}.0.0"`);
    return { major: supported(major, '.tool-versions'), source: '.tool-versions', pinned: true };
  }
  if (engines !== undefined && engines.trim() !== '') {
    const major = majorForRange(engines);
    if (major === undefined) throw new UserError(`package.json: engines.node ${excerpt(engines)} is not a valid semver range; write one such as ">=${NODE_DEFAULT_MAJOR}"`);
    return { major: supported(major, 'package.json engines.node'), source: `engines.node "${engines}"`, pinned: true };
  }
  return { major: NODE_DEFAULT_MAJOR, source: 'current LTS (no version pinned)', pinned: false };
}

/** A pinned major is built when official images exist for it (end-of-life and non-LTS ones too, with a warning). */
function supported(major: number, source: string): number {
  if (KNOWN_MAJORS.includes(major)) return major;
  const why = major > KNOWN_MAJORS[0]! ? 'is newer than the releases this version of create-dockerfile knows'
    : `has no official image on a Debian release that still has package mirrors (the oldest is Node ${KNOWN_MAJORS.at(-1)})`;
  throw new UserError(`${source}: Node ${major} ${why}; use one of the nearest, ${nearestVersions(NODE, String(major)).join(' or ')}`);
}

/**
 * The version asdf / mise's `.tool-versions` gives Node (`nodejs 23.11.0`, `node 22`): the first version of its
 * line (asdf falls back through the rest), comments dropped; undefined without such a line.
 */
export function toolVersionsNode(text: string | undefined): string | undefined {
  for (const raw of text?.split(/\r?\n/) ?? []) {
    const [tool, ...versions] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (tool !== 'nodejs' && tool !== 'node') continue;
    // asdf/mise fall back along the line; `system`, `ref:` and `path:` name no release, so they pin nothing.
    const pinned = versions.filter((v) => v !== 'system' && !/^(ref|path):/.test(v));
    return versions.length === 0 ? '' : pinned[0];
  }
  return undefined;
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

/** `22`, `22.x`, `^22`, `~22`: every version of one major and no other. */
const ONE_MAJOR = /^[\^~]?(0|[1-9]\d{0,5})(?:\.[xX*])?$/;
/** `>=20`, `>=20.0.0`: one major and every later one. */
const FROM_MAJOR = /^>=\s*(0|[1-9]\d{0,5})(?:\.0(?:\.0)?)?$/;

/** The majors a range is tried against, in order of preference. */
const PREFERRED_MAJORS: readonly number[] = [NODE_DEFAULT_MAJOR, ...[...NODE_LTS_MAJORS].reverse(), ...KNOWN_MAJORS];

/** The default if the range allows it, else the newest supported LTS major that does, else the newest known major that does (e.g. "^18"). */
export function majorForRange(range: string): number | undefined {
  // The common engines.node forms are answered without semver's range parser, whose large expressions cost V8 a
  // few milliseconds to compile on every run; the answer is the one semver gives (the range's first major when no
  // preferred major fits, as minVersion).
  const one = ONE_MAJOR.exec(range);
  if (one) return Number(one[1]);
  const from = FROM_MAJOR.exec(range);
  if (from) return PREFERRED_MAJORS.find((major) => major >= Number(from[1])) ?? Number(from[1]);
  if (semver.validRange(range) === null) return undefined;
  for (const major of PREFERRED_MAJORS) {
    if (semver.intersects(range, `${major}.x`)) return major;
  }
  const min = semver.minVersion(range);
  return min ? min.major : undefined;
}
