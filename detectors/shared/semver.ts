// The semver functions the detectors use, each from its own file: semver's index requires every function, class
// and range helper of the package when it loads (~3 ms of every run's start-up); these files require only what
// they use.
import coerce from 'semver/functions/coerce.js';
import gte from 'semver/functions/gte.js';
import lt from 'semver/functions/lt.js';
import major from 'semver/functions/major.js';
import intersects from 'semver/ranges/intersects.js';
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';

/** The semver functions of the detectors (same names and behaviour as semver's default export). */
const semver = { coerce, gte, lt, major, intersects, minVersion, validRange };
export default semver;
