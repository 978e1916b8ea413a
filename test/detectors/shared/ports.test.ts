import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { appPortVariable, isAppPortName, schemaPorts } from '../../../detectors/shared/env/index.js';

const plan = async (files: Files) => (await buildPlan(memProject(files), {})).plan;
const node = (files: Files, extra: object = {}) => plan({ 'package.json': { name: 'a', scripts: { start: 'node server.js' }, ...extra }, ...files });
const portEnv = (p: { env: { name: string; value: string }[] }) => p.env.filter((e) => /PORT$/.test(e.name)).map((e) => `${e.name}=${e.value}`);

describe('the port variable the app reads', () => {
  test.each<[string, Files, string[], string]>([
    ['PORT with a fallback', { 'server.js': 'app.listen(process.env.PORT || 4000)' }, ['PORT=4000'], 'process.env.PORT'],
    ['its own variable', { 'server.js': 'const port = Number(process.env.HTTP_PORT ?? 8081);\nserver.listen(port)' }, ['HTTP_PORT=8081'], 'process.env.HTTP_PORT'],
    ['a database port is not the app port', { 'server.js': 'const db = process.env.DB_PORT || 5432;\napp.listen(process.env.PORT || 3001)' }, ['PORT=3001'], 'process.env.PORT'],
    ['zod schema default', { 'src/env.ts': 'const Env = z.object({\n  NODE_ENV: z.string().default("development"),\n  PORT: z.coerce.number().default(9999),\n});' }, ['PORT=9999'], 'process.env.PORT'],
    ['.env.example names it', { 'server.js': 'x', '.env.example': 'DATABASE_URL=\nAPI_PORT=7001\n' }, ['API_PORT=7001'], 'process.env.API_PORT'],
    ['playwright config is not the app', { 'server.js': 'x', 'playwright.config.ts': 'webServer: { command: "x", url: "http://localhost:5173" }, port: 5173; app.listen(5173)' }, ['PORT=3000'], 'process.env.PORT'],
    ['our own .env.example is no evidence', { 'server.js': 'x', '.env.example': '# Copy to .env and fill in every empty value: docker compose reads .env from this folder. Never commit .env.\nAPP_PORT=9000\n' }, ['PORT=3000'], 'process.env.PORT'],
    ['nor is its older wording', { 'server.js': 'x', '.env.example': '# Copy to .env and set every value: docker compose reads .env from this folder. Never commit .env.\nAPP_PORT=9000\n' }, ['PORT=3000'], 'process.env.PORT'],
    ['our own .env.example, then the app\'s .env.sample', { 'server.js': 'x', '.env.example': '# Copy to .env and fill in every empty value: x\nAPP_PORT=9000\n', '.env.sample': 'WEB_PORT=7002\n' }, ['WEB_PORT=7002'], 'process.env.WEB_PORT'],
  ])('%s', async (_, files, env, probe) => {
    const p = await node(files);
    expect(portEnv(p)).toEqual(env);
    expect(p.healthcheck.cmd[2]).toContain(probe);
  });

  test('Go: os.Getenv("GREETER_PORT") is set and the probe reads it', async () => {
    const p = await plan({ 'go.mod': 'module example.com/g\n\ngo 1.23\n', 'main.go': 'package main\nfunc main() {\n\tport := os.Getenv("GREETER_PORT")\n\tif port == "" {\n\t\tport = "9090"\n\t}\n}\n' });
    expect(p.port).toBe(9090);
    expect(p.env).toEqual([{ name: 'GREETER_PORT', value: '9090' }]);
    expect(p.healthcheck.cmd.at(-1)).toBe('GREETER_PORT');
  });

  test.each<[string, boolean]>([
    ['PORT', true], ['HTTP_PORT', true], ['MEMOS_PORT', true], ['SERVER_PORT', true], ['LLDAP_HTTP_PORT', true],
    ['DB_PORT', false], ['HOST_PORT', false], ['ADMIN_PORT', false], ['REDIS_PORT', false], ['POSTGRES_PORT', false], ['SMTP_PORT', false], ['APP_DB_PORT', false], ['VITE_PORT', false], ['PORTAL', false],
  ])('%s is an app port name: %s', (name, want) => {
    expect(isAppPortName(name)).toBe(want);
  });

  test('schema port defaults come from the env collection\'s schema reader', () => {
    expect(schemaPorts('const E = z.object({\nPORT: z.coerce.number().default(9999),\nLOG_LEVEL: z.enum(["a"]).default("info"),\nDATABASE_URL: z.string().url(),\n});', 'env.ts'))
      .toEqual([{ name: 'PORT', value: '9999', file: 'env.ts' }]);
    // Not a schema (no z.object / createEnv / cleanEnv): no evidence.
    expect(schemaPorts('const o = { PORT: z.coerce.number().default(9999) }', 'env.ts')).toEqual([]);
  });

  test.each<[string, Files, string, object | undefined]>([
    ['an app port variable with an underscore in its prefix', { 'main.go': 'a := os.Getenv("LLDAP_HTTP_PORT")' }, 'go', { name: 'LLDAP_HTTP_PORT', source: 'main.go (os.Getenv)' }],
    ['a metrics listener is not the app port', { 'main.go': 'a := os.Getenv("METRICS_PORT")' }, 'go', undefined],
    ['two app port variables: ambiguous', { 'main.go': 'a := os.Getenv("HTTP_PORT")\nb := os.Getenv("API_PORT")' }, 'go', undefined],
  ])('appPortVariable: %s', async (_, files, stack, want) => {
    expect(await appPortVariable(memProject(files), stack)).toEqual(want);
  });
});

describe('Fastify host', () => {
  const fastify = { dependencies: { fastify: '5' } };
  test('host read from a variable: set to 0.0.0.0', async () => {
    const p = await node({ 'server.js': 'await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST })' }, fastify);
    expect(p.env).toContainEqual({ name: 'HOST', value: '0.0.0.0' });
  });
  test('no host at all: a warning with the fix', async () => {
    const p = await node({ 'server.js': 'await app.listen({ port: 3000 })' }, fastify);
    expect(p.notes.join('\n')).toMatch(/warning: server\.js calls listen\(\{port: 3000\}\) without a host.*host: process\.env\.HOST/);
    expect(p.env.some((e) => e.name === 'HOST')).toBe(false);
  });
  test('a literal host: nothing to say', async () => {
    const p = await node({ 'server.js': "await app.listen({ port: 3000, host: '0.0.0.0' })" }, fastify);
    expect(p.notes.join('\n')).not.toMatch(/without a host/);
  });
});

test('Fastify host variable with an all-interfaces fallback: nothing to set', async () => {
  const p = await (await import('../../../src/plan/detect.js')).buildPlan(memProject({ 'package.json': { name: 'a', scripts: { start: 'node s.js' }, dependencies: { fastify: '5' } }, 's.js': "app.listen({ port: 1, host: process.env.HOST ?? '0.0.0.0' })" }), {});
  expect(p.plan.env.some((e) => e.name === 'HOST')).toBe(false);
});

describe('small items', () => {
  test('two lockfiles: the one agreeing with packageManager, the other named', async () => {
    const p = await plan({ 'package.json': { name: 'a', packageManager: 'npm@10.9.0', scripts: { start: 'node s.js' } }, 'package-lock.json': '{}', 'yarn.lock': '# yarn lockfile v1\n', 's.js': '' });
    expect(p.packageManager).toBe('npm');
    expect(p.notes.join('\n')).toMatch(/yarn\.lock also present and ignored/);
  });
  test('one lockfile: nothing to say', async () => {
    const p = await plan({ 'package.json': { name: 'a', scripts: { start: 'node s.js' } }, 'package-lock.json': '{}', 's.js': '' });
    expect(p.notes.join('\n')).not.toMatch(/also present/);
  });
  test('Bun: the runtime version is bun\'s, not Node\'s', async () => {
    const p = await plan({ 'package.json': { name: 'a', packageManager: 'bun@1.2.3', scripts: { start: 'bun s.ts' } }, 'bun.lock': '{}', 's.ts': '' });
    expect(p.runtime).toEqual({ name: 'bun', version: '1.2.3' });
  });
});

describe('the port the project\'s own deployment files give', () => {
  const goMain = 'package main\nfunc main() { serve() }\n';
  test.each<[string, Files, string]>([
    ['an existing Dockerfile ENV of the app port variable', { 'scripts/Dockerfile': 'FROM x\nENV TZ="UTC" \\\n    MEMOS_PORT="5230"\nEXPOSE 5230\n' }, 'MEMOS_PORT=5230'],
    ['fly.toml internal_port', { 'fly.toml': '[http_service]\ninternal_port = 3333\n' }, 'PORT=3333'],
    ['an existing Dockerfile EXPOSE', { Dockerfile: 'FROM x\nEXPOSE 7000\n' }, 'PORT=7000'],
    ['our own Dockerfile is no evidence', { Dockerfile: '# Generated by create-dockerfile for a Go project; re-run it after stack changes.\nFROM x\nEXPOSE 7000\n' }, 'PORT=8080'],
    ['a variable the source reads wins', { Dockerfile: 'FROM x\nENV APP_PORT=1234\n', 'main.go': 'package main\nfunc main() { p := os.Getenv("PORT"); if p == "" { p = "9000" } }\n' }, 'PORT=9000'],
  ])('Go: %s', async (_, files, env) => {
    const p = await plan({ 'go.mod': 'module example.com/m\n\ngo 1.23\n', 'main.go': goMain, ...files });
    expect(portEnv(p)).toEqual([env]);
  });

  test('Python: a served app binds the port of the project\'s Dockerfile', async () => {
    const p = await plan({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Dockerfile: 'FROM python\nEXPOSE 5000\n' });
    expect(p.port).toBe(5000);
    expect(p.start).toContain('0.0.0.0:5000');
  });
});
