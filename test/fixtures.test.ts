import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { createProjectFs } from '../src/fs/project-fs.js';
import { buildPlan } from '../src/plan/detect.js';
import { render } from '../src/render/render.js';
import { parseOptions } from '../src/cli/options.js';
import { listFixtures } from './helpers/fixtures.js';
import { composeProblems, dockerfileProblems } from './helpers/validate.js';


describe.each(listFixtures())('fixture $name', (fx) => {
  const generate = async () => {
    const { answers } = parseOptions(['--yes', ...fx.args], {}, false);
    const { plan } = await buildPlan(createProjectFs(fx.project), answers);
    return { plan, files: render(plan) };
  };

  test('generated files match the reviewed expected files', async () => {
    const { files } = await generate();
    for (const f of files) await expect(f.text).toMatchFileSnapshot(path.join(fx.expectedDir, f.path));
  });

  test('Dockerfile has no dockerfile-utils diagnostics; compose file matches the compose spec', async () => {
    const { files } = await generate();
    expect(dockerfileProblems(files.find((f) => f.path === 'Dockerfile')!.text)).toEqual([]);
    const compose = files.find((f) => f.path === 'docker-compose.yml');
    if (compose) expect(composeProblems(compose.text)).toEqual([]);
  });

  test.runIf(fx.expect !== undefined)('plan agrees with the fixture author\'s expectations', async () => {
    const { plan } = await generate();
    const e = fx.expect!;
    expect(plan.packageManager).toBe(e.packageManager);
    if (e.framework !== undefined) expect(plan.framework).toBe(e.framework);
    expect(Number(plan.runtime.version)).toBe(e.nodeMajor);
    if (e.port !== null) expect(plan.port).toBe(e.port);
    if (typeof e.healthPath === 'string') expect(plan.healthcheck.path).toBe(e.healthPath);
    expect([...plan.services].sort()).toEqual([...((e.services as string[] | undefined) ?? [])].sort());
    if (typeof e.startFile === 'string') expect(plan.start.join(' ')).toContain(e.startFile);
  });
});
