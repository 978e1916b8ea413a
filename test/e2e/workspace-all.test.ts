import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { parse } from 'yaml';
import { expectHardened, expectHttpOk, expectRunsAsDockerfileUser } from './lib/checks.js';
import { PREFIX, Resources } from './lib/cleanup.js';
import { COMPOSE_V1, COMPOSE_V2, compose, composeUp, serviceContainer, waitProjectHealthy, writeDotEnv, type ComposeProject, type ComposeRunner } from './lib/compose.js';
import { imageSizeMB, parseHostPort } from './lib/docker.js';
import { dockerfileFacts, type DockerfileFacts } from './lib/dockerfile-facts.js';
import { docker, mustDocker, round1, tail } from './lib/exec.js';
import { copyFixture, discoverFixtures, fixtureArgs, fixtureSkipReason, isEveryAppFixture, runGenerator } from './lib/fixtures.js';
import { imageViolations } from './lib/image-invariants.js';
import { saveLog } from './lib/report.js';

// `--workspace all` fixtures: every app of the workspace built from its own Dockerfile with the root as the context,
// then one compose stack with every app and the backing services they share, all healthy. E2E_ONLY=a,b narrows.
const fixtures = discoverFixtures().filter((name) => isEveryAppFixture(name) && fixtureSkipReason(name) === undefined);
const BUILD_TIMEOUT_MS = 20 * 60_000;
const STACK_HEALTHY_TIMEOUT_S = 180;

/** One app of the generated compose file: its service, its Dockerfile and what that Dockerfile says. */
interface App {
  service: string;
  dockerfile: string;
  facts: DockerfileFacts;
}

if (!inject('dockerAvailable') || fixtures.length === 0) {
  describe.skip('e2e --workspace all', () => test('needs a Docker engine and a --workspace all fixture', () => {}));
} else {
  const runId = inject('runId');
  for (const name of fixtures) {
    describe(`${name} (--workspace all)`, () => {
      const res = new Resources();
      const slug = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      let dir = '';
      let apps: App[] = [];
      let backing: string[] = [];
      const built: string[] = [];

      beforeAll(async () => {
        dir = await copyFixture(name);
        res.dirs.add(dir);
      });
      afterAll(() => res.release());

      test('generator writes a Dockerfile in each app folder and one compose file with a service per app', async () => {
        await runGenerator(dir, fixtureArgs(name));
        const doc = parse(await readFile(path.join(dir, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { build?: { dockerfile: string } }> };
        const services = Object.entries(doc.services);
        for (const [service, s] of services) {
          if (!s.build) continue;
          const facts = dockerfileFacts(await readFile(path.join(dir, s.build.dockerfile), 'utf8'));
          apps.push({ service, dockerfile: s.build.dockerfile, facts });
        }
        backing = services.filter(([, s]) => !s.build).map(([n]) => n);
        expect(apps.length, 'two or more app services').toBeGreaterThan(1);
        expect(new Set(apps.map((a) => a.dockerfile)).size, 'each app its own Dockerfile').toBe(apps.length);
        for (const a of apps) {
          expect(a.dockerfile, 'the Dockerfile sits in the app folder').toMatch(/^[^/].*\/Dockerfile$/);
          expect(a.facts.uid, `${a.service}: numeric non-root USER`).toBeGreaterThan(0);
          expect(a.facts.healthcheck, `${a.service}: HEALTHCHECK`).toBeDefined();
        }
      });

      test('every app image builds from the workspace root; numeric non-root, no setuid or undeclared writable file', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
        if (apps.length === 0) return ctx.skip('nothing generated');
        const { createProjectFs } = await import('../../src/fs/project-fs.js');
        const { detectStack } = await import('../../src/plan/detect.js');
        const { planEveryApp } = await import('../../src/pipeline/every-app.js');
        const fs = createProjectFs(dir);
        const answers = { workspace: 'all' };
        const planned = await planEveryApp(fs, null, answers, await detectStack(fs, answers));
        for (const a of apps) {
          const tag = `${PREFIX}-${slug}-${a.service}:${runId}`;
          res.images.add(tag);
          const b = await docker(['build', '--progress=plain', '-f', a.dockerfile, '-t', tag, '.'], { cwd: dir, timeoutMs: BUILD_TIMEOUT_MS });
          const log = saveLog(`${slug}-${a.service}`, b.all);
          if (!b.ok) throw new Error(`docker build -f ${a.dockerfile} . failed (full log: ${log}):\n${tail(b.all, 80)}`);
          built.push(a.service);
          const plan = planned.apps!.find((p) => p.service === a.service)!.plan;
          const problems = await imageViolations(tag, await readFile(path.join(dir, a.dockerfile), 'utf8'), plan.writableDirs, plan.data?.dirs);
          expect(problems, `${a.service} image invariants`).toEqual([]);
          const files = (await mustDocker(['run', '--rm', '--entrypoint', '/nodejs/bin/node', tag, '-e', "console.log(require('fs').existsSync('Dockerfile'))"]).catch(() => null))?.stdout.trim();
          if (files !== undefined) expect(files, `${a.dockerfile} is not in the image`).toBe('false');
          console.log(`${name}: ${a.service} built in ${round1(b.seconds)} s, image ${await imageSizeMB(tag)} MB`);
        }
      });

      async function upAndCheck(runner: ComposeRunner, label: string): Promise<void> {
        const project: ComposeProject = { runner, dir, name: `${PREFIX}-${slug}-${label}-${runId}`, envNames: [] };
        // Every app publishes its own port variable: give each a free host port.
        const doc = parse(await readFile(path.join(dir, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { ports?: string[] }> };
        const portVars = Object.values(doc.services).flatMap((s) => (s.ports ?? []).flatMap((p) => [...p.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!)));
        project.envNames = await writeDotEnv(dir, { file: 'docker-compose.yml', app: apps[0]!.service, backing, oneShot: [], appImage: undefined, portVars });
        res.projects.set(project.name, { project, appImage: undefined });
        try {
          await composeUp(project);
          const waited = await waitProjectHealthy(project, STACK_HEALTHY_TIMEOUT_S);
          console.log(`${name}: ${runner.label}: ${apps.length} apps and ${backing.join(', ') || 'no backing service'} healthy after ${round1(waited)} s`);
          for (const svc of backing) await expectHardened(await serviceContainer(project, svc));
          for (const a of apps) {
            const ctr = await serviceContainer(project, a.service);
            await expectHardened(ctr);
            const configured = (await mustDocker(['inspect', '--format', '{{.Config.User}}', ctr])).stdout.trim();
            await expectRunsAsDockerfileUser(ctr, a.facts, configured);
            const port = await compose(project, ['port', a.service, String(a.facts.port)]);
            expect(port.ok && port.stdout.trim() !== '', `${a.service} publishes ${a.facts.port}`).toBe(true);
            // 200 from the health path: these apps answer it only once the shared backing service answers them.
            await expectHttpOk(parseHostPort(port.stdout), [a.facts.healthPath], backing.length ? 200 : { below: a.facts.healthBelow });
          }
        } finally {
          await compose(project, ['down', '-v', '--rmi', 'local', '--remove-orphans'], 180_000);
        }
      }

      test('compose stack (docker-compose): every app and each shared backing service healthy, hardened and serving', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
        if (built.length !== apps.length || apps.length === 0) return ctx.skip('an app image failed to build');
        await upAndCheck(COMPOSE_V1, 'v1');
      });

      test.runIf(inject('composeV2'))('compose stack (docker compose v2): every app healthy, hardened and serving', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
        if (built.length !== apps.length || apps.length === 0) return ctx.skip('an app image failed to build');
        await upAndCheck(COMPOSE_V2, 'v2');
      });
    });
  }
}
