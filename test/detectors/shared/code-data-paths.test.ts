import { describe, expect, test } from 'vitest';
import { dataPathsInText } from '../../../detectors/shared/data/code-paths.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { memProject } from '../../helpers/memfs.js';

const found = (text: string, lang: string, file = 'server.js', defaults = new Map<string, string>()): string[] => dataPathsInText(text, lang, file, { defaults }).map((f) => `${f.kind}:${f.path}`);

describe('data paths written into the code', () => {
  test.each<[string, string, string, string[]]>([
    ['js', "fs.mkdirSync('./uploads', { recursive: true });", 'server.js', ['dir:uploads']],
    ['js', 'await fs.promises.mkdir("data/cache", { recursive: true })', 'server.js', ['dir:data/cache']],
    ['js', "const dir = path.join(__dirname, 'data');\nfs.writeFileSync(path.join(dir, 'x.json'), '{}');", 'src/store.js', ['dir:src/data']],
    ['js', "const file = path.join(process.cwd(), 'data', 'app.json');\nawait fs.promises.appendFile(file, line);", 'server.js', ['dir:data']],
    ['js', "const dir = path.resolve(__dirname, 'uploads');\nconst upload = multer({ storage: multer.diskStorage({ destination: dir }) });", 'server.js', ['dir:uploads']],
    ['js', "const out = fs.createWriteStream(path.join(__dirname, 'files', 'log.txt'));", 'server.js', ['dir:files']],
    ['js', "const upload = multer({ dest: 'uploads/' });", 'server.js', ['dir:uploads']],
    ['js', "const db = new Database('./data/app.db'); // better-sqlite3", 'server.js', ['sqlite:data/app.db']],
    ['go', 'if err := os.MkdirAll("data", 0o755); err != nil {', 'main.go', ['dir:data']],
    ['go', 'db, err := sql.Open("sqlite3", "./var/app.db")', 'main.go', ['sqlite:var/app.db']],
    ['go', 'db, err := gorm.Open(sqlite.Open("data/gorm.db"), &gorm.Config{})', 'main.go', ['sqlite:data/gorm.db']],
    ['go', 'type Config struct {\n\tUploadedImagesDir string `default:"data/images"`\n\tConnection string `default:"data/app.db"`\n}', 'config/config.go', ['dir:data/images', 'sqlite:data/app.db']],
    ['py', "MEDIA_ROOT = BASE_DIR / 'media'", 'mysite/settings.py', ['dir:media']],
    ['py', "MEDIA_ROOT = os.path.join(BASE_DIR, 'media/')", 'mysite/settings.py', ['dir:media']],
    ['py', "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}", 'mysite/settings.py', ['sqlite:db.sqlite3']],
    ['py', "os.makedirs('instance', exist_ok=True)", 'app.py', ['dir:instance']],
    ['py', "MEDIA_FOLDER = f\"{os.getenv('APP_FOLDER')}/project/media\"", 'project/config.py', ['dir:project/media']],
    ['py', 'UPLOADS = os.path.join(os.environ.get("BASE_DIR"), "uploads")', 'app.py', ['dir:uploads']],
    // Negative rows: a folder served, not written; absolute paths and parents; a variable; another database; no sqlite engine.
    ['js', "app.use(express.static(path.join(__dirname, 'public')));", 'server.js', []],
    ['js', "fs.mkdirSync('/var/lib/app', { recursive: true });", 'server.js', []],
    // A folder joined from __dirname or the working directory but only read: it ships in the image, no volume.
    ['js', "const products = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'products.json'), 'utf8'));", 'server.js', []],
    ['js', "const migrations = fs.readdirSync(path.join(__dirname, 'db', 'migrations'));", 'server.js', []],
    ['js', "const postsDir = path.join(process.cwd(), 'data');\nexport const posts = () => fs.readdirSync(postsDir).map((f) => fs.readFileSync(path.join(postsDir, f), 'utf8'));", 'lib/posts.ts', []],
    ['js', "const stream = fs.createReadStream(path.resolve(__dirname, 'media', 'intro.mp4'));", 'server.js', []],
    ['js', "fs.mkdirSync('../shared');", 'server.js', []],
    ['js', 'fs.mkdirSync(process.env.UPLOAD_DIR, { recursive: true });', 'server.js', []],
    ['go', 'Addr string `default:":8080"`\nTemplates string `default:"templates"`', 'config.go', []],
    ['go', 'db, err := sql.Open("postgres", "data/x.db")', 'main.go', []],
    ['py', "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': BASE_DIR / 'db.sqlite3'}}", 'mysite/settings.py', []],
    ['py', "STATIC_ROOT = BASE_DIR / 'staticfiles'", 'mysite/settings.py', []],
    // A static folder under the variable is no data; a default makes the base the app's own choice.
    ['py', "STATIC_FOLDER = f\"{os.getenv('APP_FOLDER')}/project/static\"", 'project/config.py', []],
    ['py', "MEDIA_FOLDER = f\"{os.getenv('APP_FOLDER', '/srv')}/project/media\"", 'project/config.py', []],
  ])('%s: %s', (lang, text, file, expected) => {
    expect(found(text, lang, file)).toEqual(expected);
  });

  // A folder named by a variable, joined to the file's folder: the value the app runs with decides where it is.
  const mkdir = 'fs.mkdirSync(dir, { recursive: true });';
  test.each<[string, string, string, Record<string, string>, string[]]>([
    ['the default beside the read, above the file', `const dir = path.join(import.meta.dirname, '..', process.env.UPLOAD_DIRNAME ?? 'uploads');\n${mkdir}`, 'src/app.js', {}, ['dir:uploads']],
    ['|| and __dirname, in the file\'s own folder', `const dir = path.join(__dirname, process.env.FILES_DIR || 'files');\n${mkdir}`, 'lib/store.js', {}, ['dir:lib/files']],
    ['the example value wins over the code\'s default', `const dir = path.join(__dirname, process.env['UPLOAD_DIRNAME'] ?? 'uploads');\n${mkdir}`, 'server.js', { UPLOAD_DIRNAME: 'media' }, ['dir:media']],
    ['a config object\'s value from the schema, parts after it', `const dir = path.join(\n  import.meta.dirname,\n  '../../..',\n  fastify.config.UPLOAD_DIRNAME,\n  fastify.config.TASKS_DIRNAME\n);\nfileManager.ensureDir(dir);`, 'src/plugins/a/b.js', { UPLOAD_DIRNAME: 'uploads', TASKS_DIRNAME: 'tasks' }, ['dir:uploads']],
    // Negative rows: only read; a path outside the app; no value known; a tmp folder; a folder that is no data.
    ['only read', "const dir = path.join(__dirname, process.env.UPLOAD_DIRNAME ?? 'uploads');\nconst names = fs.readdirSync(dir);", 'server.js', {}, []],
    ['outside the app folder', `const dir = path.join(__dirname, '..', process.env.UPLOAD_DIRNAME ?? 'uploads');\n${mkdir}`, 'server.js', {}, []],
    ['no value anywhere', `const dir = path.join(__dirname, config.UPLOAD_DIRNAME);\n${mkdir}`, 'server.js', {}, []],
    ['a tmp folder', `const dir = path.join(__dirname, process.env.SCRATCH_DIRNAME ?? 'tmp');\n${mkdir}`, 'server.js', {}, []],
    ['an absolute value', `const dir = path.join(__dirname, config.UPLOAD_DIRNAME);\n${mkdir}`, 'server.js', { UPLOAD_DIRNAME: '/srv/uploads' }, []],
    ['an absolute part before the variable (path.resolve starts over there)', `const dir = path.resolve(__dirname, '/srv', process.env.UPLOAD_DIRNAME ?? 'uploads');\n${mkdir}`, 'src/app.js', {}, []],
    ['a method call on the value', `const dir = path.join(__dirname, process.env.UPLOAD_DIRNAME.trim());\n${mkdir}`, 'server.js', { UPLOAD_DIRNAME: 'uploads' }, []],
  ])('js, variable joined to __dirname: %s', (_name, text, file, defaults, expected) => {
    expect(found(text, 'js', file, new Map(Object.entries(defaults)))).toEqual(expected);
  });

  test('better-sqlite3 only where the file talks of sqlite', () => {
    expect(found("const db = new Database('./data/app.db');", 'js')).toEqual([]);
  });
});

describe('the plan for data paths in code', () => {
  const node = (server: string): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'a', version: '1.0.0', scripts: { start: 'node server.js' } }),
    'package-lock.json': JSON.stringify({ name: 'a', lockfileVersion: 3, packages: {} }),
    'server.js': server,
  });

  test('a Node app writing ./uploads gets the app-data volume on /app/uploads, created owned by the app user', async () => {
    const { plan } = await buildPlan(memProject(node("const fs = require('fs');\nfs.mkdirSync('./uploads', { recursive: true });\nrequire('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n")), {});
    expect(plan.data).toMatchObject({ volume: { name: 'app-data', target: '/app/uploads' }, dirs: ['/app/uploads'], env: [] });
    // What a local run left in uploads/ stays out of the image (and COPY cannot create the folder root-owned).
    expect(plan.dockerignore).toContain('/uploads/');
    const files = Object.fromEntries(render(plan).map((f) => [f.path, f.text]));
    expect(files.Dockerfile).toMatch(/USER (\d+):(\d+)\n(#.*\n)*WORKDIR \/app\/uploads\nWORKDIR \/app\n/);
    expect(files['docker-compose.yml']).toContain('      - "app-data:/app/uploads"\n');
  });

  test('Flask: a media folder joined to a base-directory variable read without a default: the image sets it to /app, the folder gets the volume', async () => {
    const { plan } = await buildPlan(memProject({
      'requirements.txt': 'flask\ngunicorn\n',
      'project/__init__.py': 'from flask import Flask\napp = Flask(__name__)\napp.config.from_object("project.config.Config")\n',
      'project/config.py': "import os\nclass Config:\n    STATIC_FOLDER = f\"{os.getenv('APP_FOLDER')}/project/static\"\n    MEDIA_FOLDER = f\"{os.getenv('APP_FOLDER')}/project/media\"\n",
    }), {});
    expect(plan.data).toMatchObject({ volume: { name: 'app-data', target: '/app/project/media' }, env: [{ name: 'APP_FOLDER', value: '/app' }] });
    expect(plan.env).toContainEqual({ name: 'APP_FOLDER', value: '/app' });
    const files = Object.fromEntries(render(plan).map((f) => [f.path, f.text]));
    expect(files.Dockerfile).toContain('ENV APP_FOLDER="/app"\n');
  });

  test('a Go config struct writing under data/ gets one volume on /app/data', async () => {
    const { plan } = await buildPlan(memProject({
      'go.mod': 'module example.com/notes\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      'config/config.go': 'package config\n\ntype Config struct {\n\tImages string `default:"data/images"`\n\tPlugins string `default:"data/plugins"`\n\tDatabase string `default:"data/notes.db"`\n}\n',
    }), {});
    expect(plan.data?.volume).toEqual({ name: 'app-data', target: '/app/data' });
    expect(plan.warnings ?? []).toEqual([]);
  });

  test('Django: MEDIA_ROOT gets the volume; a SQLite file in the app folder itself is a warning saying what to change', async () => {
    const { plan } = await buildPlan(memProject({
      'requirements.txt': 'Django>=4.2\ngunicorn\n',
      'manage.py': "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      'mysite/__init__.py': '',
      'mysite/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
      'mysite/settings.py': "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\nMEDIA_ROOT = BASE_DIR / 'media'\n",
    }), {});
    expect(plan.data?.volume).toEqual({ name: 'app-data', target: '/app/media' });
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^mysite\/settings\.py \(Django SQLite NAME\): the SQLite database db\.sqlite3 is written into \/app itself, read-only in the container; read its path from a variable/));
  });

  test.each<[string, string, boolean]>([
    ['dj-database-url with a postgres driver: compose runs postgres, the SQLite default is unused', 'import dj_database_url\nif "DATABASE_URL" in os.environ:\n    DATABASES["default"] = dj_database_url.config(conn_max_age=500)\n', false],
    ['django-environ env.db() with a postgres driver', 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}\n', false],
    ['no URL override: the SQLite file is what the container uses', '', true],
  ])('Django SQLite default %s', async (_, override, warned) => {
    const { plan } = await buildPlan(memProject({
      'requirements.txt': 'Django>=4.2\ngunicorn\npsycopg2-binary\ndj-database-url\n',
      'manage.py': "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      'mysite/__init__.py': '',
      'mysite/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
      'mysite/settings.py': `import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\n${override}`,
    }), {});
    expect(plan.services).toContain('postgres');
    expect((plan.warnings ?? []).some((w) => w.includes('Django SQLite NAME'))).toBe(warned);
  });

  test('a data volume from the app\'s variables wins: the code\'s paths then add nothing', async () => {
    const { plan } = await buildPlan(memProject({ ...node("fs.mkdirSync(process.env.UPLOAD_DIR || './uploads');\nfs.mkdirSync('./data');\n"), '.env.example': 'UPLOAD_DIR=./uploads\n' }), {});
    expect(plan.data?.volume).toEqual({ name: 'app-data', target: '/data' });
  });

  test('a folder joined from __dirname that is only read is no volume and stays in the image (not ignored)', async () => {
    const { plan } = await buildPlan(memProject({ ...node("const fs = require('fs'), path = require('path');\nconst products = fs.readFileSync(path.join(__dirname, 'data', 'products.json'));\n"), 'data/products.json': '[]' }), {});
    expect(plan.data?.volume).toBeUndefined();
    expect(plan.dockerignore).not.toContain('/data/');
  });

  test('a written folder the project holds files in gets the volume, but stays in the image with a warning', async () => {
    const { plan } = await buildPlan(memProject({ ...node("const fs = require('fs'), path = require('path');\nfs.writeFileSync(path.join(__dirname, 'data', 'db.json'), '{}');\n"), 'data/seed.json': '[]' }), {});
    expect(plan.data?.volume?.target).toBe('/app/data');
    expect(plan.dockerignore).not.toContain('/data/');
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^server\.js \(path\.join\(__dirname\)\): data\/ holds files in the project, .*move them out of data\//));
  });

  test('a written folder kept in git by a .gitkeep only is ignored as before', async () => {
    const { plan } = await buildPlan(memProject({ ...node("require('fs').mkdirSync('./uploads', { recursive: true });\n"), 'uploads/.gitkeep': '' }), {});
    expect(plan.dockerignore).toContain('/uploads/');
    expect(plan.warnings ?? []).toEqual([]);
  });

  const ts = (tsconfig: string | undefined, file = 'src/index.ts'): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'a', version: '1.0.0', scripts: { build: 'tsc', start: 'node dist/index.js' }, devDependencies: { typescript: '^5.0.0' } }),
    'package-lock.json': JSON.stringify({ name: 'a', lockfileVersion: 3, packages: {} }),
    ...(tsconfig === undefined ? {} : { 'tsconfig.json': tsconfig }),
    [file]: "import fs from 'node:fs';\nimport path from 'node:path';\nfs.mkdirSync(path.join(__dirname, 'uploads'), { recursive: true });\n",
  });

  test.each<[string, string | undefined, string | undefined, string]>([
    ['outDir and rootDir (with comments and a trailing comma)', '{\n  // built by tsc\n  "compilerOptions": { "outDir": "./dist", /* sources */ "rootDir": "./src", },\n}\n', '/app/dist/uploads', 'src/index.ts'],
    ['outDir and a single include folder', '{ "compilerOptions": { "outDir": "build" }, "include": ["src/**/*"] }', '/app/build/uploads', 'src/index.ts'],
    ['a nested source folder mirrored under outDir', '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }', '/app/dist/lib/uploads', 'src/lib/store.ts'],
    ['no outDir: run in place (tsx, ts-node)', '{ "compilerOptions": { "strict": true } }', '/app/src/uploads', 'src/index.ts'],
    ['noEmit: run in place', '{ "compilerOptions": { "noEmit": true, "outDir": "dist" } }', '/app/src/uploads', 'src/index.ts'],
    ['no tsconfig: run in place', undefined, '/app/src/uploads', 'src/index.ts'],
    ['outDir with no root to mirror: no volume, a warning', '{ "compilerOptions": { "outDir": "dist" } }', undefined, 'src/index.ts'],
  ])('a compiled __dirname path: %s', async (_name, tsconfig, target, file) => {
    const { plan } = await buildPlan(memProject(ts(tsconfig, file)), {});
    expect(plan.data?.volume?.target).toBe(target);
    if (target) expect(plan.warnings ?? []).toEqual([]);
    else expect(plan.warnings).toContainEqual(expect.stringMatching(/^src\/index\.ts \(path\.join\(__dirname\)\): uploads is relative to the compiled file's folder, which is unknown \(tsconfig\.json sets outDir but neither rootDir nor a single include folder\); read the folder from a variable/));
  });

  test('a folder named by an env-schema variable, joined to a compiled file\'s folder: the volume on the folder the default names; the image and compose pin the variable to it', async () => {
    const tsconfig = '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }';
    const files = (plugin: string): Record<string, string> => ({
      ...ts(tsconfig),
      'src/index.ts': "import Fastify from 'fastify';\nconst app = Fastify();\napp.listen({ port: 3000, host: '0.0.0.0' });\n",
      'src/plugins/env.ts': "import env from '@fastify/env';\nconst schema = {\n  type: 'object',\n  properties: {\n    FILES_DIRNAME: {\n      type: 'string',\n      pattern: '^[a-z]{1,20}$',\n      default: 'files'\n    }\n  }\n};\n",
      'src/plugins/static.ts': plugin,
    });
    const { plan } = await buildPlan(memProject(files("import fs from 'node:fs';\nimport path from 'node:path';\nexport default (fastify) => {\n  const dir = path.join(import.meta.dirname, '../..', fastify.config.FILES_DIRNAME);\n  if (!fs.existsSync(dir)) fs.mkdirSync(dir);\n};\n")), {});
    expect(plan.data?.volume).toEqual({ name: 'app-data', target: '/app/files' });
    expect(plan.dockerignore).toContain('/files/');
    // Pinned like a data variable: a plain docker run and compose write to the volume alike, whatever .env says.
    expect(plan.data?.env).toEqual([{ name: 'FILES_DIRNAME', value: 'files' }]);
    const out = Object.fromEntries(render(plan).map((f) => [f.path, f.text]));
    expect(out.Dockerfile).toContain('ENV FILES_DIRNAME="files"\n');
    expect(out['docker-compose.yml']).toContain('      FILES_DIRNAME: "files"\n');
    // Only served, never written: the folder ships in the image, no volume.
    const { plan: served } = await buildPlan(memProject(files("import path from 'node:path';\nexport const root = path.join(import.meta.dirname, '../..', fastify.config.FILES_DIRNAME);\n")), {});
    expect(served.data?.volume).toBeUndefined();
  });

  test('two unrelated folders: the first gets the volume, the second is a warning', async () => {
    const { plan } = await buildPlan(memProject(node("fs.mkdirSync('./uploads');\nfs.mkdirSync('./exports');\n")), {});
    expect(plan.data?.volume?.target).toBe('/app/uploads');
    expect(plan.warnings).toContainEqual('server.js (mkdir): /app/exports is written too but only /app/uploads gets the data volume; read its path from a variable and re-run');
  });
});
