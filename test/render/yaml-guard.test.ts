import { describe, expect, test } from 'vitest';
import { checkGeneratedYaml } from '../../src/render/yaml-guard.js';
import { render } from '../../src/render/render.js';
import { buildPlan } from '../../src/plan/detect.js';
import { UserError } from '../../src/errors.js';
import { memProject } from '../helpers/memfs.js';

const refusal = (fn: () => unknown): UserError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('generated YAML guard', () => {
  test.each([
    ['a repeated key', 'services:\n  app:\n    environment:\n      A: "1"\n      A: "2"\n', /docker-compose\.yml:5: .*not be valid YAML.*unique/],
    ['a tab indent', 'services:\n\tapp: {}\n', /docker-compose\.yml:2: .*not be valid YAML/],
    ['an unclosed flow sequence', 'services:\n  app:\n    command: [a, b\n', /docker-compose\.yml:\d+: .*not be valid YAML/],
  ])('refuses %s: exit 1, one line, nothing written', (_, text, message) => {
    const err = refusal(() => checkGeneratedYaml([{ path: 'Dockerfile', text: 'FROM x\n' }, { path: 'docker-compose.yml', text }]));
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/nothing was written/);
    expect(err.message).not.toContain('\n');
    expect(err.exitCode).toBe(1);
  });

  test('accepts valid YAML and ignores files that are not YAML', () => {
    expect(() => checkGeneratedYaml([{ path: 'Dockerfile', text: 'a: 1\na: 2\n' }, { path: 'compose.yaml', text: 'services:\n  app: {}\n' }])).not.toThrow();
  });

  test('render refuses a plan whose compose file would repeat a service', async () => {
    const fs = memProject({
      'package.json': JSON.stringify({ name: 'x', dependencies: { express: '5.0.0', pg: '8.0.0' }, scripts: { start: 'node index.js' } }),
      'index.js': "require('express')().listen(3000)\n",
    });
    const { plan } = await buildPlan(fs, {});
    expect(() => render(plan)).not.toThrow();
    const pg = plan.serviceDetails[0]!;
    const err = refusal(() => render({ ...plan, serviceDetails: [pg, pg] }));
    expect(err.message).toMatch(/^docker-compose\.yml:\d+: the generated file would not be valid YAML \(Map keys must be unique/);
  });
});
