import type { AppEnvPlan, EnvExampleLine, EnvVar, Plan } from '../../../src/plan/types.js';
import type { AppVariable } from './collect.js';
import { serviceValue } from './service-wiring.js';
import { isEnvExampleFile } from './env-files.js';

const required = (name: string): string => `\${${name}:?set ${name} in .env (see .env.example)}`;
// A default that compose can carry inside `${NAME:-default}` (no `$`, braces, quotes or backslashes).
const SAFE_DEFAULT = /^[^${}"\\\n]*$/;
/** Switches with which apps migrate their own schema at start (miniflux's RUN_MIGRATIONS=1 and the like). */
export const MIGRATION_SWITCH = /^(RUN_MIGRATIONS|AUTO_MIGRATE|DB_AUTO_MIGRATE|MIGRATE_ON_START|RUN_MIGRATIONS_ON_START(UP)?|DATABASE_AUTO_MIGRATE)$/;
/**
 * Values for platform variables the code refuses to start without (`env:"TZ,required"`): the image sets none, so
 * compose passes this default, overridable from .env.
 */
const PLATFORM_DEFAULTS: Record<string, string> = { TZ: 'UTC', LANG: 'C.UTF-8' };

/**
 * Turns the collected variables into compose entries and .env.example lines. Variables a service provides are
 * wired from it; required ones (see `isRequired`: secrets the code reads without a default, and what the code
 * requires) become `${NAME:?...}` references with an empty example line; others keep their example or default value
 * (`${NAME:-value}`, overridable from .env); one with no value is listed commented out and passed through
 * (`NAME:` with no value: set in the container only when .env or the shell sets it).
 */
export function appEnvPlan(vars: AppVariable[], plan: Pick<Plan, 'env' | 'serviceDetails'>): AppEnvPlan {
  const taken = new Set([...plan.env.map((v) => v.name), ...plan.serviceDetails.flatMap((s) => s.appEnvironment.map((v) => v.name))]);
  const compose: EnvVar[] = [];
  const example: EnvExampleLine[] = [];
  const must: string[] = [];
  const hasDatabase = plan.serviceDetails.some((s) => s.name === 'postgres' || s.name === 'mysql');
  const wiredNames: string[] = [];
  const serviceSecrets = new Set(plan.serviceDetails.flatMap((s) => s.secrets));
  for (const found of vars) {
    // A platform variable is the image's, unless the code demands it and nothing here sets it.
    if ((found.platform && !found.requiredByCode) || taken.has(found.name)) continue;
    const fallback = found.platform && found.value === undefined ? PLATFORM_DEFAULTS[found.name] : undefined;
    const v = fallback !== undefined ? { ...found, value: fallback, required: false } : found;
    // A service's own secret (POSTGRES_PASSWORD) listed only in an example env file, ours from an earlier run
    // included, is the service's: the app gets it only when its code reads it (a re-run must not add it).
    if (serviceSecrets.has(v.name) && v.sources.every(isEnvExampleFile)) continue;
    taken.add(v.name);
    // File names come from the project: a control character must not break the comment line.
    const source = v.sources.slice(0, 2).join(', ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
    if (MIGRATION_SWITCH.test(v.name) && hasDatabase && !v.secret) {
      // The app migrates its own schema at start when told to: tell it (rather than run a migrate service).
      compose.push({ name: v.name, value: `\${${v.name}:-1}`, interpolate: true });
      example.push({ name: v.name, value: '1', source });
      continue;
    }
    const wired = serviceValue(v.name, plan.serviceDetails, v.role);
    if (wired) {
      compose.push(wired.value);
      wiredNames.push(`${v.name} (${wired.service})`);
      continue;
    }
    if (v.required) {
      compose.push({ name: v.name, value: required(v.name), interpolate: true });
      example.push({ name: v.name, value: '', source });
      must.push(v.name);
    } else if (v.value !== undefined) {
      compose.push(SAFE_DEFAULT.test(v.value) ? { name: v.name, value: `\${${v.name}:-${v.value}}`, interpolate: true } : { name: v.name, value: v.value });
      example.push({ name: v.name, value: v.value, source, ...(v.value === '' ? { optional: true } : {}) });
    } else {
      // Passed only when the user sets it: `${NAME:-}` would hand the app an empty string instead of leaving it unset.
      compose.push({ name: v.name, value: '', passThrough: true });
      example.push({ name: v.name, value: '', source, optional: true });
    }
  }
  return { compose, example, required: must, wired: wiredNames };
}
