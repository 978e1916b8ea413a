import { expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OUTPUTS } from '../../src/outputs/registry.js';
import { templatesDir } from '../../src/render/render.js';
import { DETECTORS } from '../../detectors/index.js';
import type { Plan } from '../../src/plan/types.js';

// The fields the rows read; every row is switched on by one of the CI providers (a pipeline is one provider's).
const planOf = (stack: string, ci: string): Plan => ({ templates: stack, compose: { enabled: true }, k8s: { enabled: true, services: [{}] }, serviceDetails: [{ secrets: ['S'] }], ci, swarm: true }) as unknown as Plan;

test.each(DETECTORS.map((d) => d.id))('every output row names a template that exists for stack %s', (stack) => {
  for (const o of OUTPUTS) {
    const plan = [planOf(stack, 'github'), planOf(stack, 'gitlab')].find((p) => o.when(p));
    expect(plan, o.path).toBeDefined();
    expect(existsSync(path.join(templatesDir(), o.template(plan!))), `${o.path}: templates/${o.template(plan!)}`).toBe(true);
  }
});

test('one CI provider writes one pipeline', () => {
  for (const ci of ['github', 'gitlab']) expect(OUTPUTS.filter((o) => /^\.git(hub|lab)/.test(o.path) && o.when(planOf('node', ci))).map((o) => o.path)).toHaveLength(1);
});

test('output paths are distinct, relative and stay inside the project', () => {
  const paths = OUTPUTS.map((o) => o.path);
  expect(new Set(paths).size).toBe(paths.length);
  for (const p of paths) expect(path.posix.isAbsolute(p) || p.split('/').includes('..'), p).toBe(false);
});
