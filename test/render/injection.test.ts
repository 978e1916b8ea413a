import { describe, expect, test } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import YAML from 'yaml';
import { memProject, type Files } from '../helpers/memfs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { execForm, envPair, shellWord, yamlInterpolated, yamlLiteral, copyForm } from '../../src/render/escape.js';
import { dockerfileProblems, composeProblems } from '../helpers/validate.js';

const HOSTILE = [
  'a"b', "it's", '$(touch /pwned)', '`id`', 'back\\slash', 'x\nRUN rm -rf /', 'line\u2028sep', '${HOME}', '$$', 'a: b', '# c', '- d',
  '{e}', '[f]', '&g', '*h', '!i', '|j', '>k', '%l', '@m', '? n',
];

async function generate(files: Files) {
  const { plan } = await buildPlan(memProject(files), {});
  return { plan, files: render(plan) };
}

const instructions = (text: string): string[] => DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());

describe('escaping helpers', () => {
  test.each(HOSTILE)('execForm keeps %j as one intact JSON argument', (s) => {
    expect(JSON.parse(execForm(['x', s]))).toEqual(['x', s]);
  });
  test.each(HOSTILE)('yamlLiteral of %j parses back to the same string with $ doubled for compose', (s) => {
    expect(YAML.parse(`k: ${yamlLiteral(s)}`).k).toBe(s.replace(/\$/g, '$$$$'));
  });
  test('yamlInterpolated keeps ${NAME:-x} references and doubles every other $', () => {
    expect(YAML.parse(`k: ${yamlInterpolated('a$b ${X:-1} $(c)')}`).k).toBe('a$$b ${X:-1} $$(c)');
  });
  test('envPair escapes quotes, backslashes and $, and rejects line breaks', () => {
    expect(envPair('A', 'x"y\\z$HOME')).toBe('A="x\\"y\\\\z\\$HOME"');
    expect(() => envPair('A', 'x\ny')).toThrow(/line break/);
    expect(() => envPair('A=B', 'x')).toThrow(/not a valid environment variable name/);
  });
  test('shellWord quotes and rejects newlines', () => {
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('tini')).toBe('tini');
    expect(() => shellWord('a\nb')).toThrow();
  });
  test('copyForm refuses $ and ..', () => {
    expect(() => copyForm(['$HOME/x', './'])).toThrow();
    expect(() => copyForm(['../secret', './'])).toThrow();
  });
});

describe('a hostile package.json cannot inject instructions or YAML keys', () => {
  test.each(HOSTILE)('start/build commands containing %j', async (s) => {
    const { plan, files } = await generate({
      'package.json': { name: s, scripts: { start: `node server.js ${s}`, build: `echo ${s}` } },
      'server.js': '',
    });
    const dockerfile = files.find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    // base, build (the build output folder is unknown, so the runtime takes the built app and its node_modules), init, runtime
    const expected = ['ARG', 'FROM', 'WORKDIR', 'COPY', 'FROM', 'RUN', 'COPY', 'RUN', 'FROM', 'RUN', 'FROM', 'ARG', 'ARG', 'ARG', 'ARG', 'LABEL', 'USER', 'WORKDIR', 'ENV', 'ENV', 'COPY', 'COPY', 'COPY', 'USER', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD'];
    const got = instructions(dockerfile);
    // a shell start adds one ENV (PATH); otherwise the sequence is fixed
    expect(got.filter((k) => k !== 'ENV')).toEqual(expected.filter((k) => k !== 'ENV'));
    const cmd = JSON.parse(dockerfile.split('\n').find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
    expect(cmd).toEqual(plan.start);
    // The package name reaches the title label whole, on one line, with no variable expanded.
    const title = dockerfile.split('\n').find((l) => l.startsWith('LABEL org.opencontainers.image.title='))!;
    expect(title).toMatch(/^LABEL org\.opencontainers\.image\.title="(?:[^"\\$]|\\["\\$])*" \\$/);
    const compose = files.find((f) => f.path === 'docker-compose.yml')!.text;
    expect(composeProblems(compose)).toEqual([]);
    const doc = YAML.parse(compose) as { services: Record<string, unknown> };
    expect(Object.keys(doc.services)).toEqual(['app']);
  });

  test('a start script with a line break runs through sh -c, intact, on a runtime that has a shell', async () => {
    const { plan } = await generate({ 'package.json': { scripts: { start: 'A="x\ny" node s.js' } } });
    expect(plan.start).toEqual(['/bin/sh', '-c', 'A="x\ny" node s.js']);
    expect(plan.base).toBe('slim');
  });

  test('an ENV value with a line break is rejected with a clear error', async () => {
    const { validatePlan } = await import('../../src/plan/validate.js');
    const { plan } = await generate({ 'package.json': { scripts: { start: 'node s.js' } } });
    expect(() => validatePlan({ ...plan, env: [{ name: 'A', value: 'x\ny' }] })).toThrow(/line break/);
  });

  test('an ENV value with a NUL byte is rejected as such, not as a line break', async () => {
    const { validatePlan } = await import('../../src/plan/validate.js');
    const { plan } = await generate({ 'package.json': { scripts: { start: 'node s.js' } } });
    expect(() => validatePlan({ ...plan, env: [{ name: 'A', value: '+\0"' }] })).toThrow(/A has a NUL character/);
  });
});
