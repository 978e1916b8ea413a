import type { ProjectFs } from '../../src/fs/project-fs.js';
import { PROJECT_DOCKERFILES, projectConfigReader } from '../shared/platform-health.js';
import { minorMatcher, pythonMinor, PYTHON_MINORS, type Ceiling, type PythonVersion } from './version.js';

/**
 * The Python the project's own Dockerfile runs (`FROM python:3.9.10-slim`, `ARG PY=3.9` + `FROM python:${PY}`,
 * `docker.io/library/python:3.9`), as a ceiling: its pinned dependencies were installed on that minor, and old pins
 * often have no wheels for newer ones (asyncpg 0.26 and psycopg2-binary 2.9.3 have none for 3.13). Our own
 * Dockerfile is never read here.
 */
export async function dockerfileCeiling(fs: ProjectFs): Promise<Ceiling | undefined> {
  const readable = await projectConfigReader(fs);
  for (const file of PROJECT_DOCKERFILES) {
    const text = await readable(file);
    if (text === undefined) continue;
    const { parseDockerfile } = await import('../shared/dockerfile-parse.js');
    const df = parseDockerfile(text);
    const args = new Map<string, string>();
    for (const i of df.getInstructions()) {
      if (i.getKeyword() !== 'ARG') continue;
      const [name, value] = (i.getArguments()[0]?.getValue() ?? '').split(/=(.*)/s);
      if (name && value) args.set(name, value.replace(/^["']|["']$/g, ''));
    }
    for (const from of df.getFROMs()) {
      if (!/^(?:(?:docker\.io\/)?library\/)?python$/.test(from.getImageName() ?? '')) continue;
      const tag = (from.getImageTag() ?? '').replace(/\$\{?(\w+)\}?/g, (_, n: string) => args.get(n) ?? '');
      const minor = pythonMinor(tag);
      if (!minor) continue;
      const [maj, min] = minor.split('.').map(Number) as [number, number];
      return { spec: `<${maj}.${min + 1}`, where: `${file} FROM python:${tag}` };
    }
  }
  return undefined;
}

/**
 * Distributions with compiled extensions: an exact pin of an old release has wheels only for the Pythons of its day,
 * and on a newer one pip compiles it (needing headers and a compiler the image lacks) or fails.
 */
const COMPILED = new Set([
  'asyncpg', 'psycopg2', 'psycopg2-binary', 'psycopg-binary', 'psycopg-c', 'mysqlclient', 'uvloop', 'httptools', 'pydantic-core',
  'numpy', 'pandas', 'scipy', 'scikit-learn', 'lxml', 'pillow', 'cryptography', 'cffi', 'bcrypt', 'grpcio', 'greenlet', 'gevent',
  'ujson', 'orjson', 'msgpack', 'regex', 'aiohttp', 'yarl', 'multidict', 'frozenlist', 'psutil', 'pyyaml', 'markupsafe', 'matplotlib',
  'tokenizers', 'pymssql', 'zstandard', 'cython', 'pycryptodome', 'argon2-cffi-bindings', 'ruamel-yaml-clib', 'websockets',
]);

/** Minors between the oldest the range allows and the chosen one from which pins may predate the chosen Python. */
const STALE_GAP = 2;
const minorNumber = (v: string): number => Number(v.split('.')[1]) + 100 * Number(v.split('.')[0]);

// An upper bound the project itself wrote (`<3.12`, `==3.11.*`, `~=3.10.0`): its Python is named, no need to warn.
const UPPER = /<|==|~=/;

/**
 * A warning when the Python was chosen as the newest the project allows but nothing of the project names one (no
 * .python-version, runtime.txt, Pipfile pin, Dockerfile, nor an upper bound in its range), its range starts two or
 * more minors below the chosen one (the era its pins date from), and it pins compiled distributions exactly: their wheels may stop at an
 * older Python. No table of wheel availability is kept here (no
 * well-kept source lists it offline), so this says what to check instead of guessing a version.
 */
export function compiledPinsWarning(version: PythonVersion, range: string | undefined, dockerfile: Ceiling | undefined, pins: Map<string, { version: string; where: string }>): string | undefined {
  if (version.pinned !== undefined || dockerfile !== undefined || (range !== undefined && UPPER.test(range))) return undefined;
  // A range whose oldest minor is close to the chosen one was written for recent Pythons: its pins are recent too.
  // Without a range nothing dates the pins (most pinned requirements.txt files are current): no warning then.
  const oldest = range === undefined ? undefined : PYTHON_MINORS.find(minorMatcher(range, 'requires-python'));
  if (oldest === undefined || minorNumber(version.version) - minorNumber(oldest) < STALE_GAP) return undefined;
  const compiled = [...pins].filter(([name]) => COMPILED.has(name)).map(([name, p]) => `${name} ${p.version} (${p.where})`);
  if (compiled.length === 0) return undefined;
  const listed = compiled.length > 4 ? `${compiled.slice(0, 4).join(', ')} and ${compiled.length - 4} more` : compiled.join(', ');
  return `Python ${version.version} is the newest the project allows, but nothing in it names the Python it runs on, and it pins compiled packages exactly: ${listed}; old releases of these have no wheels for new Pythons and the build then fails compiling them. Write the Python you run into .python-version (or pass --runtime-version)`;
}
