import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { PythonDetails } from '../../../detectors/python/detector.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems } from '../../helpers/validate.js';

const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const details = (p: Plan): PythonDetails => p.details as unknown as PythonDetails;
const flask = { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
const pyproject = (body: string): string => `[project]\nname = "x"\nversion = "1"\n${body}`;

describe('package manager and install commands', () => {
  test.each<[string, Files, string, string[] | null, string[]]>([
    ['requirements.txt', { 'requirements.txt': 'flask==2.2.2\n', ...flask }, 'pip', ['/opt/venv/bin/pip', 'install', '-r', 'requirements.txt'], ['requirements.txt']],
    ['requirements/ folder with includes', { 'requirements/production.txt': '-r base.txt\ngunicorn\n', 'requirements/base.txt': 'flask\n', ...flask }, 'pip',
      ['/opt/venv/bin/pip', 'install', '-r', 'requirements/production.txt'], ['requirements/production.txt', 'requirements/base.txt']],
    ['requirements-prod.txt', { 'requirements-prod.txt': 'flask\n', 'requirements-dev.txt': 'pytest\n', ...flask }, 'pip', ['/opt/venv/bin/pip', 'install', '-r', 'requirements-prod.txt'], ['requirements-prod.txt']],
    ['uv.lock', { 'pyproject.toml': pyproject('dependencies = ["flask"]\n'), 'uv.lock': 'version = 1\n', ...flask }, 'uv',
      ['uv', 'sync', '--frozen', '--no-dev', '--no-install-project'], ['pyproject.toml', 'uv.lock']],
    ['poetry.lock', { 'pyproject.toml': '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.11"\nflask = "*"\n', 'poetry.lock': '', ...flask }, 'poetry',
      ['poetry', 'install', '--only', 'main', '--no-root', '--no-interaction', '--no-ansi'], ['pyproject.toml', 'poetry.lock']],
    ['[tool.poetry] without a lock', { 'pyproject.toml': '[tool.poetry.dependencies]\nflask = "*"\n', ...flask }, 'poetry',
      ['poetry', 'install', '--only', 'main', '--no-root', '--no-interaction', '--no-ansi'], ['pyproject.toml']],
    ['pdm.lock', { 'pyproject.toml': pyproject('dependencies = ["flask"]\n'), 'pdm.lock': '', ...flask }, 'pdm',
      ['pdm', 'sync', '--prod', '--no-self', '--no-editable'], ['pyproject.toml', 'pdm.lock']],
    ['Pipfile.lock', { Pipfile: '[packages]\nflask = "*"\n', 'Pipfile.lock': '{}', ...flask }, 'pipenv', ['pipenv', 'install', '--deploy'], ['Pipfile', 'Pipfile.lock']],
    ['Pipfile without a lock', { Pipfile: '[packages]\nflask = "*"\n', ...flask }, 'pipenv', ['pipenv', 'install'], ['Pipfile']],
    ['PEP 621 pyproject: dependencies from the list', { 'pyproject.toml': pyproject('dependencies = ["flask>=2.2", "gunicorn"]\n'), ...flask }, 'pip',
      ['/opt/venv/bin/pip', 'install', 'flask>=2.2', 'gunicorn'], ['pyproject.toml']],
  ])('%s', async (_, files, name, install, manifests) => {
    const p = await plan(files);
    expect(p.stack).toBe('python');
    expect(p.packageManager).toBe(name);
    expect(details(p).pm.install).toEqual(install);
    expect(details(p).pm.manifests.flatMap((m) => m.files)).toEqual(manifests);
  });

  test('a lock keeps its tool out of the runtime: the tool is installed in the build stages only, at a pinned version', async () => {
    const d = details(await plan({ 'pyproject.toml': pyproject('dependencies = ["flask"]\n'), 'uv.lock': '', ...flask }));
    expect(d.pm.setup).toEqual([['/usr/local/bin/python', '-m', 'pip', 'install', expect.stringMatching(/^uv==\d+\.\d+\.\d+$/)]]);
    expect(d.pm.env).toContainEqual({ name: 'UV_PROJECT_ENVIRONMENT', value: '/opt/venv' });
  });

  test('local requirements (-e .) install after the source, with a note', async () => {
    const p = await plan({ 'requirements.txt': 'flask\n-e .\n', 'setup.py': '', ...flask });
    expect(details(p).pm.install).toBeNull();
    expect(details(p).projectInstall).toEqual(['/opt/venv/bin/pip', 'install', '-r', 'requirements.txt']);
    expect(p.notes.join('\n')).toMatch(/local requirements/);
  });

  test('unpinned requirements get a reproducibility note; pinned ones do not', async () => {
    expect((await plan({ 'requirements.txt': 'flask>=2\n', ...flask })).notes.join('\n')).toMatch(/not every requirement is pinned/);
    expect((await plan({ 'requirements.txt': 'flask==2.2.2 \\\n    --hash=sha256:abc\n', ...flask })).notes.join('\n')).not.toMatch(/not every requirement is pinned/);
  });

  test.each<[string, Files, RegExp]>([
    ['broken pyproject.toml', { 'pyproject.toml': '[project]\nname = "x\n' }, /^pyproject\.toml:2:\d+: invalid TOML/],
    ['broken Pipfile', { Pipfile: '[packages\nflask = "*"\n' }, /^Pipfile:1:\d+: invalid TOML/],
    ['a requirements line that is no requirement', { 'requirements.txt': 'flask\n!!nonsense\n', ...flask }, /^requirements\.txt:2: "!!nonsense" is not a requirement/],
    ['a missing -r include', { 'requirements.txt': '-r base.txt\n', ...flask }, /^requirements\.txt:1: includes base\.txt, which does not exist/],
    ['a bad PEP 508 dependency', { 'pyproject.toml': pyproject('dependencies = ["==1.0"]\n'), ...flask }, /not a PEP 508 requirement/],
    ['pyproject with nothing to install', { 'pyproject.toml': '[tool.black]\nline-length = 100\n' }, /^pyproject\.toml: no \[project\] table/],
  ])('%s is a one-line error', async (_, files, message) => {
    const err = await plan(files).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('python version', () => {
  test.each<[string, Files, string]>([
    ['.python-version', { '.python-version': '3.12\n' }, '3.12'],
    ['.python-version with patch', { '.python-version': '3.11.4' }, '3.11'],
    ['runtime.txt', { 'runtime.txt': 'python-3.10.12' }, '3.10'],
    ['Pipfile python_version', { Pipfile: '[packages]\nflask = "*"\n[requires]\npython_version = "3.12"\n' }, '3.12'],
    ['requires-python range', { 'pyproject.toml': pyproject('requires-python = ">=3.10,<3.12"\ndependencies = ["flask"]\n') }, '3.11'],
    ['requires-python compatible release', { 'pyproject.toml': pyproject('requires-python = "~=3.12.1"\ndependencies = ["flask"]\n') }, '3.12'],
    ['requires-python wildcard', { 'pyproject.toml': pyproject('requires-python = "==3.11.*"\ndependencies = ["flask"]\n') }, '3.11'],
    ['requires-python open range: the default', { 'pyproject.toml': pyproject('requires-python = ">=3.9"\ndependencies = ["flask"]\n') }, '3.13'],
    ['requires-python above the distroless Python: the newest allowed', { 'pyproject.toml': pyproject('requires-python = ">=3.14"\ndependencies = ["flask"]\n') }, '3.15'],
    ['poetry.lock metadata caps the range', { 'pyproject.toml': '[tool.poetry.dependencies]\npython = ">=3.8"\nflask = "*"\n', 'poetry.lock': '[metadata]\npython-versions = ">=3.8,<3.12"\n' }, '3.11'],
    ['uv.lock requires-python', { 'pyproject.toml': pyproject('dependencies = ["flask"]\n'), 'uv.lock': 'version = 1\nrequires-python = ">=3.9, <3.11"\n' }, '3.10'],
    ['a locked Django 1.11 caps Python at 3.7', { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.6"\ndjango = "1.11.29"\n', 'poetry.lock': '[[package]]\nname = "Django"\nversion = "1.11.29"\n\n[metadata]\npython-versions = "^3.6"\n' }, '3.7'],
    ['an == Django 3.2 in requirements.txt caps Python below 3.11', { 'requirements.txt': 'flask\nDjango==3.2.25\n' }, '3.10'],
    ['a >= Django leaves the default', { 'requirements.txt': 'flask\nDjango>=3.2\n' }, '3.13'],
    ['runtime.txt python-3.6 is honoured', { 'runtime.txt': 'python-3.6.15' }, '3.6'],
    ['.python-version 2.7 is honoured', { '.python-version': '2.7' }, '2.7'],
    ['poetry caret', { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "~3.10"\nflask = "*"\n', 'poetry.lock': '' }, '3.10'],
    ['.python-version beats requires-python', { '.python-version': '3.11', 'pyproject.toml': pyproject('requires-python = ">=3.10"\ndependencies = ["flask"]\n') }, '3.11'],
    ['nothing pinned: the default', {}, '3.13'],
  ])('%s', async (_, files, version) => {
    const p = await plan({ 'requirements.txt': 'flask\n', ...flask, ...files });
    expect(p.runtime).toEqual({ name: 'python', version });
    expect(p.args).toEqual([{ name: 'PYTHON_VERSION', value: version }]);
  });

  test('--runtime-version overrides files', async () => {
    expect((await plan({ 'requirements.txt': 'flask\n', '.python-version': '3.11', ...flask }, { runtimeVersion: '3.12' })).runtime.version).toBe('3.12');
  });

  test.each<[string, Files, RegExp]>([
    ['.python-version banana', { '.python-version': 'banana' }, /^\.python-version: does not hold a Python version; write one such as/],
    ['.python-version 3.5 (no image left)', { '.python-version': '3.5' }, /Python 3\.5 has no official python image; use one of the nearest/],
    ['requires-python that no image satisfies', { 'pyproject.toml': pyproject('requires-python = "<2.7"\ndependencies = ["flask"]\n') }, /allow no Python/],
    ['a malformed specifier', { 'pyproject.toml': pyproject('requires-python = ">= three"\ndependencies = ["flask"]\n') }, /is not a Python version specifier/],
  ])('%s is an error, not a guess', async (_, files, message) => {
    await expect(plan({ 'requirements.txt': 'flask\n', ...flask, ...files })).rejects.toThrow(message);
  });
});

describe('frameworks, start, port and health', () => {
  const django = (settings: string, extra: Files = {}): Files => ({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
    'site1/__init__.py': '', 'site1/settings.py': settings, 'site1/wsgi.py': '', 'site1/asgi.py': '',
    'site1/urls.py': "urlpatterns = [path('healthz/', views.health)]\n", ...extra,
  });
  const G = '/opt/venv/bin/gunicorn --bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm --access-logfile -';
  test.each<[string, Files, Partial<{ framework: string | null; start: string; port: number; health: string; build: string | null; env: string }>, Answers?]>([
    ['Django WSGI from settings, collectstatic when STATIC_ROOT is set', { 'requirements.txt': 'Django\ngunicorn\n', ...django("WSGI_APPLICATION = 'site1.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'static_out'\n") },
      { framework: 'django', start: `${G} site1.wsgi:application`, health: '/healthz/', build: '/opt/venv/bin/python manage.py collectstatic --noinput' }],
    ['Django settings that demand variables: collectstatic gets placeholders', { 'requirements.txt': 'django\ngunicorn\n', ...django("SECRET_KEY = os.environ['SECRET_KEY']\nDATABASES = {'default': dj_database_url.parse(os.environ['DATABASE_URL'])}\nSTATIC_ROOT = '/srv/static'\n") },
      { build: '/usr/bin/env DATABASE_URL=sqlite:///:memory: SECRET_KEY=build-only-placeholder /opt/venv/bin/python manage.py collectstatic --noinput' }],
    ['Django settings failing on an unset variable at import (None.split, a secret without default): placeholders', { 'requirements.txt': 'django\ngunicorn\n', ...django('SECRET_KEY = os.environ.get("SECRET_KEY")\nDEBUG = int(os.environ.get("DEBUG", default=0))\nALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n') },
      { build: '/usr/bin/env DJANGO_ALLOWED_HOSTS=build-only-placeholder SECRET_KEY=build-only-placeholder /opt/venv/bin/python manage.py collectstatic --noinput' }],
    ['Django settings whose reads all have defaults: no placeholders', { 'requirements.txt': 'django\ngunicorn\n', ...django('SECRET_KEY = os.environ.get("SECRET_KEY", "dev")\nALLOWED_HOSTS = os.getenv("HOSTS", "*").split(",")\nSTATIC_ROOT = "/srv/static"\n') },
      { build: '/opt/venv/bin/python manage.py collectstatic --noinput' }],
    ['--build running manage.py gets the settings placeholders', { 'requirements.txt': 'django\ngunicorn\n', ...django("SECRET_KEY = os.environ['SECRET_KEY']\n") },
      { build: '/usr/bin/env SECRET_KEY=build-only-placeholder /bin/sh -c python manage.py compilemessages' }, { build: 'python manage.py compilemessages' }],
    ['--build not running manage.py gets none', { 'requirements.txt': 'django\ngunicorn\n', ...django("SECRET_KEY = os.environ['SECRET_KEY']\n") },
      { build: '/bin/sh -c npm run build' }, { build: 'npm run build' }],
    ['Django settings package (config.settings.production importing base)', {
      'requirements/production.txt': 'django\ngunicorn\n', 'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
      'config/settings/base.py': "WSGI_APPLICATION = 'config.wsgi.application'\nSTATIC_ROOT = str(BASE_DIR / 'staticfiles')\n", 'config/settings/production.py': 'from .base import *\n', 'config/wsgi.py': '',
    }, { start: `${G} config.wsgi:application`, build: '/opt/venv/bin/python manage.py collectstatic --noinput' }],
    ['Django without STATIC_ROOT builds nothing', { 'requirements.txt': 'django\ngunicorn\n', ...django('') }, { start: `${G} site1.wsgi:application`, build: null }],
    ['Django Channels: ASGI with uvicorn', { 'requirements.txt': 'django\nchannels\nuvicorn\n', ...django("ASGI_APPLICATION = 'site1.asgi.application'\n") },
      { start: '/opt/venv/bin/uvicorn site1.asgi:application --host 0.0.0.0 --port 8000' }],
    ['FastAPI with uvicorn', { 'requirements.txt': 'fastapi\nuvicorn[standard]\n', 'app/main.py': 'from fastapi import FastAPI\napi = FastAPI()\n@api.get("/health")\n' },
      { framework: 'fastapi', start: '/opt/venv/bin/uvicorn app.main:api --host 0.0.0.0 --port 8000', health: '/health', env: 'WEB_CONCURRENCY' }],
    ['FastAPI with gunicorn: uvicorn workers', { 'requirements.txt': 'fastapi\nuvicorn\ngunicorn\n', 'main.py': 'import fastapi\napp: fastapi.FastAPI = fastapi.FastAPI()\n' },
      { start: `${G} --worker-class uvicorn.workers.UvicornWorker main:app` }],
    ['FastAPI in a src layout: PYTHONPATH', { 'requirements.txt': 'fastapi\nuvicorn\n', 'src/svc/api.py': 'from fastapi import FastAPI\napp = FastAPI()\n' },
      { start: '/opt/venv/bin/uvicorn svc.api:app --host 0.0.0.0 --port 8000', env: 'PYTHONPATH=/app/src' }],
    ['Flask with gunicorn', { 'requirements.txt': 'Flask\ngunicorn\n', 'web/app.py': 'from flask import Flask\napplication = Flask(__name__)\n@application.route("/ping")\n' },
      { framework: 'flask', start: `${G} web.app:application`, health: '/ping' }],
    ['Flask app factory', { 'requirements.txt': 'flask\ngunicorn\n', 'shop/__init__.py': 'from flask import Flask\ndef create_app():\n    return Flask(__name__)\n' },
      { start: `${G} shop:create_app()` }],
    ['Flask with waitress', { 'requirements.txt': 'flask\nwaitress\n', ...flask }, { start: '/opt/venv/bin/waitress-serve --listen=0.0.0.0:8000 app:app' }],
    ['a plain script reading $PORT', { 'requirements.txt': 'requests\n', 'main.py': 'port = int(os.environ.get("PORT", "9000"))\n' }, { framework: null, start: '/opt/venv/bin/python main.py', port: 9000 }],
    ['a package run with -m', { 'requirements.txt': 'requests\n', 'worker/__main__.py': 'print(1)\n' }, { start: '/opt/venv/bin/python -m worker' }],
    ['a console script installs the project', { 'pyproject.toml': pyproject('dependencies = ["aiohttp"]\n[project.scripts]\nserve = "svc.cli:main"\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n') },
      { start: '/opt/venv/bin/serve' }],
    ['--main module:app', { 'requirements.txt': 'flask\ngunicorn\n', ...flask, 'other.py': '' }, { start: `${G} other:server` }, { main: 'other:server' }],
    ['--start and --port', { 'requirements.txt': 'flask\n', ...flask }, { start: 'gunicorn -w 4 app:app', port: 5000 }, { start: 'gunicorn -w 4 app:app', port: 5000 }],
  ])('%s', async (_, files, want, answers = {}) => {
    const p = await plan(files, answers);
    if (want.framework !== undefined) expect(p.framework).toBe(want.framework);
    if (want.start) expect(p.start.join(' ')).toBe(want.start);
    expect(p.port).toBe(want.port ?? 8000);
    if (want.health) expect(p.healthcheck.path).toBe(want.health);
    if (want.build !== undefined) expect(p.build?.join(' ') ?? null).toBe(want.build);
    if (want.env) expect(p.env.map((e) => `${e.name}=${e.value}`).join(' ')).toContain(want.env);
  });

  test('Flask without a WSGI server: the image adds a pinned gunicorn and says so', async () => {
    const p = await plan({ 'requirements.txt': 'flask\n', ...flask });
    expect(p.start[0]).toBe('/opt/venv/bin/gunicorn');
    expect(details(p).extraInstall).toEqual(['/opt/venv/bin/pip', 'install', expect.stringMatching(/^gunicorn==\d/)]);
    expect(p.notes.join('\n')).toMatch(/no WSGI server among the dependencies/);
  });

  test('healthcheck uses the interpreter (no curl), on $PORT only for apps that read it', async () => {
    const served = await plan({ 'requirements.txt': 'flask\ngunicorn\n', ...flask });
    expect(served.healthcheck.cmd).toEqual(['/opt/venv/bin/python', '-c', "import http.client as h;c=h.HTTPConnection('127.0.0.1',8000,timeout=4);c.request('GET','/');raise SystemExit(not 200<=c.getresponse().status<500)"]);
    const script = await plan({ 'requirements.txt': 'requests\n', 'main.py': '' });
    expect(script.healthcheck.cmd[2]).toContain("os.environ.get('PORT','8000')");
  });

  test.each<[string, Files, RegExp, Answers?]>([
    ['nothing to run', { 'requirements.txt': 'requests\n', 'lib/util.py': '' }, /found no app to run/],
    ['a malformed --main', { 'requirements.txt': 'flask\n', ...flask }, /--main: "app" is not module:app/, { main: 'app' }],
    ['manage.py without a settings module', { 'requirements.txt': 'django\n', 'manage.py': 'print(1)\n' }, /^manage\.py: no DJANGO_SETTINGS_MODULE/],
    ['a console script without a build backend', { 'pyproject.toml': pyproject('dependencies = ["aiohttp"]\n[project.scripts]\nserve = "svc:main"\n') }, /needs the project installed/],
  ])('%s is a one-line error', async (_, files, message, answers = {}) => {
    await expect(plan(files, answers)).rejects.toThrow(message);
  });
});

describe('runtime image', () => {
  test.each<[string, Files, string, string[]]>([
    ['Python 3.13 without system libraries: distroless', { '.python-version': '3.13', 'requirements.txt': 'flask\ngunicorn\npsycopg2-binary\n' }, 'distroless', []],
    ['Python 3.12: slim (distroless holds 3.13)', { '.python-version': '3.12', 'requirements.txt': 'flask\ngunicorn\n' }, 'slim', []],
    ['psycopg2 needs libpq5: slim', { '.python-version': '3.11', 'requirements.txt': 'flask\ngunicorn\npsycopg2>=2.9\n' }, 'slim', ['libpq5']],
    ['psycopg 3 without the binary extra needs libpq5', { '.python-version': '3.11', 'requirements.txt': 'flask\ngunicorn\npsycopg\n' }, 'slim', ['libpq5']],
    ['psycopg[binary] brings its own libpq', { '.python-version': '3.13', 'requirements.txt': 'flask\ngunicorn\npsycopg[binary]\n' }, 'distroless', []],
  ])('%s', async (_, files, base, runPackages) => {
    const p = await plan({ ...flask, ...files });
    expect(p.base).toBe(base);
    expect(p.user).toEqual(base === 'distroless' ? { uid: 65532, gid: 65532 } : { uid: 1000, gid: 1000 });
    expect(details(p).runPackages).toEqual(runPackages);
    expect(details(p).relocate !== null).toBe(base === 'distroless');
  });

  test('psycopg2 compiles in the deps stage only', async () => {
    const d = details(await plan({ ...flask, 'requirements.txt': 'flask\npsycopg2\n' }));
    expect(d.buildPackages).toEqual(['build-essential', 'libpq-dev']);
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['--base distroless with psycopg2', { '.python-version': '3.13', 'requirements.txt': 'flask\npsycopg2\n' }, { base: 'distroless' }, /lacks libpq5; use --base slim/],
    ['--base distroless with Python 3.12', { '.python-version': '3.12', 'requirements.txt': 'flask\n' }, { base: 'distroless' }, /holds Python 3\.13, not 3\.12/],
    ['--base alpine', { 'requirements.txt': 'flask\n' }, { base: 'alpine' }, /--base alpine: not offered for Python/],
  ])('%s is an error', async (_, files, answers, message) => {
    await expect(plan({ ...flask, ...files }, answers)).rejects.toThrow(message);
  });

  test('services from PEP 503-normalised dependency names', async () => {
    const p = await plan({ ...flask, 'requirements.txt': 'Flask\nPsycopg2_Binary==2.9\nredis[hiredis]>=4 ; python_version >= "3.8"\n' });
    expect(p.services).toEqual(['postgres', 'redis']);
    expect(p.serviceDetails.flatMap((s) => s.appEnvironment.map((e) => e.name))).toEqual(['DATABASE_URL', 'REDIS_URL']);
  });

  test('detection: a pyproject.toml that only configures tools does not outweigh a package.json', async () => {
    const p = await plan({ 'pyproject.toml': '[tool.black]\nline-length = 100\n', 'package.json': { name: 'a', scripts: { start: 'node server.js' } }, 'server.js': '' });
    expect(p.stack).toBe('node');
  });

  test('detection: a Python project beside a package.json without scripts is Python', async () => {
    const p = await plan({ ...flask, 'requirements.txt': 'flask\n', 'package.json': { name: 'assets' } });
    expect(p.stack).toBe('python');
  });
});

describe('Dockerfiles of the lockfile managers (reviewed snapshots; these tools are not installable in every build environment)', () => {
  const app = { '.python-version': '3.12', 'src/shop/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/healthz")\n' };
  const project = '[project]\nname = "shop"\nversion = "1.0.0"\nrequires-python = ">=3.11"\ndependencies = ["fastapi", "uvicorn", "psycopg2"]\n';
  const backend = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
  test.each<[string, Files]>([
    ['uv', { ...app, 'pyproject.toml': project + backend, 'uv.lock': 'version = 1\n' }],
    ['poetry', { ...app, 'pyproject.toml': '[tool.poetry]\nname = "shop"\npackages = [{ include = "shop", from = "src" }]\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "*"\nuvicorn = "*"\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n', 'poetry.lock': '' }],
    ['pdm', { ...app, 'pyproject.toml': project + backend, 'pdm.lock': '' }],
    ['pipenv', { ...app, Pipfile: '[packages]\nfastapi = "*"\nuvicorn = "*"\n[requires]\npython_version = "3.12"\n', 'Pipfile.lock': '{}' }],
    ['pip-pyproject', { ...app, 'pyproject.toml': project + backend }],
  ])('%s', async (name, files) => {
    const p = await plan(files);
    const dockerfile = render(p).find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    await expect(dockerfile).toMatchFileSnapshot(`./__snapshots__/${name}.Dockerfile`);
  });
});
