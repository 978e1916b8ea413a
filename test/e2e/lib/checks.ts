import { expect } from 'vitest';
import { dependencyInstallSteps, parseBuildSteps } from './buildkit-log.js';
import { httpStatus, inspect, processUids } from './docker.js';
import type { DockerfileFacts } from './dockerfile-facts.js';

/**
 * The container runs as the Dockerfile's final USER: its configured user is that numeric `uid:gid`
 * (not root), and every process the host sees in it has that uid.
 */
export async function expectRunsAsDockerfileUser(ctr: string, facts: DockerfileFacts, configured: string): Promise<void> {
  expect(facts.uid, 'the final stage sets a numeric USER').toBeTypeOf('number');
  expect(facts.uid, 'the final USER is not root').not.toBe(0);
  expect(configured, 'the image/container user is the final USER of the Dockerfile').toBe(facts.user);
  const uids = await processUids(ctr);
  expect(uids.length, 'the container has processes').toBeGreaterThan(0);
  expect(uids, 'every process runs with the final USER uid, seen from the host').toEqual(uids.map(() => facts.uid));
}

/**
 * GET of each path on the published port answers 2xx/3xx (or exactly `want` when a number; or, with `below: 500`,
 * any status under 500: the server answers, as the HEALTHCHECK of an app without a confident health route asks).
 */
export async function expectHttpOk(port: number, paths: string[], want?: number | { below: number }): Promise<void> {
  for (const p of new Set(paths)) {
    const status = await httpStatus(port, p);
    if (typeof want === 'number') {
      expect(status, `GET ${p}`).toBe(want);
    } else {
      const below = want?.below ?? 400;
      expect(status >= 200 && status < below, `GET ${p} answers 2xx${below > 400 ? '-4xx' : '/3xx'} (got ${status})`).toBe(true);
    }
  }
}

/** The compose app container is hardened: read-only root, all capabilities dropped, no-new-privileges, memory and CPU limits. */
export async function expectHardened(ctr: string): Promise<void> {
  const hc = (await inspect(ctr)).HostConfig as {
    ReadonlyRootfs?: boolean;
    CapDrop?: string[] | null;
    SecurityOpt?: string[] | null;
    Memory?: number;
    NanoCpus?: number;
  };
  expect(hc.ReadonlyRootfs, 'read_only: true').toBe(true);
  expect((hc.CapDrop ?? []).map((c) => c.toUpperCase()), 'cap_drop: [ALL]').toContain('ALL');
  expect(
    (hc.SecurityOpt ?? []).some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o)),
    `security_opt has no-new-privileges (got ${JSON.stringify(hc.SecurityOpt)})`,
  ).toBe(true);
  expect(hc.Memory ?? 0, 'a memory limit').toBeGreaterThan(0);
  expect(hc.NanoCpus ?? 0, 'a CPU limit').toBeGreaterThan(0);
}

/** Facts about a warm rebuild, read from its BuildKit plain log. */
export interface WarmBuildFacts {
  installSteps: { instruction: string; cached: boolean }[];
  rebuiltSteps: string[];
}

/**
 * After a source edit, every stage's dependency-install step is CACHED while some later step
 * did run (proof that the edit reached the build context at all).
 */
export function expectDepsCached(warmLog: string): WarmBuildFacts {
  const steps = parseBuildSteps(warmLog);
  const installSteps = dependencyInstallSteps(steps).map((s) => ({ instruction: `[${s.stage} ${s.index}] ${s.instruction}`, cached: s.cached }));
  const rebuiltSteps = steps.filter((s) => !s.cached && !/^FROM\b/.test(s.instruction)).map((s) => s.instruction);
  expect(installSteps.length, 'the build log shows a dependency-install RUN step').toBeGreaterThan(0);
  for (const s of installSteps) expect(s.cached, `dependency install stays cached after a source edit: ${s.instruction}`).toBe(true);
  expect(rebuiltSteps.length, 'the source edit reached the build (some step re-ran)').toBeGreaterThan(0);
  return { installSteps, rebuiltSteps };
}
