import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { mergeComposeInto } from '../src/write/compose-merge.js';
import { createProjectFs } from '../src/fs/project-fs.js';
import { buildPlan, detectStack } from '../src/plan/detect.js';
import { render } from '../src/render/render.js';
import { renderApps } from '../src/render/render-apps.js';
import { planEveryApp } from '../src/pipeline/every-app.js';
import { EVERY_APP } from '../src/plan/apps.js';
import { parseOptions } from '../src/cli/options.js';
import { listFixtures } from './helpers/fixtures.js';
import { CREDENTIAL_SAMPLES } from '../src/fs/credential-files.js';
import { composeProblems, dockerfileProblems } from './helpers/validate.js';
import { contextCopySources } from './helpers/dockerfile.js';
import { filesNeededBy } from './helpers/context-files.js';
import fg from 'fast-glob';
import { createRequire } from 'node:module';
import type { Ignore } from '@balena/dockerignore';

/** The generated Dockerfile: at the root, or in the workspace member's folder (apps/web/Dockerfile). */
const isDockerfile = (p: string): boolean => p === 'Dockerfile' || p.endsWith('/Dockerfile');

// A CommonJS module whose typings declare an ES default export; load it the way node does.
const ignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;


describe.each(listFixtures({ everyApp: true }))('fixture $name', (fx) => {
  // `--workspace all` plans every app and renders them together; `plan` is then the first app's.
  const generate = async () => {
    const { answers } = parseOptions(['--yes', ...fx.args], {}, false);
    const fs = createProjectFs(fx.project);
    if (answers.workspace === EVERY_APP) {
      const { apps } = await planEveryApp(fs, null, answers, await detectStack(fs, answers));
      return { plan: apps![0]!.plan, plans: apps!.map((a) => a.plan), files: renderApps(apps!) };
    }
    const { plan } = await buildPlan(fs, answers);
    return { plan, plans: [plan], files: render(plan) };
  };

  test('generated files match the reviewed expected files', async () => {
    const { files } = await generate();
    for (const f of files) await expect(f.text).toMatchFileSnapshot(path.join(fx.expectedDir, f.path));
  });

  // A project with its own compose file: ours is merged into it (src/write/compose-merge.ts); the merge is reviewed too.
  const own = ['compose.yaml', 'compose.yml', 'docker-compose.yaml'].find((n) => existsSync(path.join(fx.project, n)));
  test.runIf(own !== undefined)('the project\'s own compose file, with ours merged in, matches the reviewed expected file and the compose spec', async () => {
    const { files } = await generate();
    const m = mergeComposeInto(own!, readFileSync(path.join(fx.project, own!), 'utf8'), files.find((f) => f.path === 'docker-compose.yml')!.text);
    await expect(m.text).toMatchFileSnapshot(path.join(fx.expectedDir, own!));
    expect(composeProblems(m.text)).toEqual([]);
    expect(m.warnings).toEqual([]);
  });

  test('Dockerfile has no dockerfile-utils diagnostics; compose file matches the compose spec', async () => {
    const { files } = await generate();
    for (const f of files.filter((d) => isDockerfile(d.path))) expect(dockerfileProblems(f.text), f.path).toEqual([]);
    const compose = files.find((f) => f.path === 'docker-compose.yml');
    if (compose) expect(composeProblems(compose.text)).toEqual([]);
  });

  test('.dockerignore keeps every file a COPY takes from the context and drops secrets and VCS data', async () => {
    const { files } = await generate();
    const ig = ignore().add(files.find((f) => f.path === '.dockerignore')!.text.split('\n'));
    const projectFiles = await fg('**/*', { cwd: fx.project, dot: true, ignore: ['**/node_modules/**'] });
    for (const dockerfile of files.filter((f) => isDockerfile(f.path))) {
      const sources = contextCopySources(dockerfile.text);
      expect(sources.length).toBeGreaterThan(0);
      for (const src of sources) {
        for (const f of filesNeededBy(src, projectFiles)) expect(ig.ignores(f), `${f} is needed by COPY ${src} (${dockerfile.path})`).toBe(false);
      }
      // Its own Dockerfile never reaches the context (the runtime of a member copies the member's folder).
      expect(ig.ignores(dockerfile.path), `${dockerfile.path} is left out of the context`).toBe(true);
    }
    for (const secret of [...CREDENTIAL_SAMPLES, '.git/config', 'node_modules/x/index.js']) {
      expect(ig.ignores(secret), `${secret} must not reach the build context`).toBe(true);
    }
  });

  test('the plan holds no program text (the probe sources live in templates/partials)', async () => {
    const { plans } = await generate();
    expect(JSON.stringify(plans)).not.toMatch(/"package main"|func main\(\)|fn main\(\)|class HealthCheck/);
  });

  test.runIf(fx.expect !== undefined)('plan agrees with the fixture author\'s expectations', async () => {
    const { plan } = await generate();
    const e = fx.expect!;
    expect(plan.packageManager).toBe(e.packageManager);
    if (e.framework !== undefined) expect(plan.framework).toBe(e.framework);
    // Node fixtures state the major as a number; other stacks state the version string (e.g. "1.22").
    if (e.nodeMajor !== undefined) expect(Number(plan.runtime.version)).toBe(e.nodeMajor);
    if (e.runtimeVersion !== undefined) expect(plan.runtime.version).toBe(e.runtimeVersion);
    if (e.port !== null) expect(plan.port).toBe(e.port);
    if (typeof e.healthPath === 'string') expect(plan.healthcheck.path).toBe(e.healthPath);
    expect([...plan.services].sort()).toEqual([...((e.services as string[] | undefined) ?? [])].sort());
    if (typeof e.startFile === 'string') expect(plan.start.join(' ')).toContain(e.startFile);
    // The migration tool of the migrate service (null: none), when the author states it.
    if (e.migrate !== undefined) expect(plan.migrate?.tool ?? null).toBe(e.migrate);
    // Writable data: the variables pointed at the data volume or a tmpfs (none unless the author lists them).
    expect(Object.fromEntries((plan.data?.env ?? []).map((v) => [v.name, v.value]))).toEqual(e.dataEnv ?? {});
  });
});
