import path from 'node:path';
import type { ProjectFs } from '../fs/project-fs.js';
import { readImageMetadata } from '../../detectors/shared/image-metadata.js';
import { workloadName } from '../plan/workload.js';
import type { Detection } from '../plan/detect.js';
import type { Answers } from '../plan/answers.js';
import { EVERY_APP, workspaceApps } from '../plan/apps.js';
import { withDetected, type SavedState } from '../state/state-file.js';
import { UserError } from '../errors.js';
import { planFor, type Planned } from './generation.js';

/** Answers that describe one app (or one deployment target) and so cannot hold for every app at once. */
const ONE_APP: { key: keyof Answers; flag: string }[] = [
  { key: 'port', flag: '--port' }, { key: 'start', flag: '--start' }, { key: 'build', flag: '--build' }, { key: 'main', flag: '--main' },
];

/**
 * `--workspace all`: one plan per deployable app of the workspace, each planned as `--workspace <its folder>` would
 * plan it, compared with that app's record of the last run. The answers saved for the run stay `workspace: all`.
 */
export async function planEveryApp(fs: ProjectFs, state: SavedState | null, answers: Answers, detection: Detection): Promise<Planned> {
  for (const { key, flag } of ONE_APP) {
    if (answers[key] !== undefined && answers[key] !== false) {
      throw new UserError(`--workspace ${EVERY_APP}: ${flag} is one app's answer (given, or saved in .create-dockerfile.yml), and every app is planned with its own; drop it (--reset forgets saved answers), or run --workspace <name> ${flag} for one app`);
    }
  }
  const listing = await detection.detector.workspaceApps?.(fs);
  if (!listing?.apps.length) {
    throw new UserError(`${detection.detector.id === 'node' ? 'package.json' : fs.root}: --workspace ${EVERY_APP} found no deployable workspace app (a member with a start or serve script, or a server framework); drop the flag to containerise the project itself`);
  }
  const plans = [];
  const changes: string[] = [];
  const newEntries: string[] = [];
  for (const app of listing.apps) {
    const last = state ? withDetected(state, state.detectedApps?.[app.dir] ?? null) : null;
    const planned = await planFor(fs, last, { ...answers, workspace: app.dir }, detection);
    plans.push(planned.plan);
    changes.push(...planned.changes.map((c) => `${app.dir}: ${c}`));
    newEntries.push(...planned.newEntries);
  }
  for (const dir of Object.keys(state?.detectedApps ?? {})) {
    if (!listing.apps.some((a) => a.dir === dir)) changes.push(`${dir}: no longer a deployable app; its Dockerfile is no longer generated (delete it if it is unused)`);
  }
  for (const app of listing.apps) {
    if (state?.detectedApps && !(app.dir in state.detectedApps)) changes.push(`${app.dir}: new app, added to the compose file`);
  }
  // The stack is the workspace's: named after the root's manifest (a virtual root has none: its folder's name).
  const root = await readImageMetadata(fs, detection.detector.id, path.basename(fs.root));
  const apps = workspaceApps(plans, workloadName(root.title));
  return { plan: apps[0]!.plan, apps, detection, changes, newEntries };
}
