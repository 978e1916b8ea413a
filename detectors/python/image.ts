import { dockerignoreLines } from '../shared/ignores.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar } from '../../src/plan/types.js';
import type { AppShape } from './app.js';
import { VENV } from './package-manager.js';
import { preferredHealthRoute } from '../shared/health-route.js';
import type { HealthFinding } from '../shared/health-check.js';
import type { SourceText } from '../shared/health-route.js';
import { pythonHealthRoutes } from './routes.js';

/** Servers added to the image when the project declares none (pinned; a note tells the user to declare one). */
export const ADDED_SERVERS = { gunicorn: 'gunicorn==23.0.0', uvicorn: 'uvicorn==0.34.0' } as const;

/** Dependencies that compile against or load Debian libraries: build-stage and runtime packages. */
const SYSTEM_LIBS: Record<string, { build: string[]; run: string[] }> = {
  psycopg2: { build: ['build-essential', 'libpq-dev'], run: ['libpq5'] },
  psycopg: { build: [], run: ['libpq5'] },
  mysqlclient: { build: ['build-essential', 'pkg-config', 'default-libmysqlclient-dev'], run: ['libmariadb3'] },
  'python-ldap': { build: ['build-essential', 'libldap2-dev', 'libsasl2-dev'], run: ['libldap-2.5-0', 'libsasl2-2'] },
  uwsgi: { build: ['build-essential'], run: [] },
};

/** Debian packages the build stage and the runtime need for these dependencies. */
export function systemPackages(deps: Set<string>): { build: string[]; run: string[]; reasons: string[] } {
  const build = new Set<string>();
  const run = new Set<string>();
  const reasons: string[] = [];
  for (const [dep, libs] of Object.entries(SYSTEM_LIBS)) {
    if (!deps.has(dep)) continue;
    // psycopg 3 with the binary or c extra brings its own libpq.
    if (dep === 'psycopg' && (deps.has('psycopg[binary]') || deps.has('psycopg-binary') || deps.has('psycopg[c]'))) continue;
    libs.build.forEach((p) => build.add(p));
    libs.run.forEach((p) => run.add(p));
    reasons.push(`${dep} needs ${[...libs.build, ...libs.run].join(', ')}`);
  }
  return { build: [...build].sort(), run: [...run].sort(), reasons };
}

/** The server process: argv, extra packages it needs, env, and whether it follows $PORT. */
export interface ServerStart {
  argv: string[];
  extra: string[];
  env: EnvVar[];
  followsPortEnv: boolean;
  server: string | null;
  notes: string[];
}

const bin = (name: string): string => `${VENV}/bin/${name}`;
const PY = bin('python');

/** Picks the server for a WSGI/ASGI app from the dependencies, or the interpreter for a script. */
export function serverStart(shape: AppShape, deps: Set<string>, port: number): ServerStart {
  const notes: string[] = [];
  const workers: EnvVar = { name: 'WEB_CONCURRENCY', value: '2' };
  if (shape.kind === 'script') {
    const argv = shape.file.endsWith('/__main__.py')
      ? [PY, '-m', shape.file.replace(/^src\//, '').replace(/\/__main__\.py$/, '').split('/').join('.')]
      : [PY, shape.file];
    return { argv, extra: [], env: [], followsPortEnv: true, server: null, notes };
  }
  if (shape.kind === 'console') return { argv: [bin(shape.script)], extra: [], env: [], followsPortEnv: true, server: null, notes };
  const gunicorn = [bin('gunicorn'), '--bind', `0.0.0.0:${port}`, '--worker-tmp-dir', '/dev/shm', '--access-logfile', '-'];
  if (shape.kind === 'wsgi') {
    if (deps.has('gunicorn')) return { argv: [...gunicorn, shape.target], extra: [], env: [workers], followsPortEnv: false, server: 'gunicorn', notes };
    if (deps.has('waitress')) {
      return { argv: [bin('waitress-serve'), `--listen=0.0.0.0:${port}`, shape.target], extra: [], env: [], followsPortEnv: false, server: 'waitress', notes };
    }
    notes.push(`no WSGI server among the dependencies: the image adds ${ADDED_SERVERS.gunicorn} (the framework's own server is for development); add gunicorn to your dependencies to choose the version`);
    return { argv: [...gunicorn, shape.target], extra: [ADDED_SERVERS.gunicorn], env: [workers], followsPortEnv: false, server: 'gunicorn', notes };
  }
  // fastapi[standard] brings uvicorn (and the fastapi CLI).
  const uvicornDep = deps.has('uvicorn') || deps.has('uvicorn[standard]') || deps.has('fastapi[standard]');
  if (deps.has('gunicorn') && uvicornDep) {
    return { argv: [...gunicorn, '--worker-class', 'uvicorn.workers.UvicornWorker', shape.target], extra: [], env: [workers], followsPortEnv: false, server: 'gunicorn+uvicorn', notes };
  }
  const uvicorn = [bin('uvicorn'), shape.target, '--host', '0.0.0.0', '--port', String(port)];
  if (uvicornDep) return { argv: uvicorn, extra: [], env: [workers], followsPortEnv: false, server: 'uvicorn', notes };
  if (deps.has('hypercorn')) return { argv: [bin('hypercorn'), '--bind', `0.0.0.0:${port}`, shape.target], extra: [], env: [], followsPortEnv: false, server: 'hypercorn', notes };
  if (deps.has('daphne')) return { argv: [bin('daphne'), '-b', '0.0.0.0', '-p', String(port), shape.target], extra: [], env: [], followsPortEnv: false, server: 'daphne', notes };
  notes.push(`no ASGI server among the dependencies: the image adds ${ADDED_SERVERS.uvicorn}; add uvicorn to your dependencies to choose the version`);
  return { argv: uvicorn, extra: [ADDED_SERVERS.uvicorn], env: [workers], followsPortEnv: false, server: 'uvicorn', notes };
}

/**
 * HEALTHCHECK with the runtime's own interpreter (works in distroless: no shell, curl or wget needed): http.client
 * GETs the path (redirects are not followed: a 3xx is an answer) and the exit code is 0 only for a status from 200
 * below `below` (400 for a health route, 500 when the server only has to answer); no answer raises, exit code 1.
 * `portVar` names the variable the app's port is read from at run time, when the server follows one.
 */
export function pythonHealthcheck(python: string, port: number, path: string, below: number, portVar: string | undefined, py2 = false): string[] {
  const host = portVar ? `int(os.environ.get('${portVar}','${port}'))` : String(port);
  // Python 2 has the HTTP client as httplib.
  const lib = py2 ? 'httplib as h' : 'http.client as h';
  const code = `import ${portVar ? 'os,' : ''}${lib};c=h.HTTPConnection('127.0.0.1',${host},timeout=4);c.request('GET','${path}');raise SystemExit(not 200<=c.getresponse().status<${below})`;
  return [python, '-c', code];
}

const PORT_PATTERNS = [
  /(?:environ\.get|getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
  /\.run\([^)]*\bport\s*=\s*(\d{2,5})/,
];

/** Port fallback (for scripts that read $PORT) and health route from the project's Python files, entry first; the texts read. */
export async function scanPython(fs: ProjectFs, files: string[]): Promise<{ port?: { value: number; file: string }; health?: HealthFinding; texts: SourceText[] }> {
  const texts: SourceText[] = [];
  let port: { value: number; file: string } | undefined;
  for (const file of files) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > 256 * 1024) continue;
    for (const re of port ? [] : PORT_PATTERNS) {
      const n = Number(re.exec(text)?.[1]);
      if (n >= 1 && n <= 65535) {
        port = { value: n, file };
        break;
      }
    }
    texts.push({ file, text });
  }
  const found = pythonHealthRoutes(texts);
  const health = preferredHealthRoute(found.filter((h) => h.confident)) ?? preferredHealthRoute(found);
  return { ...(port ? { port } : {}), ...(health ? { health } : {}), texts };
}

const IGNORE = [
  '.venv', 'venv', '**/__pycache__', '**/*.py[cod]', '*.egg-info', '.eggs', 'build', 'dist', '.pytest_cache', '.mypy_cache',
  '.ruff_cache', '.tox', '.nox', '.coverage', 'htmlcov', '.ipynb_checkpoints', 'tests', 'test', '**/test_*.py', '**/*_test.py',
  'conftest.py', '*.log',
];

/**
 * .dockerignore lines; `extra` adds build outputs the image recreates (e.g. Django's collected static files), relative
 * to the app's folder. A workspace member's (`appDir`) root-anchored entries are repeated under its folder.
 */
export function pythonDockerignore(extra: string[], appDir?: string): string[] {
  const own = [...IGNORE, ...extra];
  return dockerignoreLines(appDir ? [...own.filter((e) => !extra.includes(e)), ...own.filter((e) => !e.startsWith('**/')).map((e) => `${appDir}/${e}`), `${appDir}/Dockerfile*`] : own);
}
