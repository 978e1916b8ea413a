import path from 'node:path';
import type { SourceText } from '../shared/health-route.js';

/**
 * Where routers are mounted in a Node project: `app.use('/api', router)`, `router.use('/v1', sub)`, Hono
 * `app.route('/api', sub)`, Fastify `register(plugin, { prefix })`, Koa `app.use(router.routes())`, with the router
 * named by an import (`import`, `require`, a destructured or inline `require`, a `@/`, `~/` or `#` alias), declared in
 * the same file, or built by a factory call (`routes()`); middleware before the router is skipped.
 */

/** One mount: `receiver.use(prefix, ident)` in `file`, the mounted router living in `target` (a file without extension). */
export interface Mount {
  prefix: string;
  file: string;
  /** The object `.use` is called on (`app`, `router`); empty when it is not a plain name (`express().use`). */
  receiver: string;
  ident: string;
  target: string;
  /** The export mounted when the import is a module of several (`routes.api`): `api`. */
  member?: string;
}

const IMPORT = /\bimport\s+(?:([A-Za-z_$][\w$]*)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+([A-Za-z_$][\w$]*))?\s*from\s+['"]([^'"]+)['"]|\b(?:const|let|var)\s+(?:([A-Za-z_$][\w$]*)|\{([^}]*)\})\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)/g;
// One argument a mount may take: an inline require, a name, a member (`routes.router`, `sub.routes()`), a call with no
// arguments (`cors()`, `routes()`). A mount whose router is built inline with arguments is not followed.
const ARG = String.raw`(?:require\(\s*['"][^'"]+['"]\s*\)|[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*(?:\(\s*\))?)`;
const MOUNT = new RegExp(String.raw`(?:\b([A-Za-z_$][\w$]*)\s*)?\.\s*(?:use|route)\(\s*(?:['"\`](\/[\w./-]*)['"\`]\s*,\s*)?(${ARG}(?:\s*,\s*${ARG})*)\s*,?\s*\)`, 'g');
const REGISTER_PREFIX = /(?:\b([A-Za-z_$][\w$]*)\s*)?\.\s*register\(\s*(?:import\([^)]*\)|[A-Za-z_$][\w$]*)\s*,\s*\{[^}]*\bprefix\s*:\s*['"`](\/[\w./-]*)['"`]/g;
// tsconfig `paths` / package.json `imports` aliases for the project's own source: `@/api/x`, `~/x`, `#x`.
const ALIAS = /^(?:@\/|~\/|#\/?)/;
const ROUTER_DECL = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:new\s+)?(?:(?:express|require\(\s*['"]express['"]\s*\))\s*\.\s*)?(?:Router|Hono|OpenAPIHono|createRouter)\s*\(\s*(\{[^}]*\})?/g;
const KOA_PREFIX = /\bprefix\s*:\s*['"`](\/[\w./-]*)['"`]/;

/** `a`, `b` joined as one absolute path; empty segments dropped. */
export const join = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
/** A source file's path without its extension and without a trailing `/index`: how imports name it. */
export const stripExt = (f: string): string => f.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');

/** The project file an import specifier of `from` points at, extension and /index ignored. */
function importTarget(from: string, spec: string): string {
  return stripExt(path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)));
}

/**
 * The project file an aliased import names (`@/api/health/router` -> src/api/health/router): the one source file
 * whose path ends with the specifier's rest; undefined for packages and for a rest that fits several files.
 */
function aliasTarget(spec: string, files: readonly string[]): string | undefined {
  if (!ALIAS.test(spec)) return undefined;
  const rest = stripExt(spec.replace(ALIAS, ''));
  const hits = files.filter((f) => f === rest || f.endsWith(`/${rest}`));
  return hits.length === 1 ? hits[0] : undefined;
}

/** The target of a project-relative or aliased specifier; undefined for packages. */
function specTarget(file: string, spec: string, files: readonly string[]): string | undefined {
  return spec.startsWith('.') ? importTarget(file, spec) : aliasTarget(spec, files);
}

/** Local names bound by the file's imports, each to the project file it comes from. */
function importsOf(file: string, text: string, files: readonly string[]): Map<string, string> {
  const imports = new Map<string, string>();
  for (const m of text.matchAll(IMPORT)) {
    const target = specTarget(file, m[4] ?? m[7]!, files);
    if (target === undefined) continue;
    // `{ a, b as c }` binds a and c; `{ a: c }` (destructured require) binds c.
    const listed = (m[2] ?? m[6] ?? '').split(',').map((s) => s.trim().split(/\s+as\s+|\s*:\s*/).pop()!.trim());
    for (const n of [m[1], m[3], m[5], ...listed]) if (n) imports.set(n, target);
  }
  return imports;
}

/** Routers declared in a file (`Router()`, `new Hono()`), with a Koa `new Router({ prefix })` prefix. */
export function routersOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(ROUTER_DECL)].map((m) => [m[1]!, KOA_PREFIX.exec(m[2] ?? '')?.[1] ?? '']));
}

// A file that only passes another on: `module.exports = require('./routes')`, `export { default } from './routes'`,
// `export * from './routes'` (the one such line of the file).
const REEXPORT = /^\s*(?:module\.exports\s*=\s*require\(\s*['"](\.[^'"]+)['"]\s*\)|export\s+(?:\*|\{\s*default(?:\s+as\s+[\w$]+)?\s*\})\s+from\s+['"](\.[^'"]+)['"])/gm;

/** Files that re-export one other file (an index.js passing `./routes` on), as targets: file -> the file it passes on. */
function reexports(sources: readonly SourceText[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { file, text } of sources) {
    const found = [...text.matchAll(REEXPORT)];
    if (found.length === 1) out.set(stripExt(file), importTarget(file, found[0]![1] ?? found[0]![2]!));
  }
  return out;
}

/** Every mount in the sources, in file order; a target that only re-exports another file is that file. */
export function findMounts(sources: readonly SourceText[]): Mount[] {
  const passOn = reexports(sources);
  const through = (t: string): string => {
    for (let i = 0; i < 4 && passOn.has(t); i++) t = passOn.get(t)!;
    return t;
  };
  return mountsAsWritten(sources).map((m) => ({ ...m, target: through(m.target) }));
}

function mountsAsWritten(sources: readonly SourceText[]): Mount[] {
  const out: Mount[] = [];
  const files = sources.map((s) => stripExt(s.file));
  for (const { file, text } of sources) {
    const imports = importsOf(file, text, files);
    const routers = routersOf(text);
    for (const m of text.matchAll(MOUNT)) {
      const args = m[3]!.split(',').map((a) => a.trim());
      // The mounted router is the last argument that names one: middleware (`auth`, `cors()`) comes before it.
      let found: { ident: string; target: string } | undefined;
      for (const a of args) {
        const req = /^require\(\s*['"]([^'"]+)['"]/.exec(a);
        if (req) {
          const target = specTarget(file, req[1]!, files);
          if (target !== undefined) found = { ident: '', target };
          continue;
        }
        const names = a.replace(/\(\s*\)$/, '').split('.').map((s) => s.trim());
        const known = names.find((n) => imports.has(n) || routers.has(n));
        const member = known && imports.has(known) && names.length === 2 && names[0] === known && !a.endsWith(')') ? { member: names[1]! } : {};
        if (known) found = { ident: known, target: imports.get(known) ?? stripExt(file), ...member };
      }
      // Without a prefix only a known router counts (`app.use(cors())` mounts nothing); with one, a bare name may
      // still be a router this scan cannot see.
      if (!found && m[2] !== undefined) found = { ident: args.at(-1)!.replace(/\(\s*\)$/, ''), target: stripExt(file) };
      if (found) out.push({ prefix: m[2] ?? '/', file, receiver: m[1] ?? '', ...found });
    }
    for (const m of text.matchAll(REGISTER_PREFIX)) {
      const ident = /register\(\s*([A-Za-z_$][\w$]*)/.exec(m[0])?.[1] ?? '';
      const spec = /import\(\s*['"](\.[^'"]+)['"]/.exec(m[0])?.[1];
      out.push({ prefix: m[2]!, file, receiver: m[1] ?? '', ident, target: spec ? importTarget(file, spec) : imports.get(ident) ?? stripExt(file) });
    }
  }
  return out;
}

/**
 * Project files that mounts name but the sources do not hold (relative imports inside the project only), as
 * candidate paths to read: the scan follows them so a router outside the usual folders still counts.
 */
export function unreadMountTargets(sources: readonly SourceText[], extensions: readonly string[]): string[][] {
  const have = new Set(sources.map((s) => stripExt(s.file)));
  const wanted = new Set([...findMounts(sources).map((m) => m.target), ...reexports(sources).values()].filter((t) => !have.has(t) && !t.startsWith('..') && !t.includes('node_modules/')));
  return [...wanted].map((t) => [...extensions.map((e) => `${t}.${e}`), ...extensions.map((e) => `${t}/index.${e}`)]);
}

/** The prefix routes on a receiver are served under, and whether the chain of mounts reaches the app. */
export interface MountPrefix {
  path: string;
  /** False when the receiver, or a router above it, is a router nothing mounts: the path is then partial. */
  mounted: boolean;
}

/**
 * The full prefix a route registered on `receiver` in `file` is served under, following mounts up to the app
 * (`app.use('/api', routes)` then `router.use('/v1', v1)` -> `/api/v1`).
 */
export function prefixOf(file: string, receiver: string, mounts: readonly Mount[], routers: (file: string) => Map<string, string>, exported: (file: string) => Map<string, string> = () => new Map(), depth = 0): MountPrefix {
  const self = stripExt(file);
  const own = routers(file);
  const isRouter = own.has(receiver);
  const koa = own.get(receiver) ?? '';
  // `app.use('/api', routes.api)` mounts the router the file exports as `api`, not its other ones.
  const mine = (x: Mount): boolean => x.member === undefined || (exported(file).get(x.member) ?? receiver) === receiver;
  const mount = depth > 6 ? undefined : mounts.find((x) => (x.target === self && x.file !== file && mine(x)) || (x.file === file && x.ident === receiver && isRouter && x.receiver !== receiver));
  if (!mount) return { path: join(koa), mounted: !isRouter };
  const parent = prefixOf(mount.file, mount.receiver, mounts, routers, exported, depth + 1);
  return { path: join(parent.path, mount.prefix, koa), mounted: parent.mounted };
}

const EXPORTS_OBJECT = /\bmodule\.exports\s*=\s*\{([^}]*)\}/;
const EXPORTS_PROP = /\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=\s*([A-Za-z_$][\w$]*)\s*[;\n]/g;

/** The names a CommonJS file exports its locals as: `module.exports = { api: apiRouter }`, `exports.api = apiRouter`. */
export function exportNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of (EXPORTS_OBJECT.exec(text)?.[1] ?? '').split(',')) {
    const [key, local] = entry.split(':').map((p) => p.trim());
    if (key && /^[A-Za-z_$][\w$]*$/.test(key)) out.set(key, local && /^[A-Za-z_$][\w$]*$/.test(local) ? local : key);
  }
  for (const m of text.matchAll(EXPORTS_PROP)) out.set(m[1]!, m[2]!);
  return out;
}
