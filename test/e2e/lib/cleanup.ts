import { rm } from 'node:fs/promises';
import { composeDown, sweepProject, type ComposeProject } from './compose.js';
import { docker } from './exec.js';

/** Every name the suite gives a container, image or compose project starts with this. */
export const PREFIX = 'cdf-e2e';

/**
 * What one fixture created; `release()` removes all of it and never throws, so it can run
 * in afterAll whatever state the tests left behind.
 */
export class Resources {
  readonly containers = new Set<string>();
  readonly images = new Set<string>();
  readonly dirs = new Set<string>();
  readonly projects = new Map<string, { project: ComposeProject; appImage: string | undefined }>();

  /** Removes containers, compose projects, images and temp dirs, in that order. */
  async release(): Promise<void> {
    const errors: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        errors.push(`${what}: ${String(err)}`);
      }
    };
    for (const ctr of this.containers) await attempt(`container ${ctr}`, () => docker(['rm', '-f', '-v', ctr]));
    for (const { project, appImage } of this.projects.values()) {
      await attempt(`project ${project.name}`, () => composeDown(project, appImage));
    }
    if (this.images.size) await attempt('images', () => docker(['rmi', '-f', ...this.images]));
    for (const dir of this.dirs) await attempt(`dir ${dir}`, () => rm(dir, { recursive: true, force: true }));
    this.containers.clear();
    this.projects.clear();
    this.images.clear();
    this.dirs.clear();
    if (errors.length) console.warn(`e2e cleanup: ${errors.join('; ')}`);
  }
}

/**
 * Last line of defence after the whole run: removes containers, compose projects and images whose
 * names carry this run's id. Only names this run made can match, so other work on the engine is safe.
 */
export async function sweepRun(runId: string): Promise<void> {
  const ctrs = await docker(['ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Label "com.docker.compose.project"}}']);
  const projects = new Set<string>();
  const stale: string[] = [];
  for (const line of ctrs.stdout.split('\n').filter(Boolean)) {
    const [id, names = '', project = ''] = line.split(' ');
    if (project.includes(runId)) projects.add(project);
    else if (id && names.startsWith(PREFIX) && names.includes(runId)) stale.push(id);
  }
  if (stale.length) await docker(['rm', '-f', '-v', ...stale]);
  for (const project of projects) await sweepProject(project);
  const imgs = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}']);
  const ours = imgs.stdout
    .split('\n')
    .filter((ref) => ref.startsWith(PREFIX) && ref.includes(runId));
  if (ours.length) await docker(['rmi', '-f', ...ours]);
}
