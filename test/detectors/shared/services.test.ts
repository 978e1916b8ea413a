import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseServiceList, resolveServices, servicesFromDependencies } from '../../../detectors/shared/services.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { memProject } from '../../helpers/memfs.js';

describe('backing services', () => {
  test.each<[string[], string[]]>([
    [['pg', 'mysql2'], ['DATABASE_URL', 'MYSQL_URL']],
    [['mysql2', 'pg'], ['DATABASE_URL', 'POSTGRES_URL']],
    [['pg', 'mysql2', 'mongoose', 'ioredis'], ['DATABASE_URL', 'MYSQL_URL', 'MONGODB_URI', 'REDIS_URL']],
    [['pg'], ['DATABASE_URL']],
  ])('dependencies %j give the app distinct variables %j', (deps, names) => {
    const plans = resolveServices(servicesFromDependencies(deps), undefined);
    expect(plans.flatMap((p) => p.appEnvironment.map((v) => v.name))).toEqual(names);
  });

  test('--services accepts the usual other names and rejects unknown ones', () => {
    expect(parseServiceList(['mariadb', 'postgresql', 'mongodb', 'mysql'])).toEqual(['mysql', 'postgres', 'mongo']);
    expect(() => parseServiceList(['oracle'])).toThrow(/unknown service "oracle"/);
  });

  test('a project with postgres and MySQL drivers renders a compose file with unique keys', async () => {
    const fs = memProject({
      'package.json': JSON.stringify({ name: 'two-db', dependencies: { express: '5.0.0', pg: '8.0.0', mysql2: '3.0.0' }, scripts: { start: 'node index.js' } }),
      'index.js': "require('express')().listen(3000)\n",
    });
    const { plan } = await buildPlan(fs, {});
    const compose = render(plan).find((f) => f.path === 'docker-compose.yml')!.text;
    const doc = parse(compose, { uniqueKeys: true }) as { services: { app: { environment: Record<string, string> } } };
    expect(Object.keys(doc.services.app.environment)).toEqual(expect.arrayContaining(['DATABASE_URL', 'MYSQL_URL']));
  });
});
