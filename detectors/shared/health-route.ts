/** Preference order when a project serves several health routes (any stack). */
const HEALTH_RANK = ['/health', '/healthz', '/api/health', '/api/healthz', '/healthcheck', '/health-check', '/livez', '/readyz', '/ping'];

/** A route's place in {@link HEALTH_RANK}; a trailing slash (Django style) sorts right after its plain twin. */
function rank(path: string): number {
  const slash = path.length > 1 && path.endsWith('/');
  const i = HEALTH_RANK.indexOf(slash ? path.slice(0, -1) : path);
  return (i === -1 ? HEALTH_RANK.length : i) * 2 + (slash ? 1 : 0);
}

/** The preferred health route among those found; ties keep the order they were found in (entry files first). */
export function preferredHealthRoute<T extends { value: string }>(found: readonly T[]): T | undefined {
  return [...found].sort((a, b) => rank(a.value) - rank(b.value))[0];
}
