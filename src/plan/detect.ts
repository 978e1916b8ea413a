import path from 'node:path';
import type { ProjectFs } from '../fs/project-fs.js';
import { scopedFs } from '../fs/scoped-fs.js';
import type { Answers } from './answers.js';
import type { Plan } from './types.js';
import type { Detector, Evidence } from '../../detectors/types.js';
import { DETECTORS } from '../../detectors/index.js';
import { UserError } from '../errors.js';
import { validatePlan } from './validate.js';
import { finishPlan } from './ending.js';
import { withAppEnv } from '../../detectors/shared/env/index.js';
import { readImageMetadata } from '../../detectors/shared/image-metadata.js';
import { keepServiceVersions } from './service-majors.js';
import { workloadOf } from './workload.js';
import { withAppSecrets, withDataDir } from './k8s.js';
import { k8sServices } from './k8s-services.js';

/** The outcome of detection: the chosen detector, why, and what else matched. */
export interface Detection {
  detector: Detector;
  evidence: Evidence | undefined;
  candidates: Evidence[];
}

/**
 * Finds the stack: `--stack` decides, and then only that detector looks at the project (another stack's broken
 * manifest, e.g. a tooling package.json beside go.mod, must not stop a run that named its stack). Otherwise the
 * strongest evidence wins, ties to the earlier registry entry.
 */
export async function detectStack(fs: ProjectFs, answers: Answers, registry: readonly Detector[] = DETECTORS): Promise<Detection> {
  if (answers.stack !== undefined) {
    const detector = registry.find((d) => d.id === answers.stack);
    if (!detector) throw new UserError(`--stack: unknown stack "${answers.stack}"; choose one of ${registry.map((d) => d.id).join(', ')}`);
    const evidence = await detector.detect(fs);
    return { detector, evidence, candidates: evidence ? [evidence] : [] };
  }
  const candidates: Evidence[] = [];
  for (const d of registry) {
    const e = await d.detect(fs);
    if (e) candidates.push(e);
  }
  const best = [...candidates].sort((a, b) => b.weight - a.weight)[0];
  if (!best) {
    const manifests = registry.flatMap((d) => d.manifests).join(', ');
    throw new UserError(`${fs.root}: no recognisable stack (looked for ${manifests}); run in the project root, or pass --cwd DIR or --stack`);
  }
  return { detector: registry.find((d) => d.id === best.stack)!, evidence: best, candidates };
}

/**
 * Detects (unless a `detection` of this project with these answers' stack is given) and plans, with the plan
 * validated.
 */
export async function buildPlan(fs: ProjectFs, answers: Answers, registry?: readonly Detector[], given?: Detection): Promise<{ plan: Plan; detection: Detection }> {
  const detection = given ?? await detectStack(fs, answers, registry);
  // Kept database releases first: the app's env wiring then sees the services as they will run.
  const plan = validatePlan(await withAppEnv(fs, await keepServiceVersions(fs, finishPlan(await detection.detector.plan(fs, answers), answers)), answers.dataDir));
  const rootMeta = await readImageMetadata(fs, plan.stack, path.basename(fs.root));
  // A workspace member's own manifest names the image (a virtual root has no name); what it lacks is the root's.
  const own = plan.appDir ? await readImageMetadata(scopedFs(fs, plan.appDir), plan.stack, rootMeta.title) : undefined;
  plan.metadata = own ? { ...own, licenses: own.licenses || rootMeta.licenses, description: own.description || rootMeta.description, source: own.source || rootMeta.source } : rootMeta;
  // Objects and the image are named after the app (its manifest's name), so two apps can share a namespace.
  plan.workload = workloadOf(plan.metadata);
  plan.k8s = { ...withDataDir(withAppSecrets(plan.k8s, plan.appEnv), plan.data), name: plan.workload.name, services: answers.k8sServices ? k8sServices(plan.serviceDetails) : [] };
  if (detection.candidates.length > 1) {
    const others = detection.candidates.filter((c) => c.stack !== detection.detector.id).map((c) => `${c.stack} (${c.reason})`);
    plan.notes.unshift(`stack ${detection.detector.id} chosen (strongest evidence: ${detection.evidence?.reason ?? '?'}) over ${others.join(', ')}; pass --stack to choose`);
  }
  return { plan, detection };
}
