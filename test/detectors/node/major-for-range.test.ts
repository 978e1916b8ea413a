import { describe, expect, test } from 'vitest';
import semver from '../../../detectors/shared/semver.js';
import { majorForRange, NODE_DEFAULT_MAJOR, NODE_LTS_MAJORS } from '../../../detectors/node/version.js';
import { NODE } from '../../../src/versions/node.js';

/** What semver's range functions answer: the first preferred major the range allows, else its lowest major. */
function bySemver(range: string): number | undefined {
  if (semver.validRange(range) === null) return undefined;
  const preferred = [NODE_DEFAULT_MAJOR, ...[...NODE_LTS_MAJORS].reverse(), ...NODE.releases.map((r) => Number(r.version))];
  for (const major of preferred) if (semver.intersects(range, `${major}.x`)) return major;
  return semver.minVersion(range)?.major;
}

// The common forms (`^22`, `22.x`, `>=20`) skip semver's parser: every answer must be the one semver gives.
describe('majorForRange answers as semver does', () => {
  const majors = [0, 4, 14, 18, 19, 20, 21, 22, 23, 24, 25, 26, 99, 123456];
  const forms = (n: number): string[] => [`${n}`, `${n}.x`, `${n}.X`, `${n}.*`, `^${n}`, `~${n}`, `^${n}.x`, `>=${n}`, `>= ${n}`, `>=${n}.0`, `>=${n}.0.0`];
  test.each(majors.flatMap(forms))('%s', (range) => {
    expect(majorForRange(range)).toBe(bySemver(range));
  });

  // Forms left to semver (and near misses of the fast ones).
  test.each(['>=20.1', '>=20.0.1', '^22.1', '~22.3.0', '>18', '<=20', '20 || 22', '>=18 <21', '022', '^022', '22.x.x', ' ^22', 'v22', 'x', '*', 'latest', '>=1234567'])('%s', (range) => {
    expect(majorForRange(range)).toBe(bySemver(range));
  });
});
