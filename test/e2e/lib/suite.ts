import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectDepsCached, expectHardened, expectHttpOk, expectRunsAsDockerfileUser } from './checks.js';
import { PREFIX, Resources } from './cleanup.js';
import {
  COMPOSE_V1, COMPOSE_V2, compose, composeFacts, composeUp, projectContainers, serviceContainer,
  waitProjectHealthy, writeDotEnv, type ComposeFacts, type ComposeProject, type ComposeRunner,
} from './compose.js';
import { buildImage, describeFailure, dockerfileOf, healthStatus, imageSizeMB, parseHostPort, publishedPort, timedStop, waitHealthy } from './docker.js';
import { dockerfileFacts, type DockerfileFacts } from './dockerfile-facts.js';
import { mustDocker, round1, tail } from './exec.js';
import { composeSkipReason, copyFixture, findSourceFile, fixtureArgs, runGenerator, touchSource } from './fixtures.js';
import { emptyReport, saveFixtureReport, saveLog } from './report.js';
import { expectImageInvariants } from './image-invariants.js';
import { expectDataOnVolumes } from './data-volume.js';

/** Run-wide settings handed to every fixture's suite. */
export interface SuiteOptions {
  runId: string;
  /** Also run the compose stack with `docker compose` (v2). */
  composeV2: boolean;
}

const HEALTHY_TIMEOUT_S = 90;
const STACK_HEALTHY_TIMEOUT_S = 120;
const BUILD_TIMEOUT_MS = 20 * 60_000;
const RUN_TIMEOUT_MS = 5 * 60_000;

/**
 * One describe for one fixture: generate, build, warm rebuild after a source edit, run the
 * image alone, run the compose stack, stop gracefully, tear down. Later steps skip when an earlier
 * one they need failed; afterAll removes everything and records the fixture's report line.
 */
export function fixtureSuite(name: string, opts: SuiteOptions): void {
  describe(name, () => {
    const res = new Resources();
    const report = emptyReport(name);
    const slug = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const tag = `${PREFIX}-${slug}:${opts.runId}`;
    let dir = '';
    let facts: DockerfileFacts | undefined;
    let stackFacts: ComposeFacts | undefined;
    let coldSeconds: number | undefined;
    let standalone: string | undefined;
    let stack: ComposeProject | undefined;
    let stackApp: string | undefined;
    const hasBacking = (): boolean => (stackFacts?.backing.length ?? 0) > 0;
    // A one-shot migrate service of an embedded database (SQLite on the data volume) is the app's schema: alone, the
    // app runs on an empty file, so, like backing services, only the compose test can expect it healthy.
    const needsStack = (): boolean => hasBacking() || (stackFacts?.oneShot.length ?? 0) > 0;

    beforeAll(async () => {
      dir = await copyFixture(name);
      res.dirs.add(dir);
    });

    afterAll(async () => {
      try {
        await res.release();
      } finally {
        saveFixtureReport(report);
      }
    });

    test('generator writes Dockerfile, .dockerignore and a compose file', async () => {
      await runGenerator(dir, fixtureArgs(name));
      for (const f of [dockerfileOf(dir), '.dockerignore']) expect(existsSync(path.join(dir, f)), `${f} written`).toBe(true);
      facts = dockerfileFacts(await readFile(path.join(dir, dockerfileOf(dir)), 'utf8'));
      stackFacts = await composeFacts(dir);
      expect(facts.user ?? '', 'final stage USER is numeric uid:gid').toMatch(/^\d+(?::\d+)?$/);
      expect(facts.uid, 'final stage USER is not root').not.toBe(0);
      expect(facts.port, 'final stage EXPOSEs a TCP port').toBeTypeOf('number');
      expect(facts.healthcheck, 'final stage has a HEALTHCHECK').toBeDefined();
      if (hasBacking()) expect(existsSync(path.join(dir, '.env.example')), '.env.example written').toBe(true);
    });

    // Layers and cache mounts made by earlier fixtures are reused (as on a developer's engine): on Docker 20.10
    // `--no-cache` also empties cache mounts, so every fixture downloaded and compiled from nothing. E2E_COLD=1 forces it.
    test('image builds', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
      if (!facts) return ctx.skip('no Dockerfile was generated');
      res.images.add(tag);
      const b = await buildImage(dir, tag, process.env.E2E_COLD === '1');
      const log = saveLog(`${slug}-cold`, b.log);
      if (!b.ok) throw new Error(`docker build failed (full log: ${log}):\n${tail(b.log, 80)}`);
      coldSeconds = b.seconds;
      report.buildSeconds = round1(b.seconds);
      report.imageSizeMB = await imageSizeMB(tag);
    });

    test('image: numeric non-root user, no setuid/setgid or undeclared writable file added, no shell in distroless', { timeout: RUN_TIMEOUT_MS }, async (ctx) => {
      if (coldSeconds === undefined) return ctx.skip('the image build failed');
      await expectImageInvariants(tag, dir);
    });

    // Timings are reported, not asserted (two builds share the machine's cores): the CACHED install is the check.
    test('rebuild after a source edit keeps the dependency install CACHED', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
      const cold = coldSeconds;
      if (cold === undefined) return ctx.skip('the image build failed');
      const src = await findSourceFile(dir);
      if (!src) throw new Error('found no source file to edit');
      await touchSource(dir, src);
      const warmTag = `${tag}-warm`;
      res.images.add(warmTag);
      const b = await buildImage(dir, warmTag, false);
      const log = saveLog(`${slug}-warm`, b.log);
      if (!b.ok) throw new Error(`warm docker build failed (full log: ${log}):\n${tail(b.log, 80)}`);
      report.warmBuildSeconds = round1(b.seconds);
      const warm = expectDepsCached(b.log);
      console.log(
        `${name}: edited ${src}; warm ${round1(b.seconds)} s vs first build ${round1(cold)} s ` +
          `(ratio ${(b.seconds / cold).toFixed(2)}); cached: ${warm.installSteps.map((s) => s.instruction).join(' | ')}`,
      );
    });

    test('container runs as the non-root USER, turns healthy and answers HTTP', { timeout: RUN_TIMEOUT_MS }, async (ctx) => {
      const f = facts;
      if (coldSeconds === undefined || !f?.port) return ctx.skip('no image or no EXPOSEd port');
      const ctr = `${PREFIX}-${slug}-${opts.runId}`;
      const started = performance.now();
      res.containers.add(ctr);
      // An app that requires its own settings (no backing service) gets them the way the README tells the user:
      // .env filled from .env.example, here handed to `docker run --env-file`.
      // Only settings compose requires (`${X:?...}`): the example's other values are for running outside a
      // container (a local SQLite path, say) and would override the image's own ENV.
      const ownEnv = !hasBacking() && stackFacts !== undefined && existsSync(path.join(dir, '.env.example'))
        && ['docker-compose.yml', 'compose.yaml', 'compose.yml', 'docker-compose.yaml'].some((n) => existsSync(path.join(dir, n))
          && /\$\{[A-Za-z_][A-Za-z0-9_]*:\?/.test(readFileSync(path.join(dir, n), 'utf8')));
      if (ownEnv) await writeDotEnv(dir, stackFacts!);
      await mustDocker(['run', '-d', '--name', ctr, ...(ownEnv ? ['--env-file', path.join(dir, '.env')] : []), '-p', `127.0.0.1::${f.port}`, tag]);
      standalone = ctr;
      const configured = (await mustDocker(['inspect', '--format', '{{.Config.User}}', ctr])).stdout.trim();
      expect(configured, 'the image user is the final USER of the Dockerfile').toBe(f.user);
      const running = (await healthStatus(ctr)).running;
      // An app with backing services (or a migrate step) may stop or stay unhealthy without them; the compose test checks it next to them.
      if (needsStack()) {
        // It may stop between the two looks; the user check then happens in the compose test, next to its services.
        if (running) {
          try {
            await expectRunsAsDockerfileUser(ctr, f, configured);
          } catch (err) {
            if ((await healthStatus(ctr)).running) throw err;
          }
        }
        return;
      }
      if (!running) throw new Error(`container exited at once\n${await describeFailure(ctr)}`);
      await expectRunsAsDockerfileUser(ctr, f, configured);
      await waitHealthy(ctr, HEALTHY_TIMEOUT_S);
      report.healthyAfterSeconds = round1((performance.now() - started) / 1000);
      const published = await publishedPort(ctr, f.port);
      // The health path as the HEALTHCHECK asks; `/` only has to be served (an API may have no `/`: 404).
      await expectHttpOk(published, [f.healthPath], { below: f.healthBelow });
      if (f.healthPath !== '/') await expectHttpOk(published, ['/'], { below: 500 });
    });

    /** Writes .env, brings the stack up and waits for it; the stack is registered for cleanup first. */
    async function startStack(runner: ComposeRunner, label: string): Promise<{ project: ComposeProject; waited: number }> {
      const project: ComposeProject = {
        runner,
        dir,
        name: `${PREFIX}-${slug}-${label}-${opts.runId}`,
        envNames: await writeDotEnv(dir, stackFacts!),
        oneShot: stackFacts!.oneShot,
      };
      res.projects.set(project.name, { project, appImage: stackFacts!.appImage });
      const started = performance.now();
      await composeUp(project);
      await waitProjectHealthy(project, STACK_HEALTHY_TIMEOUT_S);
      return { project, waited: (performance.now() - started) / 1000 };
    }

    /** The checks every compose stack must pass; returns the app container id. */
    async function checkStack(project: ComposeProject): Promise<string> {
      const app = await serviceContainer(project, stackFacts!.app);
      await expectHardened(app);
      // Backing services too: every capability dropped but what their entrypoint needs, read-only root.
      for (const svc of stackFacts!.backing) await expectHardened(await serviceContainer(project, svc));
      const configured = (await mustDocker(['inspect', '--format', '{{.Config.User}}', app])).stdout.trim();
      await expectRunsAsDockerfileUser(app, facts!, configured);
      const portOut = await compose(project, ['port', stackFacts!.app, String(facts!.port)]);
      if (!portOut.ok || portOut.stdout.trim() === '') {
        const ps = await compose(project, ['ps']);
        throw new Error(`${project.runner.label} port ${stackFacts!.app} ${facts!.port} gave no port:\n${portOut.all}\n--- ps ---\n${ps.all}\n${await describeFailure(app)}`);
      }
      // With backing services, 200 on the health path proves the app reached them.
      await expectHttpOk(parseHostPort(portOut.stdout), [facts!.healthPath], hasBacking() && facts!.healthBelow === 400 ? 200 : { below: facts!.healthBelow });
      // The app's writable data (SQLite, uploads) is on its named volume, not lost in a tmpfs or refused by a read-only root.
      await expectDataOnVolumes(app, path.join(dir, stackFacts!.file), stackFacts!.app);
      return app;
    }

    const noCompose = composeSkipReason(name);

    test('compose stack (docker-compose) comes up healthy, hardened and serving', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
      if (noCompose) return ctx.skip(noCompose);
      if (coldSeconds === undefined || !stackFacts || !facts?.port) return ctx.skip('no image or no compose file');
      const { project, waited } = await startStack(COMPOSE_V1, 'v1');
      stack = project;
      stackApp = await checkStack(project);
      if (hasBacking()) report.healthyAfterSeconds = round1(waited);
      report.compose = true;
    });

    test('docker stop -t 10 ends the app gracefully in under 8 s (no SIGKILL)', { timeout: RUN_TIMEOUT_MS }, async (ctx) => {
      const target = hasBacking() ? stackApp : standalone;
      if (!target) return ctx.skip('no running app container');
      const { seconds, exitCode } = await timedStop(target);
      report.stopSeconds = round1(seconds);
      expect(exitCode, 'exit code 137 means SIGKILL after the grace period').not.toBe(137);
      expect(seconds, 'docker stop returns well inside the 10 s grace period').toBeLessThan(8);
    });

    test('compose down removes the stack', { timeout: RUN_TIMEOUT_MS }, async (ctx) => {
      const project = stack;
      if (!project) return ctx.skip('no compose stack was started');
      const r = await compose(project, ['down', '-v', '--rmi', 'local', '--remove-orphans'], 180_000);
      expect(r.ok, `down failed:\n${r.all}`).toBe(true);
      expect(await projectContainers(project.name), 'no container of the project is left').toEqual([]);
    });

    test.runIf(opts.composeV2)('compose stack (docker compose v2) comes up healthy, hardened and serving', { timeout: BUILD_TIMEOUT_MS }, async (ctx) => {
      if (noCompose) return ctx.skip(noCompose);
      if (coldSeconds === undefined || !stackFacts || !facts?.port) return ctx.skip('no image or no compose file');
      const { project } = await startStack(COMPOSE_V2, 'v2');
      try {
        await checkStack(project);
      } finally {
        await compose(project, ['down', '-v', '--rmi', 'local', '--remove-orphans'], 180_000);
      }
    });
  });
}
