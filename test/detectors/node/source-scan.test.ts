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
