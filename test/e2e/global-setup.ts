import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { sweepRun } from './lib/cleanup.js';
import { composeV2Available, dockerAnswers } from './lib/docker.js';
import { discoverFixtures } from './lib/fixtures.js';
import { markdownTable, writeCombinedReport } from './lib/report.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Docker engine answered `docker info` when the run started. */
    dockerAvailable: boolean;
    /** `docker compose` (v2) answers too, so compose stacks are also run with it. */
    composeV2: boolean;
    /** Marks every container, image and compose project of this run. */
    runId: string;
  }
}

/**
 * Checks for a Docker engine once per run, hands the answer and a run id to the test files,
 * and after the run removes anything left with that id and prints the report table. Runs once per project.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  const available = await dockerAnswers();
  if (!available) console.warn('e2e: no Docker engine answers (docker info failed); skipping');
  project.provide('dockerAvailable', available);
  project.provide('composeV2', available && (await composeV2Available()));
  project.provide('runId', runId);

  return async () => {
    if (!available) return;
    try {
      await sweepRun(runId);
    } catch (err) {
      console.warn(`e2e: final sweep failed: ${String(err)}`);
    }
    // The fixtures' table once, from the project that runs them (the swarm project runs later with its own setup).
    if (project.name === 'swarm') return;
    const ran = new Set(discoverFixtures());
    const table = markdownTable(writeCombinedReport().filter((r) => ran.has(r.fixture)));
    if (table) console.log(`\ne2e report (build/e2e-report.json):\n\n${table}\n`);
  };
}
