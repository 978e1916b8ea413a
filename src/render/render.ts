import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEnvPlan, DataPlan, Plan } from '../plan/types.js';
import { templateSource, type TemplateSource } from './template-source.js';
import { OUTPUTS, type OutputSpec } from '../outputs/registry.js';
import { checkGeneratedYaml } from './yaml-guard.js';
import { composeAppEnvironment } from './compose-env.js';
import { singleApp, type AppPlan } from '../plan/apps.js';

/** A generated file: path relative to the project root and its full text. */
export interface GeneratedFile {
  path: string;
  text: string;
  /** The user's own file with our additions (their text kept as it is): merged on the first run too. */
  extendsExisting?: boolean;
}

/** The package's templates/ folder, found from this module whether it runs from src/ (tests) or dist/. */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'templates', 'compose')) && existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'templates');
    const up = path.dirname(dir);
    if (up === dir) throw new Error('create-dockerfile: templates/ folder not found next to the package; reinstall the package');
    dir = up;
  }
}

let engine: TemplateSource | undefined;
let version: string | undefined;

/** The package version, for the one output that must name it: the CI workflow runs the same version (`npx create-dockerfile@V`). */
function generatorVersion(): string {
  return (version ??= (JSON.parse(readFileSync(path.join(templatesDir(), '..', 'package.json'), 'utf8')) as { version: string }).version);
}

const NO_APP_ENV: AppEnvPlan = { compose: [], example: [], required: [], wired: [] };
const NO_DATA: DataPlan = { volume: null, dirs: [], tmpfs: [], env: [], found: [] };

/** What the templates see of one app: its plan with the derived fields, and its compose service's names and port. */
function appContext(app: AppPlan): Record<string, unknown> {
  const { plan } = app;
  const appEnvironment = composeAppEnvironment(plan);
  return {
    warnings: [], acceptedEol: [], composeAcceptedEol: [], appDir: null, ...plan,
    service: app.service, migrateService: app.migrateService, portVar: app.portVar, hostPort: app.hostPort,
    imageVar: app.portVar.replace(/_PORT$/, '_IMAGE'), migrateImageVar: app.portVar.replace(/_PORT$/, '_MIGRATE_IMAGE'), k8sDir: app.k8sDir, stackName: app.stackName,
    dockerfilePath: plan.appDir ? `${plan.appDir}/Dockerfile` : 'Dockerfile', generator: { name: 'create-dockerfile', version: generatorVersion() },
    appEnvironment, appEnv: plan.appEnv ?? NO_APP_ENV, appPassThrough: appEnvironment.some((v) => v.passThrough),
    migrate: plan.migrate ? { stage: false, push: false, interpolate: false, k8sCommand: null, usage: null, stageHolds: null, ...plan.migrate } : null, data: plan.data ?? NO_DATA,
    workload: plan.workload ?? { name: plan.k8s.name, tag: '0.1.0' },
    // docker stack deploy accepts only the list form (Swarm does not order start-up; it is there for readers).
    stackDependsOn: [...plan.serviceDetails.map((s) => s.name), ...(plan.migrate ? [app.migrateService] : [])],
    appDependsOn: [
      ...plan.serviceDetails.map((s) => ({ name: s.name, condition: 'service_healthy' })),
      ...(plan.migrate ? [{ name: app.migrateService, condition: 'service_completed_successfully' }] : []),
    ],
  };
}

/**
 * Renders every output the plan calls for (src/outputs/registry.ts), in registry order. Pure: same plan, same
 * bytes. The generator's version is left out of the output on purpose, so upgrading the tool does not make every
 * generated file differ; only the CI workflow names it, as it must run the version that generated the files.
 * `apps` are the compose file's app services: the plan's own app unless a workspace run passes several (with
 * `plan` then holding what they share: backing services, .dockerignore lines, .env.example entries). A row for
 * each app (the Kubernetes manifests) goes to the first app's folder for them (`k8s`, or `k8s/<service>`).
 */
export function render(plan: Plan, outputs: readonly OutputSpec[] = OUTPUTS, apps: readonly AppPlan[] = [singleApp(plan)]): GeneratedFile[] {
  const { compile } = (engine ??= templateSource(templatesDir()));
  const appContexts = apps.map(appContext);
  // One app (a run's, or a workspace app's own files): its own names; several: the shared plan's, the workspace's stack.
  const ctx = { ...appContext(apps.length === 1 ? apps[0]! : singleApp(plan)), stackName: apps[0]!.stackName, apps: appContexts, several: apps.length > 1,
    appPassThrough: appContexts.some((a) => a.appPassThrough),
    dataVolumes: apps.flatMap((a) => (a.plan.data?.volume ? [a.plan.data.volume.name] : [])) };
  const tidy = (s: string): string => s.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n*$/, '\n');
  const k8sDir = apps[0]?.k8sDir ?? 'k8s';
  const where = (o: OutputSpec): string => {
    if (o.inApp && plan.appDir) return `${plan.appDir}/${o.path}`;
    return o.eachApp ? o.path.replace(/^k8s\//, `${k8sDir}/`) : o.path;
  };
  const files = outputs.filter((o) => o.when(plan)).map((o) => ({ path: where(o), text: tidy(compile(o.template(plan))(ctx)) }));
  checkGeneratedYaml(files);
  return files;
}
