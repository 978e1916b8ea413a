import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PREFIX } from './lib/cleanup.js';
import { composeFacts, writeDotEnv } from './lib/compose.js';
import { buildImage, inspect } from './lib/docker.js';
import { docker, tail } from './lib/exec.js';
import { copyFixture, discoverFixtures, fixtureArgs, fixtureSkipReason, runGenerator } from './lib/fixtures.js';
import { dotEnv, stackDeploy, stackRemove, swarmInit, swarmLeave, swarmState, waitStackHealthy } from './lib/swarm.js';

// The fixtures whose flags write a Swarm stack (fixture.json args with --swarm), narrowed by E2E_ONLY like the rest.
const fixtures = discoverFixtures().filter((name) => fixtureArgs(name).includes('--swarm') && fixtureSkipReason(name) === undefined);
const HEALTHY_TIMEOUT_S = 240;

// A swarm this suite did not create belongs to someone else's work on the shared engine: never join or leave it.
const state = inject('dockerAvailable') && fixtures.length > 0 ? await swarmState() : 'unused';
const skip = !inject('dockerAvailable') ? 'needs a Docker engine'
  : fixtures.length === 0 ? 'no fixture with --swarm selected'
  : state !== 'inactive' ? `the engine is already in a swarm (state ${state}) this suite did not create`
  : undefined;

if (skip) {
  describe.skip('swarm stack', () => test(skip, () => {}));
} else {
  describe('swarm stack on a single-node swarm', () => {
    let created = false;
    beforeAll(async () => {
      await swarmInit();
      created = true;
    });
    afterAll(async () => {
      if (created) await swarmLeave();
    });

    for (const name of fixtures) {
      describe(name, () => {
        const runId = inject('runId');
        const slug = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
        const image = `${PREFIX}-swarm-${slug}:${runId}`;
        // The migrate task's image when its tool is a dev dependency (the Dockerfile's migrate stage).
        const migrateImage = `${PREFIX}-swarm-${slug}-migrate:${runId}`;
        // Stack names prefix every service, volume and network: short and unique to this run.
        const stack = `cdfe2e${runId}`;
        let dir = '';

        beforeAll(async () => {
          dir = await copyFixture(name);
        });
        afterAll(async () => {
          await stackRemove(stack);
          await docker(['rmi', '-f', image, migrateImage]);
          if (dir) await rm(dir, { recursive: true, force: true });
        });

        test('the image is built and named, docker stack deploy accepts the stack file, every service turns healthy', async () => {
          await runGenerator(dir, fixtureArgs(name));
          const built = await buildImage(dir, image, false);
          expect(built.ok, tail(built.log, 40)).toBe(true);
          // .env as a user fills it from .env.example, then exported, as the stack file's header says.
          await writeDotEnv(dir, await composeFacts(dir));
          const stackText = await readFile(path.join(dir, 'docker-stack.yml'), 'utf8');
          const stage = stackText.includes('${APP_MIGRATE_IMAGE:-');
          if (stage) {
            const r = await docker(['build', '--progress=plain', '--target', 'migrate', '-t', migrateImage, '.'], { cwd: dir, timeoutMs: 20 * 60_000 });
            expect(r.ok, tail(r.all, 40)).toBe(true);
          }
          const env = { ...(await dotEnv(dir)), APP_IMAGE: image, ...(stage ? { APP_MIGRATE_IMAGE: migrateImage } : {}) };
          await stackDeploy(dir, stack, env);
          const doc = parse(await readFile(path.join(dir, 'docker-stack.yml'), 'utf8')) as { services: Record<string, { deploy?: { restart_policy?: { condition?: string } } }> };
          const services = Object.keys(doc.services);
          const oneShot = services.filter((s) => doc.services[s]?.deploy?.restart_policy?.condition === 'on-failure');
          expect(services.length, 'the app beside its one-shot services').toBeGreaterThan(oneShot.length);
          const { app, seconds } = await waitStackHealthy(stack, services, oneShot, HEALTHY_TIMEOUT_S);
          console.log(`swarm ${name}: ${services.join(', ')} converged and healthy after ${Math.round(seconds)} s`);

          // What Swarm 20.10 honours of the hardening: non-root user, read-only root, no capabilities, tmpfs, limits.
          const ctr = await inspect(app);
          expect(String(ctr.Config.User)).toMatch(/^[1-9]\d*(:\d+)?$/);
          expect(ctr.HostConfig.ReadonlyRootfs).toBe(true);
          expect(ctr.HostConfig.CapDrop).toEqual(['ALL']);
          expect(ctr.HostConfig.Mounts.filter((m: { Type: string }) => m.Type === 'tmpfs').map((m: { Target: string }) => m.Target)).toContain('/tmp');
          expect(ctr.HostConfig.Memory).toBeGreaterThan(0);
          expect(ctr.HostConfig.NanoCpus).toBeGreaterThan(0);
          // The app's writable data on the stack's named volume (a read-only root refuses it anywhere else).
          const appVolumes = (parse(stackText) as { services: { app: { volumes?: unknown[] } } }).services.app.volumes ?? [];
          for (const v of appVolumes.filter((x): x is string => typeof x === 'string')) {
            const [volume, target] = v.split(':');
            expect(ctr.HostConfig.Mounts, v).toContainEqual(expect.objectContaining({ Type: 'volume', Source: `${stack}_${volume}`, Target: target }));
          }
        });
      });
    }
  });
}
