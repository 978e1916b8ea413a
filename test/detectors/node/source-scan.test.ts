import { describe, expect, test } from 'vitest';
import { scanSource } from '../../../detectors/node/source-scan.js';
import { memProject, type Files } from '../../helpers/memfs.js';

const EXT = ['js', 'mjs', 'cjs', 'ts', 'mts', 'tsx'];

describe('scanSource follows mounted routers outside the globbed folders', () => {
  test.each<[string, Files, string | undefined]>([
    ['router folder at the root (controllers/), two levels of mounts', {
      'app.js': "const api = require('./controllers');\napp.use('/api', api);\napp.listen(3000);",
      'controllers/index.js': "const router = require('express').Router();\nrouter.use('/v1', require('./v1/status'));\nmodule.exports = router;",
      'controllers/v1/status.js': "const router = require('express').Router();\nrouter.get('/health', h);\nmodule.exports = router;",
    }, '/api/v1/health'],
    ['ESM import with a .js suffix of a TypeScript router in modules/', {
      'src/server.ts': "import { healthRouter } from '../modules/health/router.js';\napp.use('/api', healthRouter);",
      'modules/health/router.ts': "export const healthRouter = Router();\nhealthRouter.get('/healthz', h);",
    }, '/api/healthz'],
    // Negative rows: imports leaving the project or into node_modules are not read; an unmounted file is not followed.
    ['an import outside the project is not followed', {
      'app.js': "const api = require('../shared/api');\napp.use('/api', api);",
    }, undefined],
    ['a router file nothing mounts is not read', {
      'app.js': "require('./handlers/health');\napp.listen(3000);",
      'handlers/health.js': "const router = Router();\nrouter.get('/health', h);\nmodule.exports = router;",
    }, undefined],
  ])('%s', async (_, files, want) => {
    const facts = await scanSource(memProject(files), [], EXT);
    expect(facts.healthPath?.confident ? facts.healthPath.value : facts.healthPath && `${facts.healthPath.value} (low)`).toBe(want);
  });
});

describe('scanSource reads the folder of an entry file outside the usual source folders', () => {
  test.each<[string, string[], Files, { port?: number; health?: string }]>([
    ['MERN layout: the start script runs backend/server.js', ['backend/server.js'], {
      'backend/server.js': "const app = require('express')();\napp.use('/api', require('./routes/status'));\napp.listen(process.env.PORT || 5000);",
      'backend/routes/status.js': "const router = require('express').Router();\nrouter.get('/health', h);\nmodule.exports = router;",
    }, { port: 5000, health: '/api/health' }],
    ['a workspace root whose start script runs a member file', ['packages/api/src/server.js'], {
      'packages/api/src/server.js': "app.get('/healthz', h);\napp.listen(process.env.API_PORT ?? 4100);",
    }, { port: 4100, health: '/healthz' }],
    // Negative rows: without the entry the folder is not read; an entry outside the project adds no folder.
    ['no entry: backend/ is not read', [], {
      'backend/server.js': "app.get('/health', h);\napp.listen(process.env.PORT || 5000);",
    }, {}],
    ['an entry outside the project adds no folder (and no pattern the walk refuses)', ['../outside/server.js'], {
      'server.js': "app.listen(process.env.PORT || 5000);",
    }, { port: 5000 }],
  ])('%s', async (_, entry, files, want) => {
    const facts = await scanSource(memProject(files), entry, EXT);
    expect({ port: facts.port?.value, health: facts.healthPath?.confident ? facts.healthPath.value : undefined }).toEqual({ port: want.port, health: want.health });
  });
});
