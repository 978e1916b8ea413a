import type { EnvVar, Plan } from '../plan/types.js';

/**
 * The app service's `environment:` in compose: the image's own ENV, then what each backing service hands the app,
 * then the app's own variables. One entry per name (the first source wins), so no source can repeat a key.
 */
export function composeAppEnvironment(plan: Plan): EnvVar[] {
  const seen = new Set<string>();
  const out: EnvVar[] = [];
  for (const v of [...plan.env, ...plan.serviceDetails.flatMap((s) => s.appEnvironment), ...(plan.appEnv?.compose ?? [])]) {
    if (seen.has(v.name)) continue;
    seen.add(v.name);
    out.push(v);
  }
  return out;
}
