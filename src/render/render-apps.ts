import { OUTPUTS } from '../outputs/registry.js';
import { sharedPlan, type AppPlan } from '../plan/apps.js';
import { render, type GeneratedFile } from './render.js';

/**
 * Renders a workspace run (`--workspace all`): each app's own outputs (its Dockerfile, in its folder) from its plan,
 * then the root's (.dockerignore, one compose file with a service per app, .env.example) from what the apps share.
 * Pure, like {@link render}.
 */
export function renderApps(apps: readonly AppPlan[]): GeneratedFile[] {
  const own = OUTPUTS.filter((o) => o.inApp);
  const root = OUTPUTS.filter((o) => !o.inApp);
  return [...apps.flatMap((app) => render(app.plan, own, [app])), ...render(sharedPlan(apps), root, apps)];
}
