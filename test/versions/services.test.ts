import { expect, test } from 'vitest';
import { memProject, type Files } from '../helpers/memfs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { auditFiles } from '../../src/audit/audit.js';
import { TABLE_DATE } from '../../src/versions/date.js';

const app: Files = { 'package.json': { name: 'a', version: '1.0.0', scripts: { start: 'node s.js' }, dependencies: { pg: '8.13.1', redis: '4.7.0' } }, 's.js': '' };
const compose = (postgres: string, redis: string): string =>
  `services:\n  app:\n    build: .\n  postgres:\n    image: "${postgres}"\n    volumes:\n      - "postgres-data:/var/lib/postgresql/data"\n  redis:\n    image: "${redis}"\n`;

const plan = async (files: Files) => (await buildPlan(memProject({ ...app, ...files }), {})).plan;
const service = (p: Awaited<ReturnType<typeof plan>>, name: string) => p.serviceDetails.find((s) => s.name === name)!;

test('a new project gets postgres 18 with its volume at /var/lib/postgresql and redis 8', async () => {
  const p = await plan({});
  expect(service(p, 'postgres').image).toBe('postgres:18-alpine');
  expect(service(p, 'postgres').volume.target).toBe('/var/lib/postgresql');
  expect(service(p, 'redis').image).toBe('redis:8-alpine');
});

test('a re-run keeps the committed postgres 17 and its volume path, and names the newer default', async () => {
  const p = await plan({ 'docker-compose.yml': compose('postgres:17-alpine', 'redis:7.4-alpine') });
  expect(service(p, 'postgres').image).toBe('postgres:17-alpine');
  expect(service(p, 'postgres').volume.target).toBe('/var/lib/postgresql/data');
  expect(service(p, 'redis').image).toBe('redis:7.4-alpine');
  expect(p.notes.join('\n')).toMatch(/postgres 17 kept \(docker-compose\.yml runs postgres:17-alpine\): a major upgrade needs pg_upgrade.*the default for new projects is PostgreSQL 18/);
  expect(p.warnings ?? []).toEqual([]);
});

test('a kept end-of-life postgres is a warning and the compose file accepts it, so it audits clean', async () => {
  const p = await plan({ 'compose.yaml': compose('postgres:13', 'redis:8-alpine') });
  expect(service(p, 'postgres').image).toBe('postgres:13');
  expect(p.warnings).toEqual([expect.stringMatching(/PostgreSQL 13 \(compose\.yaml\) reached end of life on 2025-11-13/)]);
  const files = render(p);
  const composeText = files.find((f) => f.path === 'docker-compose.yml')!.text;
  expect(composeText).toMatch(/^# create-dockerfile accept-eol: postgres 13 /m);
  const findings = auditFiles(files.filter((f) => f.path !== '.env.example').map((f) => ({ path: f.path, text: f.text })), { today: TABLE_DATE });
  expect(findings.filter((f) => f.rule.endsWith('-eol'))).toEqual([]);
});

test('a default-release, untagged-major or unknown compose image changes nothing', async () => {
  for (const image of ['postgres:18-alpine', 'postgres', 'ghcr.io/acme/pg:17', 'postgres:17;rm']) {
    const p = await plan({ 'docker-compose.yml': compose(image, 'redis:8-alpine') });
    expect(service(p, 'postgres').image, image).toBe('postgres:18-alpine');
  }
});

test('a service whose image comes through a merge key (as Compose reads it) keeps that release', async () => {
  const merged = 'x-db: &db\n  image: "postgres:17-alpine"\nservices:\n  app:\n    build: .\n  postgres:\n    <<: *db\n    volumes:\n      - "postgres-data:/var/lib/postgresql/data"\n';
  const p = await plan({ 'docker-compose.yml': merged });
  expect(service(p, 'postgres').image).toBe('postgres:17-alpine');
  expect(p.notes.join('\n')).toMatch(/postgres 17 kept \(docker-compose\.yml runs postgres:17-alpine\)/);
});

test('a compose file Compose itself refuses (a merge of a scalar, invalid YAML) counts as none', async () => {
  for (const text of ['services:\n  postgres:\n    image: "postgres:17-alpine"\n    <<: 5\n', 'services:\n  postgres:\n    image: "postgres:17-alpine"\n  postgres:\n    image: x\n']) {
    const p = await plan({ 'docker-compose.yml': text });
    expect(service(p, 'postgres').image, text).toBe('postgres:18-alpine');
  }
});

test('extension blocks that alias aliases (which Compose accepts) do not hide the kept release', async () => {
  const a = Array.from({ length: 12 }, () => '*a').join(', ');
  const b = Array.from({ length: 10 }, () => '*b').join(', ');
  const text = `x-a: &a {v: 1}\nx-b: &b [${a}]\nx-c: [${b}]\n${compose('postgres:17-alpine', 'redis:8-alpine')}`;
  const p = await plan({ 'docker-compose.yml': text });
  expect(service(p, 'postgres').image).toBe('postgres:17-alpine');
});
