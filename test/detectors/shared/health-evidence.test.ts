import { preferredHealthRoute } from '../../../detectors/shared/health-route.js';
import { describe, expect, test } from 'vitest';
import { decideHealth, healthNote, statusBelow } from '../../../detectors/shared/health-check.js';
import { fileHealthRoute, nodeHealthRoutes } from '../../../detectors/node/routes.js';
import { pythonHealthRoutes } from '../../../detectors/python/routes.js';
import { serverHealthRoutes } from '../../../detectors/shared/server-routes.js';
import { k8sHealth, platformHealth } from '../../../detectors/shared/platform-health.js';
import { memProject, type Files } from '../../helpers/memfs.js';

type Src = Record<string, string>;
const sources = (files: Src) => Object.entries(files).map(([file, text]) => ({ file, text }));
const best = <T extends { value: string; confident: boolean }>(found: T[]) => {
  const pick = found.find((f) => f.confident) ?? found[0];
  return pick && `${pick.value}${pick.confident ? '' : ' (low)'}`;
};

describe('semantics', () => {
  test('a confident route must succeed; a low-confidence one or none only needs an answer', () => {
    expect(decideHealth(undefined, { value: '/health', file: 'a.js', confident: true })).toEqual({ path: '/health', semantics: 'route', reason: 'a.js' });
    expect(decideHealth(undefined, { value: '/health', file: 'a.js', confident: false }).semantics).toBe('answers');
    expect(decideHealth(undefined, undefined)).toEqual({ path: '/', semantics: 'answers', reason: 'no health route found' });
    expect(statusBelow('route')).toBe(400);
    expect(statusBelow('answers')).toBe(500);
  });

  test('a platform config wins over the source', () => {
    const d = decideHealth({ value: '/_health', file: 'fly.toml', confident: true }, { value: '/health', file: 'a.js', confident: true });
    expect(d.path).toBe('/_health');
  });

  test('a Kubernetes probe ranks after a confident source route, before a low-confidence one', () => {
    const k8s = { value: '/readyz', file: 'k8s/app.yml', confident: true };
    expect(decideHealth(undefined, { value: '/health', file: 'a.go', confident: true }, k8s).path).toBe('/health');
    expect(decideHealth(undefined, { value: '/health', file: 'a.go', confident: false }, k8s)).toEqual({ path: '/readyz', semantics: 'route', reason: 'k8s/app.yml' });
  });

  test('the note suggests a health route when there is none', () => {
    expect(healthNote(decideHealth(undefined, undefined))).toMatch(/below 500.*add a health route/);
  });
});

describe('Node routes and prefixes', () => {
  test.each<[string, Src, string | undefined]>([
    ['route on the app', { 'server.js': "const app = express();\napp.get('/healthz', h)" }, '/healthz'],
    ['router mounted in another file', {
      'src/app.ts': "import health from './routes/health';\nconst app = express();\napp.use('/api', health);\napp.listen(3000)",
      'src/routes/health.ts': "const router = Router();\nrouter.get('/health', h);\nexport default router;",
    }, '/api/health'],
    ['router mounted with require', {
      'index.js': "const api = require('./api');\napp.use('/api/v1', api)",
      'api/index.js': "const r = express.Router();\nr.get('/status', h);\nmodule.exports = r;",
    }, '/api/v1/status'],
    ['router serving / mounted on a health path, imported through a @/ alias', {
      'src/server.ts': "import { statusRouter } from '@/routes/status/statusRouter';\nconst app = express();\napp.use('/health-check', statusRouter);",
      'src/routes/status/statusRouter.ts': "export const statusRouter: Router = express.Router();\nstatusRouter.get('/', (_req, res) => res.json({ ok: true }));",
    }, '/health-check'],
    ['a router serving / through a relative require', {
      'src/app.js': "const live = require('./live');\napp.use('/livez', live);",
      'src/live.js': "const r = express.Router();\nr.get('/', h);\nmodule.exports = r;",
    }, '/livez'],
    // Negative rows: a router's / mounted on a path that is no health path; an alias naming no single source file.
    ['router serving / mounted on /api is no health route', {
      'src/server.ts': "import { api } from '@/api';\napp.use('/api', api);",
      'src/api.ts': "export const api = Router();\napi.get('/', h);",
    }, undefined],
    ['an alias that fits two files: unresolved, low confidence', {
      'src/server.ts': "import { r } from '~/health';\napp.use('/v1', r);",
      'src/a/health.ts': "export const r = Router();\nr.get('/health', h);",
      'src/b/health.ts': "export const r = Router();\nr.get('/health', h);",
    }, '/health (low)'],
    ['router from a routes folder (require(\'express\').Router(), module.exports)', {
      'app.js': "const routes = require('./routes');\nconst app = express();\napp.use('/api', routes);\nmodule.exports = app;",
      'routes/index.js': "const router = require('express').Router();\nrouter.get('/health', h);\nmodule.exports = router;",
    }, '/api/health'],
    ['router from routes.js with export default, middleware before it', {
      'src/app.ts': "import { json } from 'express';\nimport api from './routes.js';\napp.use('/api', cors(), auth, api);",
      'src/routes.ts': "import { Router } from 'express';\nconst router = Router();\nrouter.get('/healthz', h);\nexport default router;",
    }, '/api/healthz'],
    ['nested mount: router.use(\'/v1\', sub) under app.use(\'/api\', routes)', {
      'app.js': "const routes = require('./routes');\napp.use('/api', routes);",
      'routes/index.js': "const router = express.Router();\nconst v1 = require('./v1');\nrouter.use('/v1', v1);\nmodule.exports = router;",
      'routes/v1/index.js': "const router = express.Router();\nconst { healthRouter } = require('./health');\nrouter.use(healthRouter);\nmodule.exports = router;",
      'routes/v1/health.js': "const healthRouter = express.Router();\nhealthRouter.get('/health', h);\nmodule.exports = { healthRouter };",
    }, '/api/v1/health'],
    ['inline require and a router factory', {
      'server.js': "app.use('/api', require('./api'));\napp.use('/ops', opsRoutes());\nconst { opsRoutes } = require('./ops');",
      'api.js': "const r = Router();\nr.get('/users', h);\nmodule.exports = r;",
      'ops.js': "exports.opsRoutes = () => { const r = Router(); r.get('/ping', h); return r; };",
    }, '/ops/ping'],
    ['Koa router with its own prefix mounted through routes()', {
      'src/app.js': "import router from './router';\nconst app = new Koa();\napp.use(router.routes()).use(router.allowedMethods());",
      'src/router.js': "const router = new Router({ prefix: '/api' });\nrouter.get('/health', h);\nexport default router;",
    }, '/api/health'],
    ['routers exported as an object through an index.js that re-exports routes.js', {
      'server/server.js': "const routes = require('./routes');\napp.use('/', routes.render);\napp.use('/api/v2', routes.api);",
      'server/routes/index.js': "module.exports = require('./routes');",
      'server/routes/routes.js': "const health = require('./health.routes');\nconst renderRouter = Router();\nconst apiRouter = Router();\napiRouter.use('/health', health);\nmodule.exports = { api: apiRouter, render: renderRouter };",
      'server/routes/health.routes.js': "const router = Router();\nrouter.get('/', (_, res) => res.send('OK'));\nmodule.exports = router;",
    }, '/api/v2/health'],
    // Negative rows: a nested router whose parent is never mounted; middleware calls are no mounts.
    ['nested router under a parent that is never mounted: low confidence', {
      'routes/index.js': "const router = express.Router();\nconst v1 = require('./v1');\nrouter.use('/v1', v1);",
      'routes/v1.js': "const router = express.Router();\nrouter.get('/health', h);\nmodule.exports = router;",
    }, '/v1/health (low)'],
    ['app.use(cors()) mounts nothing', { 'app.js': "app.use(cors());\napp.use(express.json());\nconst r = Router();\nr.get('/health', h);" }, '/health (low)'],
    ['router mounted in the same file', { 'app.js': "const r = express.Router();\nr.get('/ping', h);\napp.use('/v2', r);" }, '/v2/ping'],
    ['unmounted router: low confidence', { 'routes.js': "const router = Router();\nrouter.get('/health', h);" }, '/health (low)'],
    ['Fastify plugin registered with a prefix', {
      'src/app.ts': "app.register(import('./routes/health'), { prefix: '/api' })",
      'src/routes/health.ts': "export default async function (fastify) { fastify.get('/health', h) }",
    }, '/api/health'],
    ['Hono app served here is the app', { 'src/index.ts': "const app = new Hono();\napp.get('/health', h);\nexport default app;" }, '/health'],
    ['Hono sub-app mounted with route()', {
      'src/app.ts': "import health from './health';\nconst app = new OpenAPIHono();\napp.route('/api', health);\nexport default app;",
      'src/health.ts': "const router = new Hono();\nrouter.get('/heartbeat', h);\nexport default router;",
    }, '/api/heartbeat'],
    ['Nest global prefix and controller', {
      'src/main.ts': "app.setGlobalPrefix('api');\nawait app.listen(3000);",
      'src/health.controller.ts': "@Controller('health')\nexport class H { @Get() check() {} }",
    }, '/api/health'],
    ['Nest @Get names the route', { 'src/app.controller.ts': "@Controller()\nexport class A { @Get('healthz') h() {} @Get('users') u() {} }" }, '/healthz'],
    ['bare string: low confidence', { 'src/config.ts': "export const HEALTH = '/health';" }, '/health (low)'],
    ['no health route', { 'server.js': "app.get('/users', h)" }, undefined],
    ['a route that only contains a health word is not one', { 'server.js': "app.get('/status-page/:id/edit', h)" }, undefined],
  ])('%s', (_, files, want) => {
    expect(best(nodeHealthRoutes(sources(files)))).toBe(want);
  });

  test.each<[string, string | undefined]>([
    ['app/api/health/route.ts', '/api/health'],
    ['src/app/(monitoring)/api/heartbeat/route.ts', '/api/heartbeat'],
    ['pages/api/healthz.ts', '/api/healthz'],
    ['app/routes/healthcheck.tsx', '/healthcheck'],
    ['app/routes/api.health.ts', '/api/health'],
    ['src/routes/health/+server.ts', '/health'],
    ['app/api/users/route.ts', undefined],
    ['app/routes/dashboard.tsx', undefined],
  ])('route file %s', (file, want) => {
    expect(fileHealthRoute(file)).toBe(want);
  });
});

describe('Python routes and prefixes', () => {
  test.each<[string, Src, string | undefined]>([
    ['FastAPI app route', { 'main.py': 'app = FastAPI()\n@app.get("/healthz")\ndef h(): ...' }, '/healthz'],
    ['router prefixes through include_router and a settings constant', {
      'app/main.py': 'from app.api.main import api_router\napp = FastAPI()\napp.include_router(api_router, prefix=settings.API_V1_STR)',
      'app/core/config.py': 'class Settings:\n    API_V1_STR: str = "/api/v1"',
      'app/api/main.py': 'api_router = APIRouter()\napi_router.include_router(utils.router)',
      'app/api/routes/utils.py': 'router = APIRouter(prefix="/utils", tags=["utils"])\n@router.get("/health-check/")\nasync def h(): ...',
    }, '/api/v1/utils/health-check/'],
    ['router never included: low confidence', { 'app/routes.py': 'router = APIRouter(prefix="/x")\n@router.get("/health")\ndef h(): ...' }, '/x/health (low)'],
    ['Flask blueprint with url_prefix at registration', {
      'app/__init__.py': 'app = Flask(__name__)\napp.register_blueprint(bp, url_prefix="/api")',
      'app/health.py': 'bp = Blueprint("health", __name__)\n@bp.route("/ping")\ndef ping(): ...',
    }, '/api/ping'],
    ['Flask blueprint with its own url_prefix', {
      'app.py': 'app = Flask(__name__)\napp.register_blueprint(status_bp)',
      'status.py': 'status_bp = Blueprint("s", __name__, url_prefix="/internal")\n@status_bp.get("/alive")\ndef a(): ...',
    }, '/internal/alive'],
    ['Django path', { 'mysite/urls.py': "urlpatterns = [path('healthz/', v)]" }, '/healthz/'],
    ['path parameter is not a health route', { 'main.py': 'app = FastAPI()\n@app.get("/items/{id}/status")\ndef s(): ...' }, undefined],
    ['none', { 'main.py': 'app = FastAPI()\n@app.get("/")\ndef r(): ...' }, undefined],
  ])('%s', (_, files, want) => {
    expect(best(pythonHealthRoutes(sources(files)))).toBe(want);
  });
});

describe('Go, Rust and Java routes and groups', () => {
  test.each<[string, string, string | undefined]>([
    ['net/http', 'http.HandleFunc("/healthz", h)', '/healthz'],
    ['Go 1.22 pattern', 'mux.HandleFunc("GET /api/status", h)', '/api/status'],
    ['gin Match with GET among its methods', 'g.Match([]string{"GET", "HEAD"}, "/health", h.Health)', '/health'],
    ['gin Match without GET: not a health route', 'g.Match([]string{"POST"}, "/health", h.Health)', '/health (low)'],
    ['gin group chain', 'api := r.Group("/api")\nv1 := api.Group("/v1")\nv1.GET("/health", h)', '/api/v1/health'],
    ['echo group', 'g := e.Group("/internal")\ng.GET("/ping", h)', '/internal/ping'],
    ['chi Route block', 'r.Route("/api", func(r chi.Router) {\n\tr.Get("/health", h)\n})', '/api/health'],
    ['axum nest', '.nest("/api", Router::new().route("/health", get(h)))', '/api/health'],
    ['actix macro', '#[get("/healthcheck")]\nasync fn h() {}', '/healthcheck'],
    ['actix scope whose empty route is the GET', 'web::scope("/api")\n  .service(\n    web::scope("/healthcheck")\n      .route("", get().to(index)),\n  )', '/api/healthcheck'],
    ['actix scope with only a POST: no health route', 'web::scope("/healthcheck").route("", post().to(index))', '/healthcheck (low)'],
    ['no health route: a plain GET route, low confidence', 'g := e.Group("/v2")\ng.GET("/articles", h.List)\ng.GET("/articles/:id", h.Get)', '/v2/articles (low)'],
    ['no health route, only parameterised or root GETs', 'e.GET("/", h)\ne.GET("/articles/:id", h.Get)', undefined],
    ['std match arm', 'match (m, p) { ("GET", "/health") => ok(), _ => nf() }', '/health'],
    ['Spring mapping', '@GetMapping("/alive")\npublic String a() {}', '/alive'],
    ['bare string: low confidence', 'const probe = "/health"', '/health (low)'],
    ['none', 'http.HandleFunc("/", h)', undefined],
  ])('%s', (_, text, want) => {
    expect(best(serverHealthRoutes('main.go', text))).toBe(want);
  });
});

describe('several routes: a handler named as the readiness probe wins', () => {
  test.each<[string, string, string]>([
    ['the readiness handler beats a liveness route', 'root.HandleFunc("/healthz", livenessProbe)\napp.HandleFunc("GET /healthcheck", readinessProbe)', '/healthcheck'],
    ['a ready handler method', 'r.Get("/health", h.Live)\nr.Get("/status", h.HandleReady)', '/status'],
    ['no handler named for readiness: the usual rank', 'root.HandleFunc("/healthz", livenessProbe)\napp.HandleFunc("GET /healthcheck", checkAll)', '/healthz'],
    ['already (not a readiness name)', 'r.Get("/health", h)\nr.Get("/status", already)', '/health'],
  ])('%s', (_, text, want) => {
    expect(preferredHealthRoute(serverHealthRoutes('main.go', text))?.value).toBe(want);
  });
});

describe('platform configs, in the documented order', () => {
  test.each<[string, Files, string | undefined]>([
    ['fly.toml http_service checks', { 'fly.toml': '[http_service]\ninternal_port = 8080\n[[http_service.checks]]\npath = "/_health"\n' }, '/_health fly.toml'],
    ['fly.toml services http_checks', { 'fly.toml': '[[services]]\n[[services.http_checks]]\npath = "/alive"\n' }, '/alive fly.toml'],
    ['render.yaml', { 'render.yaml': 'services:\n  - type: web\n    healthCheckPath: /healthz\n' }, '/healthz render.yaml'],
    ['railway.json', { 'railway.json': { deploy: { healthcheckPath: '/api/status' } } }, '/api/status railway.json'],
    ['railway.toml', { 'railway.toml': '[deploy]\nhealthcheckPath = "/health_check"\n' }, '/health_check railway.toml'],
    ['app.json (Dokku)', { 'app.json': { healthchecks: { web: [{ type: 'startup', path: '/ready' }] } } }, '/ready app.json'],
    ['existing compose healthcheck of the built service', { 'compose.yaml': 'services:\n  db:\n    image: pg\n    healthcheck:\n      test: ["CMD", "curl", "http://localhost:1/no"]\n  web:\n    build: .\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8080/api/heartbeat"]\n' }, '/api/heartbeat compose.yaml'],
    ['existing Dockerfile HEALTHCHECK', { Dockerfile: 'FROM x\nHEALTHCHECK CMD curl -f http://localhost:3000/healthz || exit 1\n' }, '/healthz Dockerfile'],
    ['Kubernetes readiness probe', { 'k8s/deployment.yaml': 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          livenessProbe:\n            httpGet:\n              path: /livez\n          readinessProbe:\n            httpGet:\n              path: /readyz\n' }, '/readyz k8s/deployment.yaml'],
    ['fly.toml before render.yaml', { 'fly.toml': '[[http_service.checks]]\npath = "/a/health"\n', 'render.yaml': 'services:\n  - healthCheckPath: /b/health\n' }, '/a/health fly.toml'],
    ['our own Dockerfile (header) is no evidence', { Dockerfile: '# Generated by create-dockerfile for a x project\nHEALTHCHECK CMD ["node", "http://127.0.0.1:3000/health"]\n' }, undefined],
    ['our own compose file (recorded) is no evidence', {
      '.create-dockerfile.yml': 'answers: {}\nfiles:\n  docker-compose.yml: sha256:00\n',
      'docker-compose.yml': 'services:\n  app:\n    build: .\n    healthcheck:\n      test: ["CMD", "x", "http://127.0.0.1:3000/health"]\n',
    }, undefined],
    ['a malformed config is skipped', { 'fly.toml': '[[http_service.checks]\npath = ', 'render.yaml': 'services:\n  - healthCheckPath: /ok\n' }, '/ok render.yaml'],
    ['nothing', { 'README.md': 'hi' }, undefined],
  ])('%s', async (_, files, want) => {
    const fs = memProject(files);
    const found = (await platformHealth(fs)) ?? (await k8sHealth(fs));
    expect(found && `${found.value} ${found.file}`).toBe(want);
  });
});
