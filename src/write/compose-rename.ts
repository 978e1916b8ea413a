import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { imageKind } from './compose-match.js';
import { credentialNotes, envFilesOf, fileSetting, type LeftCredential } from './compose-credential-notes.js';

/** A service's `environment:` as name -> value, from the mapping or the `NAME=value` list form. */
export function environmentOf(svc: unknown): Map<string, unknown> {
  const env = svc && typeof svc === 'object' ? (svc as Record<string, unknown>).environment : undefined;
  const out = new Map<string, unknown>();
  if (Array.isArray(env)) {
    for (const item of env) {
      const s = String(item);
      const eq = s.indexOf('=');
      out.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? null : s.slice(eq + 1));
    }
  } else if (env && typeof env === 'object') {
    for (const [k, v] of Object.entries(env)) out.set(k, v);
  }
  return out;
}

/** The same setting under the other name the mariadb image accepts (MARIADB_USER <-> MYSQL_USER). */
export function aliasOf(name: string): string | undefined {
  if (name.startsWith('MARIADB_')) return `MYSQL_${name.slice('MARIADB_'.length)}`;
  if (name.startsWith('MYSQL_')) return `MARIADB_${name.slice('MYSQL_'.length)}`;
  return undefined;
}

/** What an image does when the variable is unset: postgres' user and database default to `postgres`. */
function imageDefault(kind: string | undefined, name: string, env: Map<string, unknown>): string | undefined {
  if (kind !== 'postgres') return undefined;
  if (name === 'POSTGRES_USER') return 'postgres';
  if (name === 'POSTGRES_DB') return typeof env.get('POSTGRES_USER') === 'string' ? (env.get('POSTGRES_USER') as string) : 'postgres';
  return undefined;
}

/**
 * Their value (or their image's default) for each variable our matched service sets: our app's URLs then carry
 * their user, password and database, the ones their data volume was initialised with (`swaps`: our value ->
 * theirs). Variables they set (under either name, or as `NAME_FILE` from a secret), leave to their `env_file:` or
 * to the image's default are theirs: not added, not reported as differing (`drop`). Those we cannot know the value
 * of (a secret file, an env file we never read) keep our interpolation and are named in `notes`.
 */
function credentialSwaps(oursSvc: Record<string, unknown>, theirsSvc: Record<string, unknown>, service: string): { swaps: Map<string, string>; drop: string[]; notes: string[] } {
  const mine = environmentOf(oursSvc);
  const their = environmentOf(theirsSvc);
  const kind = imageKind(theirsSvc.image);
  const envFiles = envFilesOf(theirsSvc);
  const swaps = new Map<string, string>();
  const drop: string[] = [];
  const left: LeftCredential[] = [];
  for (const [name, value] of mine) {
    const alias = aliasOf(name);
    const names = alias ? [name, alias] : [name];
    const set = names.find((n) => their.has(n));
    // Postgres' database defaults to its user, so a user from a secret file decides the database too.
    const fileVar = set ? undefined : fileSetting(their, names) ?? (kind === 'postgres' && name === 'POSTGRES_DB' && !their.has('POSTGRES_USER') ? fileSetting(their, ['POSTGRES_USER']) : undefined);
    if (fileVar !== undefined || (set === undefined && envFiles.length > 0)) {
      drop.push(name);
      left.push({ name, ours: value, ...(fileVar ? { fileVar } : {}) });
      continue;
    }
    const theirs: unknown = set !== undefined ? their.get(set) : imageDefault(kind, name, their);
    if (theirs !== undefined) drop.push(name);
    if (typeof value === 'string' && value !== '' && (typeof theirs === 'string' || typeof theirs === 'number') && String(theirs) !== value) swaps.set(value, String(theirs));
  }
  return { swaps, drop, notes: credentialNotes(service, left, envFiles, aliasOf) };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `value` with service host names renamed and our credentials replaced by theirs (URL-encoded inside a URL). */
function rewriteValue(value: string, renames: Record<string, string>, swaps: Map<string, string>): string {
  let out = value;
  for (const [from, to] of Object.entries(renames)) {
    if (out === from) return to;
    // A host: after `@`, or right after `//` when a port, path or the end follows (`//user:pass@` is a user), or
    // inside go-sql-driver's `@tcp(host:port)`.
    out = out.replace(new RegExp(`(@)${escapeRe(from)}(?=$|[:/?])|(//)${escapeRe(from)}(?=$|[/?]|:\\d)|(@tcp\\()${escapeRe(from)}(?=[:)])`, 'g'), (_, at: string | undefined, slashes: string | undefined, tcp: string | undefined) => `${at ?? slashes ?? tcp}${to}`);
  }
  const url = out.includes('://');
  for (const [from, to] of swaps) {
    const put = url && !to.includes('${') ? encodeURIComponent(to) : to;
    // An interpolation is distinctive anywhere; a plain word (the mariadb user `app`) only as a URL's user or the whole value.
    if (from.includes('${')) out = out.split(from).join(put);
    else if (out === from) out = to;
    // go-sql-driver's DSN starts with its user (`app:...@tcp(`) and takes it as written.
    else out = out.replace(new RegExp(`(://)${escapeRe(from)}(?=[:@])`, 'g'), `$1${put}`).replace(new RegExp(`^${escapeRe(from)}(?=[:@].*@tcp\\()`), to);
  }
  return out;
}

/**
 * Renames our services to the names of theirs they were matched to, in place: the `services:` keys, `depends_on`
 * entries, host names in environment values (`postgres://...@postgres:5432` -> `@db:5432`, `DB_HOST: postgres`)
 * and, for a matched database, our credentials in the other services' values and healthchecks (their
 * `POSTGRES_USER`, or the image's default `postgres` when they set none). Returns one line for each credential
 * left to their `env_file:` or secret file, whose value our URLs cannot carry.
 */
export function renameServices(doc: Document, renames: Record<string, string>, theirs: Record<string, Record<string, unknown>>): string[] {
  const services = doc.get('services', true);
  if (!isMap(services)) return [];
  const notes: string[] = [];
  const plain = services.toJSON() as Record<string, Record<string, unknown>>;
  const swapsBy = new Map<string, Map<string, string>>();
  // Matched by evidence or by name alike: their database's settings are the ones its volume was initialised with.
  const matched = Object.keys(plain).map((mine) => [mine, renames[mine] ?? mine] as const).filter(([, their]) => Object.hasOwn(theirs, their));
  for (const [mine, their] of matched) {
    if (!plain[mine] || !theirs[their] || !imageKind(theirs[their]!.image)) continue;
    const { swaps, drop, notes: own } = credentialSwaps(plain[mine]!, theirs[their]!, their);
    notes.push(...own);
    swapsBy.set(their, swaps);
    const env = services.getIn([mine, 'environment'], true);
    if (isMap(env)) for (const name of drop) env.delete(name);
    // All left to them (an env_file): no empty `environment: {}` is added to their service.
    if (isMap(env) && env.items.length === 0) services.deleteIn([mine, 'environment']);
  }
  const swaps = new Map([...swapsBy.values()].flatMap((m) => [...m]));
  // Only the hosts of databases and caches are named in values; the app's name (`app`) may also be a user name.
  const hosts = Object.fromEntries(Object.entries(renames).filter(([mine]) => imageKind(plain[mine]?.image) !== undefined));
  for (const pair of services.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (Object.hasOwn(renames, name)) pair.key.value = renames[name];
  }
  for (const pair of services.items) {
    const own = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!isMap(pair.value)) continue;
    renameDependsOn(pair.value, renames);
    // A matched database's own settings stay ours to compare with theirs; its healthcheck uses their credentials.
    const targets = [...(swapsBy.has(own) ? [] : [pair.value.get('environment', true)]), pair.value.getIn(['healthcheck', 'test'], true)];
    for (const node of targets) {
      const scalars = isMap(node) ? node.items.map((p) => p.value) : isSeq(node) ? node.items : [];
      for (const s of scalars) if (isScalar(s) && typeof s.value === 'string') s.value = rewriteValue(s.value, hosts, swaps);
    }
  }
  return notes;
}

function renameDependsOn(svc: YAMLMap, renames: Record<string, string>): void {
  const deps = svc.get('depends_on', true);
  const items = isMap(deps) ? deps.items.map((p) => p.key) : isSeq(deps) ? deps.items : [];
  for (const item of items) {
    if (isScalar(item) && typeof item.value === 'string' && Object.hasOwn(renames, item.value)) item.value = renames[item.value];
  }
}
