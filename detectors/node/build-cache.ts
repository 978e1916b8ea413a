/** A framework build cache kept across builds in a BuildKit cache mount. */
export interface BuildCache {
  /** Absolute path the build writes the cache to: below the app's own folder in a workspace. */
  target: string;
  /** The mount's id: one per app, so apps built on the same builder never share (and overwrite) each other's cache. */
  id: string;
}

/** The build caches of one app and, for Next.js, the key file its build keeps in the cache. */
export interface BuildCachePlan {
  caches: BuildCache[];
  /**
   * Next.js: where the build keeps its Server Actions encryption key, inside the first cache mount; null otherwise.
   * Next folds that key into its webpack cache version and, inside a container, makes a new one on every build
   * (outside one it keeps it in .next/cache for 14 days), so without a kept key no build reuses the cache.
   */
  nextKeyFile: string | null;
}

/**
 * The cache mounts of a framework's build caches (paths relative to the app's folder, e.g. `.next/cache`).
 * @param caches    the framework's build caches
 * @param appDir    the workspace member's folder (`apps/web`), or '' at the root
 * @param appName   package.json `name`, for the mount id
 * @param framework the detected framework
 */
export function planBuildCaches(caches: string[], appDir: string, appName: string | undefined, framework: string | null): BuildCachePlan {
  const owner = cacheIdPart(appName) || cacheIdPart(appDir) || 'app';
  const planned = caches.map((c) => ({
    target: `/app/${appDir ? `${appDir}/` : ''}${c}`,
    id: `${cacheIdPart(c)}-${owner}`,
  }));
  const first = planned[0];
  return { caches: planned, nextKeyFile: framework === 'nextjs' && first ? `${first.target}/server-actions-key` : null };
}

/** A name reduced to what a cache id may hold without quoting (`@acme/web` -> `acme-web`, `.next/cache` -> `next-cache`). */
function cacheIdPart(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
}
