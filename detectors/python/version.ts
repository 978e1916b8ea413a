import { excerpt, UserError } from '../../src/errors.js';
import { PYTHON } from '../../src/versions/python.js';
import { nearestVersions } from '../../src/versions/lookup.js';

/**
 * Python used when the project allows it: the Python of gcr.io/distroless/python3-debian13 (3.13), so the runtime
 * can be distroless; newer minors (3.14, 3.15) only when the project requires them.
 */
export const PYTHON_DEFAULT_VERSION = PYTHON.defaultVersion;
/** Minors with official images (oldest first); pins of any of them are built. */
export const PYTHON_MINORS: readonly string[] = PYTHON.releases.map((r) => r.version).reverse();

/** A version ceiling from what the project locks: a specifier every chosen minor must satisfy, and where it came from. */
export interface Ceiling {
  spec: string;
  where: string;
}

/** Where each version pin was found, in the order they are trusted. */
export interface VersionSources {
  /** `.python-version` (pyenv, uv). */
  pythonVersion?: string;
  /** `runtime.txt` (`python-3.11.4`). */
  runtimeTxt?: string;
  /** Pipfile `[requires] python_version` / `python_full_version`. */
  pipfile?: string;
  /** pyproject `requires-python` (PEP 440 specifiers). */
  requiresPython?: string;
  /** `[tool.poetry.dependencies] python` (Poetry constraint syntax). */
  poetryPython?: string;
}

const MINOR = /^(?:python-?|cpython-?|py)?([23]\.\d{1,2})(?:\.\d+)?(?:[a-z]+\d*)?(?:[-+].*)?$/i;

/** "3.11" from "3.11.4", "python-3.11", "cpython-3.11.4-linux"; undefined when it is not a CPython 2 or 3 version. */
export function pythonMinor(text: string): string | undefined {
  return MINOR.exec(text.trim())?.[1];
}

function checkMinor(minor: string, where: string): string {
  if (!PYTHON_MINORS.includes(minor)) {
    throw new UserError(`${where}: Python ${minor} has no official python image; use one of the nearest, ${nearestVersions(PYTHON, minor).join(' or ')}`);
  }
  return minor;
}

type Version = [number, number, number];
const parseVersion = (v: string): Version | undefined => {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
};
const cmp = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const parts = (v: string): number => v.trim().split('.').length;

/** One clause of a specifier: PEP 440 (`>=3.10`, `~=3.11`, `==3.11.*`) or Poetry (`^3.11`, `~3.11`, `3.11.*`). */
function clause(spec: string, where: string): (v: Version) => boolean {
  const m = /^(~=|===|==|!=|<=|>=|<|>|\^|~)?\s*v?([\d.]+)(\.\*)?$/.exec(spec.trim());
  const bound = m ? parseVersion(m[2]!) : undefined;
  if (!m || !bound) throw new UserError(`${where}: ${excerpt(spec)} is not a Python version specifier; write one such as ">=3.11"`);
  const [op, , wildcard] = [m[1] ?? '==', m[2]!, m[3]];
  const n = parts(m[2]!);
  const prefixEq = (v: Version): boolean => v.slice(0, n).every((x, i) => x === bound[i]);
  switch (op) {
    case '==': case '===': return wildcard || n < 3 ? prefixEq : (v) => cmp(v, bound) === 0;
    case '!=': return wildcard || n < 3 ? (v) => !prefixEq(v) : (v) => cmp(v, bound) !== 0;
    case '>=': return (v) => cmp(v, bound) >= 0;
    case '<=': return (v) => cmp(v, bound) <= 0;
    case '>': return (v) => cmp(v, bound) > 0;
    case '<': return (v) => cmp(v, bound) < 0;
    case '~=': {
      const upper: Version = n >= 3 ? [bound[0], bound[1] + 1, 0] : [bound[0] + 1, 0, 0];
      return (v) => cmp(v, bound) >= 0 && cmp(v, upper) < 0;
    }
    case '^': return (v) => cmp(v, bound) >= 0 && v[0] === bound[0];
    default: { // Poetry tilde: ~3.11 allows 3.11.x, ~3 allows 3.x
      const upper: Version = n >= 2 ? [bound[0], bound[1] + 1, 0] : [bound[0] + 1, 0, 0];
      return (v) => cmp(v, bound) >= 0 && cmp(v, upper) < 0;
    }
  }
}

/** A predicate "some patch release of this minor satisfies the specifier". Commas (and Poetry spaces) AND clauses; `||` ORs. */
export function minorMatcher(spec: string, where: string): (minor: string) => boolean {
  if (spec.trim() === '' || spec.trim() === '*') return () => true;
  const groups = spec.split('||').map((g) => g.split(/,|\s+(?=[<>=!~^\d])/).map((c) => c.trim()).filter(Boolean).map((c) => clause(c, where)));
  return (minor) => {
    const [maj, min] = minor.split('.').map(Number) as [number, number];
    for (let p = 0; p <= 30; p++) if (groups.some((g) => g.every((f) => f([maj, min, p])))) return true;
    return false;
  };
}

/** The default minor when the specifiers all allow it, else the newest known minor they allow; undefined when none fits. */
export function newestMinorSatisfying(spec: string, where: string, ceilings: Ceiling[] = []): string | undefined {
  const checks = [minorMatcher(spec, where), ...ceilings.map((c) => minorMatcher(c.spec, c.where))];
  const fits = (m: string): boolean => checks.every((f) => f(m));
  if (fits(PYTHON_DEFAULT_VERSION)) return PYTHON_DEFAULT_VERSION;
  return [...PYTHON_MINORS].reverse().find(fits);
}

/** The chosen minor, why, and whether the project (or --runtime-version) pinned it. */
export interface PythonVersion {
  version: string;
  source: string;
  notes: string[];
  /** Where the pin came from; undefined when the tool chose within a range (never an end-of-life minor then). */
  pinned?: string;
}

/**
 * The Python minor to build with, and why. `--runtime-version` wins, then the most specific pin, then the newest
 * minor the project's range and the ceilings of what it locks allow (the default when they allow it).
 */
export function resolvePythonVersion(src: VersionSources, answer: string | undefined, ceilings: Ceiling[] = []): PythonVersion {
  const notes: string[] = [];
  if (answer !== undefined) {
    const m = pythonMinor(answer);
    if (!m) throw new UserError(`--runtime-version: "${answer}" is not a Python version; use one such as ${PYTHON_DEFAULT_VERSION}`);
    return { version: checkMinor(m, '--runtime-version'), source: '--runtime-version', notes, pinned: '--runtime-version' };
  }
  const range = src.requiresPython ?? src.poetryPython;
  const rangeWhere = src.requiresPython !== undefined ? 'pyproject.toml requires-python' : 'pyproject.toml [tool.poetry.dependencies] python';
  const pins: [string | undefined, string][] = [[src.pythonVersion, '.python-version'], [src.runtimeTxt, 'runtime.txt'], [src.pipfile, 'Pipfile python_version']];
  for (const [text, where] of pins) {
    if (text === undefined) continue;
    const m = pythonMinor(text);
    if (!m) throw new UserError(`${where}: does not hold a Python version; write one such as ${PYTHON_DEFAULT_VERSION}`);
    checkMinor(m, where);
    if (range !== undefined && !minorMatcher(range, rangeWhere)(m)) {
      notes.push(`${where} pins ${m}, outside ${rangeWhere} "${range}": using the pin; align the two`);
    }
    for (const c of ceilings) if (!minorMatcher(c.spec, c.where)(m)) notes.push(`${where} pins ${m}, outside ${c.where} "${c.spec}": using the pin; the locked dependencies may not install`);
    return { version: m, source: `${where} (${m})`, notes, pinned: where };
  }
  const v = newestMinorSatisfying(range ?? '', rangeWhere, ceilings);
  const why = [...(range !== undefined ? [`${rangeWhere} "${range}"`] : []), ...ceilings.map((c) => `${c.where} "${c.spec}"`)];
  if (!v) {
    throw new UserError(`${why[0]?.replace(/ ".*$/, '') ?? 'pyproject.toml'}: ${why.join(' and ')} allow no Python from ${PYTHON_MINORS[0]} to ${PYTHON_MINORS.at(-1)}; widen the range or pass --runtime-version`);
  }
  if (why.length === 0) return { version: v, source: 'no version pinned (default)', notes };
  return { version: v, source: why.join(', '), notes };
}
