import { excerpt, UserError } from '../../src/errors.js';

/** Python used when the project pins none: the current stable release (python:<minor>-slim-bookworm exists for it). */
export const PYTHON_DEFAULT_VERSION = '3.14';
/** Minors we generate images for (oldest first); python:<minor>-slim-bookworm exists for each. */
export const PYTHON_MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'] as const;
/** The Python of gcr.io/distroless/python3-debian12 (Debian 12's python3.11). */
export const DISTROLESS_PYTHON = '3.11';

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

const MINOR = /^(?:python-?|cpython-?|py)?(3\.\d{1,2})(?:\.\d+)?(?:[a-z]+\d*)?(?:[-+].*)?$/i;

/** "3.11" from "3.11.4", "python-3.11", "cpython-3.11.4-linux"; undefined when it is not a CPython 3 version. */
export function pythonMinor(text: string): string | undefined {
  return MINOR.exec(text.trim())?.[1];
}

function checkMinor(minor: string, where: string): string {
  if (!(PYTHON_MINORS as readonly string[]).includes(minor)) {
    throw new UserError(`${where}: Python ${minor} has no maintained python:${minor}-slim-bookworm image; use one of ${PYTHON_MINORS.join(', ')}`);
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

/** The newest known minor the specifier allows, preferring the default over newer ones; undefined when none fits. */
export function newestMinorSatisfying(spec: string, where: string): string | undefined {
  const fits = minorMatcher(spec, where);
  const newestFirst = [...PYTHON_MINORS].reverse();
  const upToDefault = newestFirst.filter((m) => Number(m.split('.')[1]) <= Number(PYTHON_DEFAULT_VERSION.split('.')[1]));
  return upToDefault.find(fits) ?? newestFirst.find(fits);
}

/** The Python minor to build with, and why. `--runtime-version` wins, then the most specific pin. */
export function resolvePythonVersion(src: VersionSources, answer: string | undefined): { version: string; source: string; notes: string[] } {
  const notes: string[] = [];
  if (answer !== undefined) {
    const m = pythonMinor(answer);
    if (!m) throw new UserError(`--runtime-version: "${answer}" is not a Python version; use one such as ${PYTHON_DEFAULT_VERSION}`);
    return { version: checkMinor(m, '--runtime-version'), source: '--runtime-version', notes };
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
    return { version: m, source: `${where} (${m})`, notes };
  }
  if (range !== undefined) {
    const v = newestMinorSatisfying(range, rangeWhere);
    if (!v) throw new UserError(`${rangeWhere}: "${range}" allows no Python from ${PYTHON_MINORS[0]} to ${PYTHON_MINORS.at(-1)}; widen it or pass --runtime-version`);
    return { version: v, source: `${rangeWhere} "${range}"`, notes };
  }
  return { version: PYTHON_DEFAULT_VERSION, source: 'no version pinned (default)', notes };
}
