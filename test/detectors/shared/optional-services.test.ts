import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { optionalServices } from '../../../detectors/shared/optional-services.js';
import type { Answers } from '../../../src/plan/answers.js';

const plan = async (files: Files, answers: Answers = {}) => (await buildPlan(memProject(files), answers)).plan;
const node = (files: Files) => ({ 'package.json': { name: 'a', scripts: { start: 'node server.js' }, dependencies: { redis: '4', pg: '8' } }, 'server.js': 'require("./lib/cache")', ...files });
const one = (file: string, text: string) => optionalServices(['redis'], [{ file, text }]).map((o) => `${o.name} ${o.variable}`)[0];

describe('a service the app only uses when its variable is set', () => {
  test.each<[string, string, string | undefined]>([
    ['a flag from the URL\'s presence', "import { createClient } from 'redis';\nconst enabled = !!process.env.REDIS_URL;\nexport default { client: createClient({ url: process.env.REDIS_URL }), enabled };", 'redis REDIS_URL'],
    ['created only under if', "const Redis = require('ioredis');\nlet cache;\nif (process.env.CACHE_REDIS_URL) {\n  cache = new Redis(process.env.CACHE_REDIS_URL);\n}", 'redis CACHE_REDIS_URL'],
    ['a ternary with null', "import Redis from 'ioredis';\nexport const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;", 'redis REDIS_URL'],
    ['returns early without it', "import { createClient } from 'redis';\nexport async function connect() {\n  if (!process.env.REDIS_HOST) return;\n  await createClient({ socket: { host: process.env.REDIS_HOST } }).connect();\n}", 'redis REDIS_HOST'],
    ['always used: created unconditionally', "import { createClient } from 'redis';\nexport const client = createClient({ url: process.env.REDIS_URL });", undefined],
    ['always used: a fallback URL', "const Redis = require('ioredis');\nmodule.exports = new Redis(process.env.REDIS_URL || 'redis://localhost:6379');", undefined],
    ['required: a guard that throws', "import { createClient } from 'redis';\nif (!process.env.REDIS_URL) throw new Error('REDIS_URL is required');\nexport const enabled = !!process.env.REDIS_URL;", undefined],
    ['a ternary between two configurations is not a switch', "import Redis from 'ioredis';\nexport const r = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : new Redis({ host: 'cache' });", undefined],
    ['a test in a file that does not import the client is no evidence', "export const enabled = !!process.env.REDIS_URL;", undefined],
    ['Python: created under if', 'import os\nimport redis\ncache = None\nif os.environ.get("REDIS_URL"):\n    cache = redis.from_url(os.environ["REDIS_URL"])\n', 'redis REDIS_URL'],
    ['Python: required with raise', 'import os\nimport redis\nif not os.getenv("REDIS_URL"):\n    raise RuntimeError("set REDIS_URL")\n', undefined],
    ['Go: created when set', 'import "github.com/redis/go-redis/v9"\nfunc New() *redis.Client {\n\tif os.Getenv("REDIS_URL") != "" {\n\t\treturn redis.NewClient(opts)\n\t}\n\treturn nil\n}', 'redis REDIS_URL'],
    ['a password test tunes a client created anyway', "const Redis = require('ioredis');\nconst opts = { host: process.env.REDIS_HOST };\nif (process.env.REDIS_PASSWORD) opts.password = process.env.REDIS_PASSWORD;\nmodule.exports = new Redis(opts);", undefined],
    ['TLS and prefix flags are not the connection variable', "import Redis from 'ioredis';\nconst tls = !!process.env.REDIS_TLS;\nconst prefix = process.env.REDIS_PREFIX ? process.env.REDIS_PREFIX : null;\nexport default new Redis(process.env.REDIS_URL, { tls: tls ? {} : undefined, keyPrefix: prefix });", undefined],
    ['an if on the URL that only sets an option', "const Redis = require('ioredis');\nconst opts = {};\nif (process.env.REDIS_URL) { opts.lazyConnect = false; }\nmodule.exports = new Redis(process.env.REDIS_URL, opts);", undefined],
    ['a flag beside a fallback URL: always connects', "import Redis from 'ioredis';\nexport const enabled = !!process.env.REDIS_URL;\nexport const redis = new Redis(process.env.REDIS_URL || 'redis://localhost:6379');", undefined],
    ['a single guarded statement that creates it', "const { createClient } = require('redis');\nlet c = null;\nif (process.env.REDIS_ADDR) c = createClient({ url: process.env.REDIS_ADDR });", 'redis REDIS_ADDR'],
    ['a ternary that creates it with createClient', "import { createClient } from 'redis';\nexport const c = process.env.REDISCLOUD_URL ? createClient({ url: process.env.REDISCLOUD_URL }) : undefined;", 'redis REDISCLOUD_URL'],
    ['Python: a default URL is always set', 'import os\nimport redis\nREDIS_URL = os.environ.get("REDIS_URL", "redis://localhost")\nif REDIS_URL:\n    cache = redis.from_url(REDIS_URL)\n', undefined],
    ['Python: a get with a default tested inline', 'import os\nimport redis\nif os.getenv("REDIS_URL", "redis://cache:6379"):\n    cache = redis.from_url(os.getenv("REDIS_URL"))\n', undefined],
    ['Python: the URL without a default, client under the if', 'import os\nimport redis\nREDIS_URL = os.environ.get("REDIS_URL")\nif REDIS_URL:\n    cache = redis.from_url(REDIS_URL)\n', 'redis REDIS_URL'],
    ['Python: the if only sets a password', 'import os\nimport redis\nkw = {}\nif os.environ.get("REDIS_HOST"):\n    kw["host"] = os.environ["REDIS_HOST"]\ncache = redis.Redis(**kw)\n', undefined],
    ['Go: a password test is no switch', 'import "github.com/redis/go-redis/v9"\nfunc New() *redis.Client {\n\topts := &redis.Options{Addr: os.Getenv("REDIS_ADDR")}\n\tif os.Getenv("REDIS_PASSWORD") != "" {\n\t\topts.Password = os.Getenv("REDIS_PASSWORD")\n\t}\n\treturn redis.NewClient(opts)\n}', undefined],
    ['Go: fatal without it', 'import "github.com/redis/go-redis/v9"\nfunc New() {\n\tif os.Getenv("REDIS_URL") == "" {\n\t\tlog.Fatal("REDIS_URL")\n\t}\n\tif os.Getenv("REDIS_URL") != "" {}\n}', undefined],
  ])('%s', (_, text, want) => {
    expect(one('src/lib/cache.ts', text)).toBe(want);
  });

  test('Node: left out of compose, the other services kept, and the summary says how to add it', async () => {
    const p = await plan(node({ 'lib/cache.js': "const { createClient } = require('redis');\nconst enabled = !!process.env.REDIS_URL;\nmodule.exports = { client: createClient({ url: process.env.REDIS_URL }), enabled };" }));
    expect(p.services).toEqual(['postgres']);
    expect(p.notes).toContain('redis not run: lib/cache.js uses it only when REDIS_URL is set; to run it, pass --services postgres,redis (compose then sets REDIS_URL)');
  });

  test('Node: a client always created stays a service', async () => {
    const p = await plan(node({ 'lib/cache.js': "const { createClient } = require('redis');\nmodule.exports = createClient({ url: process.env.REDIS_URL });" }));
    expect([...p.services].sort()).toEqual(['postgres', 'redis']);
  });

  test('Node: a client always created whose password is optional stays a service', async () => {
    const p = await plan(node({ 'lib/redis.js': "const Redis = require('ioredis');\nconst opts = { host: process.env.REDIS_HOST || 'localhost' };\nif (process.env.REDIS_PASSWORD) opts.password = process.env.REDIS_PASSWORD;\nmodule.exports = new Redis(opts);" }));
    expect([...p.services].sort()).toEqual(['postgres', 'redis']);
    expect(p.notes.join('\n')).not.toMatch(/redis not run/);
  });

  test('--services decides: redis runs when asked for', async () => {
    const p = await plan(node({ 'lib/cache.js': "const { createClient } = require('redis');\nconst enabled = !!process.env.REDIS_URL;" }), { services: ['postgres', 'redis'] });
    expect([...p.services].sort()).toEqual(['postgres', 'redis']);
  });

  test('Python: a Django cache configured only when REDIS_URL is set is left out', async () => {
    const p = await plan({
      'requirements.txt': 'django\ndjango-redis\ngunicorn\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
      'site/settings.py': 'import os\nREDIS_URL = os.environ.get("REDIS_URL")\nif REDIS_URL:\n    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}\n',
      'site/wsgi.py': 'application = get_wsgi_application()\n',
    });
    expect(p.services).toEqual([]);
    expect(p.notes.join('\n')).toMatch(/redis not run: site\/settings\.py uses it only when REDIS_URL is set/);
  });
});
