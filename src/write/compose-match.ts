import path from 'node:path';

/** A compose `services:` section as plain data. */
export type ServiceMap = Record<string, Record<string, unknown>>;

/** Which of their services stand for ours, and what we add beside theirs although it looks like one of them. */
export interface ServiceMatch {
  /** Our service name -> their service name (only where the names differ). */
  renames: Record<string, string>;
  /** One line per service of ours added beside a service of theirs of the same kind (two databases, two apps). */
  clashes: string[];
}

/** What a backing service is, by image repository; anything else is no kind. */
const KINDS: Record<string, string> = {
  postgres: 'postgres', postgresql: 'postgres', postgis: 'postgres', timescaledb: 'postgres', 'timescaledb-ha': 'postgres',
  mysql: 'mysql', mariadb: 'mysql', percona: 'mysql', 'percona-server': 'mysql',
  redis: 'redis', valkey: 'redis', keydb: 'redis', 'redis-stack': 'redis', 'redis-stack-server': 'redis',
  mongo: 'mongo', mongodb: 'mongo', 'mongodb-community-server': 'mongo',
};

/** Names people give the one database or cache of their app; preferred when several services have its image. */
const USUAL_NAMES = new Set(['db', 'database', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'redis', 'cache', 'mongo', 'mongodb', 'valkey']);

/** Names of the app's own service, preferred when several services build the project. */
const APP_NAMES = new Set(['app', 'web', 'api', 'backend', 'server', 'django', 'flask', 'site', 'service']);

/**
 * A name part that says a service is another database than the app's: a test or CI database, a replica, a backup.
 * Such a service is never taken for ours, even with the same image.
 */
const OTHER_PURPOSE = /^(test|tests|testing|e2e|ci|shadow|replica|standby|backup|bench|benchmark)$/;

/** An image reference's repository name without registry, namespace, tag or digest (`ghcr.io/acme/shop:1.2` -> `shop`). */
function repoName(image: unknown): string | undefined {
  return typeof image === 'string' ? image.split('@')[0]!.split('/').pop()!.split(':')[0]!.toLowerCase() : undefined;
}

/** The kind of a compose `image:` (`docker.io/library/postgres:16-alpine` -> postgres), or undefined. */
export function imageKind(image: unknown): string | undefined {
  const repo = repoName(image);
  return repo !== undefined && Object.hasOwn(KINDS, repo) ? KINDS[repo] : undefined;
}

/** `build:` as context + Dockerfile path relative to the compose file's folder, or undefined without one. */
export function buildTarget(build: unknown): { context: string; dockerfile: string } | undefined {
  const spec = typeof build === 'string' ? { context: build } : build && typeof build === 'object' ? (build as Record<string, unknown>) : undefined;
  if (!spec) return undefined;
  const context = path.posix.normalize(typeof spec.context === 'string' && spec.context !== '' ? spec.context : '.').replace(/\/$/, '') || '.';
  const dockerfile = typeof spec.dockerfile === 'string' ? spec.dockerfile : 'Dockerfile';
  return { context, dockerfile: path.posix.normalize(path.posix.join(context, dockerfile)) };
}

function dependsOn(svc: Record<string, unknown>): string[] {
  const d = svc.depends_on;
  if (Array.isArray(d)) return d.map(String);
  return d && typeof d === 'object' ? Object.keys(d) : [];
}

const isOneShot = (name: string, svc: Record<string, unknown>): boolean => svc.restart === 'no' || /migrat/.test(name) || /migrat/.test(JSON.stringify(svc.command ?? ''));

/**
 * Their long-running services building the context (and so the project) our app builds; without one, the service
 * running an image named after the project (`image: go-clean-arch` in the go-clean-arch folder, built by hand).
 */
function appCandidates(ourApp: Record<string, unknown>, theirs: ServiceMap, taken: Set<string>, projectName: string | undefined): string[] {
  const ours = buildTarget(ourApp.build);
  if (!ours) return [];
  const open = Object.keys(theirs).filter((n) => !taken.has(n) && !isOneShot(n, theirs[n]!));
  const same = open.filter((n) => buildTarget(theirs[n]!.build)?.context === ours.context);
  if (same.length === 0 && projectName) {
    const named = open.filter((n) => theirs[n]!.build === undefined && repoName(theirs[n]!.image) === projectName.toLowerCase());
    return named.length === 1 ? named : [];
  }
  if (same.length <= 1) return same;
  // Several services build the project (web, worker): the one building our Dockerfile, publishing a port, named like an app.
  for (const narrow of [
    (n: string) => buildTarget(theirs[n]!.build)?.dockerfile === ours.dockerfile,
    (n: string) => Array.isArray(theirs[n]!.ports) && (theirs[n]!.ports as unknown[]).length > 0,
    (n: string) => APP_NAMES.has(n.toLowerCase()),
  ]) {
    const kept = same.filter(narrow);
    if (kept.length === 1) return kept;
  }
  return same;
}

/** Their services with the image kind of ours that may be ours: not a test database, not another service's own. */
function backingCandidates(kind: string, theirs: ServiceMap, taken: Set<string>, theirApp: string | undefined): { fit: string[]; other: string[] } {
  const all = Object.keys(theirs).filter((n) => !taken.has(n) && imageKind(theirs[n]!.image) === kind);
  const appUses = new Set(theirApp ? dependsOn(theirs[theirApp]!) : []);
  const other = all.filter((n) => {
    if (n.toLowerCase().split(/[-_.]/).some((part) => OTHER_PURPOSE.test(part))) return true;
    // Used by another of their services and not by the app: that service's database (keycloak-db).
    const users = Object.keys(theirs).filter((u) => u !== n && dependsOn(theirs[u]!).includes(n));
    return users.length > 0 && !appUses.has(n) && !users.some((u) => u === theirApp);
  });
  let fit = all.filter((n) => !other.includes(n));
  if (fit.length > 1 && theirApp) {
    const used = fit.filter((n) => appUses.has(n));
    if (used.length === 1) fit = used;
  }
  if (fit.length > 1) {
    const usual = fit.filter((n) => USUAL_NAMES.has(n.toLowerCase()));
    if (usual.length === 1) fit = usual;
  }
  return { fit, other };
}

/**
 * Matches our services to theirs by evidence, never by a guess: a service of theirs under our name is ours; the app
 * is their long-running service building the same context (or, with none, the one running an image named after the
 * project folder, `projectName`); a database or cache is their service with an image of the
 * same kind (postgres, mysql/mariadb, redis/valkey, mongo) that the app depends on, or the only one, or the only one
 * with a usual name (db, cache...). A service of that kind whose name says another purpose (test-db, db-replica) or
 * that only another service uses (keycloak-db) stays theirs alone. `recorded` (the state file's earlier matches)
 * wins while both names still exist.
 */
export function matchServices(ours: ServiceMap, theirs: ServiceMap, recorded: Record<string, string> = {}, projectName?: string): ServiceMatch {
  const renames: Record<string, string> = {};
  const clashes: string[] = [];
  const taken = new Set(Object.keys(ours).filter((n) => Object.hasOwn(theirs, n)));
  for (const [mine, their] of Object.entries(recorded)) {
    if (Object.hasOwn(ours, mine) && !taken.has(mine) && Object.hasOwn(theirs, their) && !taken.has(their)) {
      renames[mine] = their;
      taken.add(their);
    }
  }
  const open = (n: string): boolean => !Object.hasOwn(theirs, n) && !Object.hasOwn(renames, n);
  // The app first: which database it depends on decides between several.
  const appName = Object.keys(ours).find((n) => ours[n]!.build !== undefined && !isOneShot(n, ours[n]!));
  if (appName && open(appName)) {
    const found = appCandidates(ours[appName]!, theirs, taken, projectName);
    if (found.length === 1) {
      renames[appName] = found[0]!;
      taken.add(found[0]!);
    } else if (found.length > 1) {
      clashes.push(`${appName} added beside your ${found.join(', ')} (each builds the project; name the app's service "${appName}" to merge into it)`);
    }
  }
  const theirApp = appName ? (renames[appName] ?? (Object.hasOwn(theirs, appName) ? appName : undefined)) : undefined;
  for (const name of Object.keys(ours)) {
    const kind = imageKind(ours[name]!.image);
    if (!kind || !open(name)) continue;
    const { fit, other } = backingCandidates(kind, theirs, taken, theirApp);
    if (fit.length === 1) {
      renames[name] = fit[0]!;
      taken.add(fit[0]!);
    } else if (fit.length > 1) {
      clashes.push(`${name} added beside your ${fit.join(', ')} (same ${kind} image; name the one the app uses "${name}" or make the app depend on it)`);
    } else if (other.length > 0) {
      clashes.push(`${name} added beside your ${other.join(', ')} (same ${kind} image, but for another purpose or service)`);
    }
  }
  return { renames, clashes };
}
