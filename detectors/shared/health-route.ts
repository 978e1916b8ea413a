/** Preference order when a project serves several health routes (any stack). */
const HEALTH_RANK = ['/health', '/healthz', '/api/health', '/api/healthz', '/healthcheck', '/health-check', '/livez', '/readyz', '/ping'];
/** Beyond the list: by the last word of the path, then shorter paths first. */
const WORD_RANK = ['health', 'healthz', 'healthcheck', 'health-check', 'health_check', '_health', 'livez', 'live', 'liveness', 'readyz', 'ready', 'readiness', 'alive', 'heartbeat', 'ping', 'status'];

/** A route's place in {@link HEALTH_RANK}; a trailing slash (Django style) sorts right after its plain twin. */
function rank(path: string): number {
  const slash = path.length > 1 && path.endsWith('/');
  const plain = slash ? path.slice(0, -1) : path;
  const i = HEALTH_RANK.indexOf(plain);
  if (i !== -1) return i * 2 + (slash ? 1 : 0);
  const word = WORD_RANK.indexOf(plain.slice(plain.lastIndexOf('/') + 1));
  const depth = plain.split('/').length;
  return 1000 + (word === -1 ? WORD_RANK.length : word) * 100 + depth * 2 + (slash ? 1 : 0);
}

/** The preferred health route among those found; ties keep the order they were found in (entry files first). */
export function preferredHealthRoute<T extends { value: string; readiness?: boolean }>(found: readonly T[]): T | undefined {
  // A route the app names as its readiness probe says when it can serve: what a container health check asks.
  return [...found].sort((a, b) => Number(Boolean(b.readiness)) - Number(Boolean(a.readiness)) || rank(a.value) - rank(b.value))[0];
}

/** Path segments that name a health endpoint (any stack). */
export const HEALTH_WORD = String.raw`(?:healthz?|health[-_]check|healthcheck|_health|livez?|liveness|readyz?|readiness|alive|ping|status|heartbeat)`;

/** One readable source file. */
export interface SourceText {
  file: string;
  text: string;
}
