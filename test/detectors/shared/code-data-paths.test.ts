import { describe, expect, test } from 'vitest';
import { dataPathsInText } from '../../../detectors/shared/data/code-paths.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { memProject } from '../../helpers/memfs.js';

const found = (text: string, lang: string, file = 'server.js'): string[] => dataPathsInText(text, lang, file).map((f) => `${f.kind}:${f.path}`);

describe('data paths written into the code', () => {
  test.each<[string, string, string, string[]]>([
    ['js', "fs.mkdirSync('./uploads', { recursive: true });", 'server.js', ['dir:uploads']],
    ['js', 'await fs.promises.mkdir("data/cache", { recursive: true })', 'server.js', ['dir:data/cache']],
    ['js', "const dir = path.join(__dirname, 'data');", 'src/store.js', ['dir:src/data']],
    ['js', "const file = path.join(process.cwd(), 'data', 'app.json');", 'server.js', ['dir:data']],
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
    // Negative rows: a folder served, not written; absolute paths and parents; a variable; another database; no sqlite engine.
    ['js', "app.use(express.static(path.join(__dirname, 'public')));", 'server.js', []],
    ['js', "fs.mkdirSync('/var/lib/app', { recursive: true });", 'server.js', []],
    ['js', "fs.mkdirSync('../shared');", 'server.js', []],
    ['js', 'fs.mkdirSync(process.env.UPLOAD_DIR, { recursive: true });', 'server.js', []],
    ['go', 'Addr string `default:":8080"`\nTemplates string `default:"templates"`', 'config.go', []],
    ['go', 'db, err := sql.Open("postgres", "data/x.db")', 'main.go', []],
    ['py', "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': BASE_DIR / 'db.sqlite3'}}", 'mysite/settings.py', []],
    ['py', "STATIC_ROOT = BASE_DIR / 'staticfiles'", 'mysite/settings.py', []],
  ])('%s: %s', (lang, text, file, expected) => {
    expect(found(text, lang, file)).toEqual(expected);
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

  test('a data volume from the app\'s variables wins: the code\'s paths then add nothing', async () => {
    const { plan } = await buildPlan(memProject({ ...node("fs.mkdirSync(process.env.UPLOAD_DIR || './uploads');\nfs.mkdirSync('./data');\n"), '.env.example': 'UPLOAD_DIR=./uploads\n' }), {});
    expect(plan.data?.volume).toEqual({ name: 'app-data', target: '/data' });
  });

  test('two unrelated folders: the first gets the volume, the second is a warning', async () => {
    const { plan } = await buildPlan(memProject(node("fs.mkdirSync('./uploads');\nfs.mkdirSync('./exports');\n")), {});
    expect(plan.data?.volume?.target).toBe('/app/uploads');
    expect(plan.warnings).toContainEqual('server.js (mkdir): /app/exports is written too but only /app/uploads gets the data volume; read its path from a variable and re-run');
  });
});
