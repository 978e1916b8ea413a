import { UserError } from '../../src/errors.js';
import { GO } from '../../src/versions/go.js';
import { findRelease, isEol, nearestVersions } from '../../src/versions/lookup.js';
import { goMinor, type GoModFile } from './go-mod.js';

/** Go version used when go.mod allows it: the newest supported release (go.mod's `go` line is a minimum). */
export const GO_DEFAULT_VERSION = GO.defaultVersion;

/**
 * The Go version to build with: --runtime-version (a pin, honoured with a warning when end-of-life), else the
 * newest supported release, which satisfies every go/toolchain line (they are minimums, and Go builds older code).
 */
export function resolveGoVersion(files: (GoModFile | undefined)[], answer: string | undefined): { version: string; source: string; pinned?: string } {
  if (answer !== undefined) {
    const m = /^(?:go)?(1\.\d+)(?:\.\d+)?$/.exec(answer.trim());
    if (!m) throw new UserError(`--runtime-version: "${answer}" is not a Go version; use one such as ${GO_DEFAULT_VERSION}`);
    if (!findRelease(GO, m[1]!)) throw new UserError(`--runtime-version: Go ${m[1]} has no golang image this version of create-dockerfile knows; use one of the nearest, ${nearestVersions(GO, m[1]!).join(' or ')}`);
    return { version: m[1]!, source: '--runtime-version', pinned: '--runtime-version' };
  }
  let best: { minor: number; source: string } | undefined;
  for (const f of files) {
    for (const [v, label] of [[f?.go, `go ${f?.go}`], [f?.toolchain, `toolchain go${f?.toolchain}`]] as const) {
      const minor = v === undefined ? undefined : goMinor(v);
      if (minor !== undefined && (!best || minor > best.minor)) best = { minor, source: `"${label}"` };
    }
  }
  const supported = GO.releases.filter((r) => !isEol(r)).map((r) => r.version);
  if (!best) return { version: GO_DEFAULT_VERSION, source: 'no go directive (newest supported release)' };
  const fit = supported.find((v) => goMinor(v)! >= best.minor);
  if (!fit) {
    const file = files.find((f) => f?.go !== undefined || f?.toolchain !== undefined);
    throw new UserError(`${file?.uses.length ? 'go.work' : 'go.mod'}: ${best.source.slice(1, -1)} is newer than the Go releases this version of create-dockerfile knows (newest ${supported[0]}); update create-dockerfile or pass --runtime-version`);
  }
  return { version: fit, source: `${best.source} is a minimum (newest supported release)` };
}
