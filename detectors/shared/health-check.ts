import type { HealthcheckPlan } from '../../src/plan/types.js';

/**
 * What the HEALTHCHECK asks of the app, decided the same way for every stack.
 *
 * - `route`: a health route found with confidence (a platform config naming it, a route file, a route registered
 *   in the source with its prefixes resolved) must answer 2xx/3xx.
 * - `answers`: no health route, or one found with low confidence (a bare string, a router mounted where we cannot
 *   see): the server only has to answer HTTP. Any status below 500 counts as alive, so an API without `/` (404),
 *   an app behind auth (401/403) or one under a global prefix still turns healthy; 5xx and no answer fail.
 */
export type HealthSemantics = HealthcheckPlan['semantics'];

/** A health route found somewhere in the project, and how sure we are that it is one. */
export interface HealthFinding {
  value: string;
  /** Where it was found, e.g. `fly.toml` or `src/app.ts`. */
  file: string;
  /** False for a bare string, or a route under a router whose mount prefix could not be resolved. */
  confident: boolean;
  /** Its handler is named as a readiness probe (`readinessProbe`, `handleReady`): preferred over liveness routes. */
  readiness?: boolean;
}

/** The probe's target and semantics, with the reason shown in the summary and the Dockerfile. */
export interface HealthDecision {
  path: string;
  semantics: HealthSemantics;
  /** Where the path came from, e.g. `fly.toml [http_service.checks]`, or why there is none. */
  reason: string;
}

/** Statuses at or above this fail the probe: 400 for a health route, 500 for "the server answers". */
export function statusBelow(semantics: HealthSemantics): number {
  return semantics === 'route' ? 400 : 500;
}

/**
 * The fixed order of evidence: a platform config naming the health path (the authors deployed with it), else the
 * route found in the source (route files and registrations with resolved prefixes), else a Kubernetes probe path,
 * else `/` with "answers". A low-confidence source route yields to a Kubernetes probe.
 */
export function decideHealth(platform: HealthFinding | undefined, source: HealthFinding | undefined, k8s?: HealthFinding): HealthDecision {
  const found = platform ?? (source?.confident ? source : k8s ?? source);
  if (!found) return { path: '/', semantics: 'answers', reason: 'no health route found' };
  return found.confident
    ? { path: found.value, semantics: 'route', reason: found.file }
    : { path: found.value, semantics: 'answers', reason: `low-confidence route in ${found.file}` };
}

/** The summary note for a decision. */
export function healthNote(d: HealthDecision): string {
  if (d.semantics === 'route') return `health path ${d.path}: ${d.reason}; must answer 2xx/3xx`;
  return `health path ${d.path}: ${d.reason}; the check only needs the server to answer (any HTTP status below 500); add a health route (e.g. GET /health answering 200) for a real check`;
}

/** The plan's healthcheck for a decision, the probe command built for it and the port variable it reads. */
export function healthcheckPlan(d: HealthDecision, cmd: string[], portVar: string | null): HealthcheckPlan {
  return { path: d.path, cmd, semantics: d.semantics, reason: d.reason, portVar };
}
