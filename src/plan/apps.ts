import path from 'node:path';
import type { Plan, ServicePlan } from './types.js';
import { SERVICE_NAMES } from '../../detectors/shared/services.js';
import { MAX_WORKLOAD, workloadName } from './workload.js';

/** The `--workspace` value asking for every deployable app of a workspace (one Dockerfile each, one compose file). */
export const EVERY_APP = 'all';

/**
 * One app of a run: its compose service, the host port compose publishes it on, and its plan. A single-app run has
 * one (service `app`, `APP_PORT`); `--workspace all` has one per deployable workspace member.
 */
export interface AppPlan {
  /** Compose service name (`web` for apps/web): unique in the run, never a backing service's or `migrate`. */
  service: string;
  /** Compose service of the app's one-shot migrations (`migrate`, `web-migrate`). */
  migrateService: string;
  /** Variable choosing the host port in compose and .env.example (`APP_PORT`, `WEB_PORT`). */
  portVar: string;
  /** Default host port: the app's own port, moved up past a port an earlier app already publishes. */
  hostPort: number;
  /** Folder of the app's Kubernetes manifests (`k8s`; `k8s/web` in a workspace run, each app its own set). */
  k8sDir: string;
  /** Name of the Swarm stack the app is deployed in: the app's own, or the workspace's for every app. */
  stackName: string;
  plan: Plan;
}

/** The one app of a run whose project root (or chosen member) is the app. */
export function singleApp(plan: Plan): AppPlan {
  return { service: 'app', migrateService: 'migrate', portVar: 'APP_PORT', hostPort: plan.port, k8sDir: 'k8s', stackName: plan.workload?.name ?? plan.k8s.name, plan };
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
// `overlays`: k8s/overlays/ holds the workspace's production overlay, next to each app's k8s/<service>/.
const RESERVED = new Set<string>(['app', 'migrate', 'overlays', ...SERVICE_NAMES]);

/**
 * The apps of a `--workspace all` run, in the order given: each named after its folder (`apps/web` -> `web`; the
 * whole path when two folders share a name or the name is a backing service's), each published on its own host
 * port, and each app's data volume named after its service so two apps never share one by accident. Two apps
 * whose manifests share a name (`@a/web`, `@b/web`) get their service's, so their images and Kubernetes objects
 * never collide. `stackName` names the workspace (its root manifest's name) for the Swarm stack.
 */
export function workspaceApps(plans: Plan[], stackName = 'app'): AppPlan[] {
  const taken = new Set<string>();
  const ports = new Set<number>();
  const workloads = new Set<string>();
  return plans.map((plan) => {
    const dir = plan.appDir ?? '.';
    let service = slug(path.posix.basename(dir));
    if (taken.has(service) || RESERVED.has(service)) service = slug(dir);
    for (let i = 2, first = service; taken.has(service) || RESERVED.has(service); i++) service = `${first}-${i}`;
    taken.add(service);
    let hostPort = plan.port;
    while (ports.has(hostPort)) hostPort++;
    ports.add(hostPort);
    const upper = service.toUpperCase().replace(/-/g, '_');
    const data = plan.data?.volume ? { ...plan.data, volume: { ...plan.data.volume, name: `${service}-data` } } : plan.data;
    const named = uniqueWorkload(plan, service, workloads);
    return {
      service,
      migrateService: `${service}-migrate`,
      portVar: `${/^[0-9]/.test(upper) ? 'APP_' : ''}${upper}_PORT`,
      hostPort,
      k8sDir: `k8s/${service}`,
      stackName,
      plan: data === plan.data ? named : { ...named, data },
    };
  });
}

/** The plan with a workload (image and Kubernetes objects') name no earlier app has: its own, else from its service. */
function uniqueWorkload(plan: Plan, service: string, taken: Set<string>): Plan {
  const own = plan.workload?.name ?? plan.k8s.name;
  let name = own;
  if (taken.has(name)) name = workloadName(service);
  for (let i = 2, first = name.slice(0, MAX_WORKLOAD - 3); taken.has(name); i++) name = `${first}-${i}`;
  taken.add(name);
  if (name === own) return plan;
  return { ...plan, workload: { name, tag: plan.workload?.tag ?? '0.1.0' }, k8s: { ...plan.k8s, name } };
}

/**
 * The backing services every app needs, each once: the first app to need one decides its image and settings (the
 * apps share it, as they share the workspace), in first-seen order.
 */
export function sharedServices(apps: readonly AppPlan[]): ServicePlan[] {
  const byName = new Map<string, ServicePlan>();
  for (const { plan } of apps) for (const s of plan.serviceDetails) if (!byName.has(s.name)) byName.set(s.name, s);
  return [...byName.values()];
}

/** Each item once (by `key`), in first-seen order. */
function unique<T>(items: readonly T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    if (seen.has(key(item))) continue;
    seen.add(key(item));
    out.push(item);
  }
  return out;
}

/**
 * What the apps of a workspace run share, as one plan for the files at the root: the first app's plan with every
 * app's backing services (once each), .dockerignore lines and .env.example entries (once per variable: compose
 * reads one .env for every service).
 */
export function sharedPlan(apps: readonly AppPlan[]): Plan {
  const plans = apps.map((a) => a.plan);
  const first = plans[0]!;
  const serviceDetails = sharedServices(apps);
  const env = plans.map((p) => p.appEnv).filter((e) => e !== undefined);
  const ignores = unique(plans.flatMap((p) => p.dockerignore));
  return {
    ...first,
    services: serviceDetails.map((s) => s.name),
    serviceDetails,
    // Re-includes (`!.yarnrc.yml`) last, as in each app's own list, so no other app's exclusion follows them.
    dockerignore: [...ignores.filter((l) => !l.startsWith('!')), ...ignores.filter((l) => l.startsWith('!'))],
    composeAcceptedEol: unique(plans.flatMap((p) => p.composeAcceptedEol ?? [])),
    ...(env.length ? {
      appEnv: {
        compose: [],
        example: unique(env.flatMap((e) => e.example), (l) => l.name),
        required: unique(env.flatMap((e) => e.required)),
        wired: unique(env.flatMap((e) => e.wired)),
      },
    } : {}),
  };
}
