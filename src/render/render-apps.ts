import { OUTPUTS, WORKSPACE_OUTPUTS } from '../outputs/registry.js';
import { sharedPlan, type AppPlan } from '../plan/apps.js';
import { render, type GeneratedFile } from './render.js';

/**
 * Renders a workspace run (`--workspace all`): each app's own outputs (its Dockerfile, in its folder; its
 * Kubernetes manifests in k8s/<service>/) from its plan, then the root's (.dockerignore, one compose file and one
 * Swarm stack with a service per app, .env.example, one CI pipeline building every image, the Kustomizations
 * over every app's manifests) from what the apps share. Pure, like {@link render}.
 */
export function renderApps(apps: readonly AppPlan[]): GeneratedFile[] {
  const own = OUTPUTS.filter((o) => o.inApp || o.eachApp);
  const root = [...OUTPUTS.filter((o) => !o.inApp && !o.eachApp), ...WORKSPACE_OUTPUTS];
  return [...apps.flatMap((app) => render(app.plan, own, [app])), ...render(sharedPlan(apps), root, apps)];
}
