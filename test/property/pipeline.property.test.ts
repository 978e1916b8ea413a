import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { memProject } from '../helpers/memfs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { validatePlan, parsePort } from '../../src/plan/validate.js';
import { EscapeError } from '../../src/render/escape.js';
import { UserError } from '../../src/errors.js';
import type { Answers } from '../../src/plan/answers.js';
import type { Plan } from '../../src/plan/types.js';
import { envName, hostile, runs } from './arbitraries.js';
import { composeLiteral, dockerQuoted, execArgs, instructions } from './docker-text.js';

// Hostile values driven through the real pipeline (node detector on memfs -> plan -> render). Invariant: the
// Dockerfile has the instruction sequence of the same plan with harmless values, with each value intact, and the
// compose file parses back to the same values; or the run stops with one UserError/EscapeError line.

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";

/** Plans and renders; a refusal (UserError/EscapeError) is returned as its message, anything else throws. */
async function pipeline(files: Record<string, string | object>, answers: Answers): Promise<{ plan: Plan; text: Record<string, string> } | string> {
  try {
    const { plan } = await buildPlan(memProject(files), answers);
    return { plan, text: Object.fromEntries(render(plan).map((f) => [f.path, f.text])) };
  } catch (err) {
    if (err instanceof UserError || err instanceof EscapeError) {
      expect(err.message, 'a refusal is one line').not.toMatch(/[\n\r\u2028\u2029]/);
      return err.message;
    }
    throw err;
  }
}

/** The same plan with every free-text value replaced by a harmless one: its Dockerfile shape is the expected shape. */
function harmless(plan: Plan): Plan {
  return {
    ...plan,
    start: plan.start.map((a, i) => (i === 0 ? a : 'x')),
    build: plan.build?.map((a, i) => (i === 0 ? a : 'x')) ?? null,
    env: plan.env.map((e) => ({ ...e, value: 'x' })),
  };
}

/** Checks the rendered files against the plan they came from. */
function expectIntact(plan: Plan, text: Record<string, string>): void {
  const df = instructions(text.Dockerfile!);
  const shape = instructions(render(harmless(plan)).find((f) => f.path === 'Dockerfile')!.text);
  expect(df.map((i) => i.keyword), 'instruction sequence').toEqual(shape.map((i) => i.keyword));
  expect(execArgs(df.filter((i) => i.keyword === 'CMD').at(-1)!.args), 'CMD is the start argv').toEqual(plan.start);
  if (plan.build) {
    const runs = df.filter((i) => i.keyword === 'RUN' && i.args.trimEnd().endsWith(']')).map((i) => execArgs(i.args));
    expect(runs, 'a RUN holds the build argv').toContainEqual(plan.build);
  }
  const finalStage = df.slice(df.map((i) => i.keyword).lastIndexOf('FROM'));
  const envs = finalStage.filter((i) => i.keyword === 'ENV').map((i) => dockerQuoted(i.args));
  expect(envs, 'runtime ENV').toEqual(plan.env.map((e) => ({ name: e.name, value: e.value })));

  const compose = YAML.parse(text['docker-compose.yml']!, { uniqueKeys: true }) as { services: Record<string, Record<string, any>> };
  expect(Object.keys(compose.services), 'services').toEqual(['app', ...plan.serviceDetails.map((s) => s.name)]);
  const app = compose.services.app!;
  for (const e of plan.env) expect(composeLiteral(app.environment[e.name]), `compose ${e.name}`).toBe(e.value);
  expect(app.healthcheck.test.map(composeLiteral)).toEqual(['CMD', ...plan.healthcheck.cmd]);
  expect(app.read_only).toBe(true);
  expect(app.cap_drop).toEqual(['ALL']);
  expect(Object.keys(app).sort()).toEqual(Object.keys(YAML.parse(render(harmless(plan)).find((f) => f.path === 'docker-compose.yml')!.text).services.app).sort());
}

describe('hostile values through the node detector', () => {
  test('package.json name, start and build scripts', async () => {
    await fc.assert(fc.asyncProperty(hostile(), hostile(), hostile(), async (name, start, build) => {
      const r = await pipeline({ 'package.json': { name, scripts: { start: `node s.js ${start}`, build } }, 's.js': SERVER }, {});
      if (typeof r === 'string') return;
      expectIntact(r.plan, r.text);
    }), runs(25));
  });

  test('--start and --build answers', async () => {
    await fc.assert(fc.asyncProperty(hostile(), fc.option(hostile(), { nil: undefined }), async (start, build) => {
      const r = await pipeline({ 'package.json': { scripts: { start: 'node s.js' } }, 's.js': SERVER }, { start, ...(build !== undefined ? { build } : {}) });
      if (typeof r === 'string') {
        expect(start.trim() === '' || /NUL|shell|\\u0000|needs|cannot read the command/.test(r), r).toBe(true);
        return;
      }
      expectIntact(r.plan, r.text);
    }), runs(25));
  });

  test('start scripts that set variables (NAME=value node s.js) reach ENV and compose intact', async () => {
    await fc.assert(fc.asyncProperty(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), hostile(), async (name, value) => {
      const quoted = `'${value.replace(/'/g, `'\\''`)}'`;
      const r = await pipeline({ 'package.json': { scripts: { start: `${name}=${quoted} node s.js` } }, 's.js': SERVER }, {});
      if (typeof r === 'string') return;
      expectIntact(r.plan, r.text);
    }), runs(25));
  });

  test('"main" file names', async () => {
    await fc.assert(fc.asyncProperty(hostile(), async (main) => {
      const r = await pipeline({ 'package.json': { main } }, {});
      if (typeof r === 'string') return;
      expectIntact(r.plan, r.text);
      expect(r.plan.start.at(-1)).toBe(main);
    }), runs(25));
  });
});

describe('values a plan may be given (answers, env, paths, services)', () => {
  const base = (async () => {
    const { plan } = await buildPlan(memProject({ 'package.json': { scripts: { start: 'node s.js' }, dependencies: { pg: '8' } }, 's.js': SERVER }), {});
    return plan;
  })();

  test('port strings: parsed to 1..65535 or refused', () => {
    fc.assert(fc.property(fc.oneof(hostile(6), fc.integer({ min: -100_000, max: 200_000 }).map(String)), (text) => {
      let port: number | undefined;
      try {
        port = parsePort(text, '--port');
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        expect((err as Error).message).toMatch(/^--port: .* is not a port; use a whole number from 1 to 65535$/);
        return;
      }
      expect(Number.isInteger(port) && port >= 1 && port <= 65535).toBe(true);
      expect(Number(text.trim())).toBe(port);
    }), runs(300));
  });

  test('port numbers in a plan: out of range is refused before rendering', async () => {
    const plan = await base;
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double()), (port) => {
      const ok = Number.isInteger(port) && port >= 1 && port <= 65535;
      if (!ok) {
        expect(() => validatePlan({ ...plan, port })).toThrow(UserError);
        return;
      }
      const text = render(validatePlan({ ...plan, port })).find((f) => f.path === 'Dockerfile')!.text;
      expect(instructions(text).find((i) => i.keyword === 'EXPOSE')?.args).toBe(String(port));
    }), runs(200));
  });

  test('environment names and values', async () => {
    const plan = await base;
    fc.assert(fc.property(envName, hostile(), (name, value) => {
      const candidate = { ...plan, env: [...plan.env, { name, value }] };
      const nameOk = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^(null|true|false|yes|no|on|off|y|n)$/i.test(name) && !plan.env.some((e) => e.name === name);
      try {
        validatePlan(candidate);
        const files = render(candidate);
        if (!nameOk) expect(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), `rendered env name ${JSON.stringify(name)}`).toBe(true);
        if (nameOk) expectIntact(candidate, Object.fromEntries(files.map((f) => [f.path, f.text])));
      } catch (err) {
        if (!(err instanceof UserError || err instanceof EscapeError)) throw err;
        expect(nameOk && !/[\n\r\0\u2028\u2029\u0085]/.test(value), `refused a valid pair: ${(err as Error).message}`).toBe(false);
      }
    }), runs(200));
  });

  test('writable directories and service names are refused unless plain', async () => {
    const plan = await base;
    fc.assert(fc.property(hostile(8), hostile(8), (dir, service) => {
      const details = plan.serviceDetails.map((s) => ({ ...s, name: service }));
      const candidate = { ...plan, writableDirs: [dir], serviceDetails: details, compose: { ...plan.compose, tmpfs: [...plan.compose.tmpfs, `/app/${dir}`] } };
      let files;
      try {
        files = render(validatePlan(candidate));
      } catch (err) {
        if (!(err instanceof UserError || err instanceof EscapeError)) throw err;
        return;
      }
      expect(dir).toMatch(/^[A-Za-z0-9._/-]+$/);
      expect(dir).not.toContain('..');
      expect(service).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
      const compose = YAML.parse(files.find((f) => f.path === 'docker-compose.yml')!.text) as { services: Record<string, { tmpfs?: string[] }> };
      expect(Object.keys(compose.services)).toEqual(['app', service]);
      expect(compose.services.app!.tmpfs).toContain(`/app/${dir}`);
    }), runs(200));
  });
});
