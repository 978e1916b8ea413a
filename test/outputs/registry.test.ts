import { expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OUTPUTS } from '../../src/outputs/registry.js';
import { templatesDir } from '../../src/render/render.js';
import { DETECTORS } from '../../detectors/index.js';
import type { Plan } from '../../src/plan/types.js';

// The fields the rows read; every row is switched on.
const planOf = (stack: string): Plan => ({ templates: stack, compose: { enabled: true }, k8s: { enabled: true, services: [{}] }, serviceDetails: [{ secrets: ['S'] }], ci: 'github', swarm: true }) as unknown as Plan;

test.each(DETECTORS.map((d) => d.id))('every output row names a template that exists for stack %s', (stack) => {
  for (const o of OUTPUTS) {
    expect(o.when(planOf(stack)), o.path).toBe(true);
    expect(existsSync(path.join(templatesDir(), o.template(planOf(stack)))), `${o.path}: templates/${o.template(planOf(stack))}`).toBe(true);
  }
});

test('output paths are distinct, relative and stay inside the project', () => {
  const paths = OUTPUTS.map((o) => o.path);
  expect(new Set(paths).size).toBe(paths.length);
  for (const p of paths) expect(path.posix.isAbsolute(p) || p.split('/').includes('..'), p).toBe(false);
});
