import path from 'node:path';
import type { HealthFinding } from '../shared/health-check.js';
import { HEALTH_WORD, type SourceText } from '../shared/health-route.js';

export type { SourceText };

/**
 * Health routes registered in JavaScript/TypeScript source, with the prefixes they are mounted under:
 * - a route on the app object (`app.get('/health', ...)`, Fastify `fastify.get`, Hono `app.get`): confident;
 * - a route on a router (`const r = Router()` / `new Router()` / `new Hono()`) mounted with `app.use('/api', r)`,
 *   `app.route('/api', r)` or `register(plugin, { prefix: '/api' })`, in the same file or through an import of the
 *   router's file (relative, or through a `@/`, `~/` or `#` alias): the prefix is prepended, confident, and a route
 *   such as `/` counts when the joined path is a health path; a router whose mount is not found: low confidence;
 * - Nest: `@Controller('x')` + `@Get('y')` under `app.setGlobalPrefix('api')`: confident;
 * - a bare string that looks like a health path: low confidence.
 */

const HEALTH_PATH = new RegExp(String.raw`^(?:/[\w.-]+)*/${HEALTH_WORD}(?:/(?:live|ready|liveness|readiness))?/?$`);
const BARE = new RegExp(String.raw`['"\`](/(?:api/)?${HEALTH_WORD})['"\`]`, 'g');
const REGISTER = /\b([A-Za-z_$][\w$]*)\s*\.\s*(?:get|all|head|route)\(\s*['"`](\/[\w./:-]*)['"`]/g;
const ROUTER_DECL = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:new\s+)?(?:express\s*\.\s*)?(?:Router|Hono|OpenAPIHono|createRouter)\s*\(/g;
const MOUNT = /\.\s*(?:use|route)\(\s*['"`](\/[\w./-]*)['"`]\s*,\s*(?:[\w$]+\s*\.\s*)?([A-Za-z_$][\w$]*)\s*[,)]/g;
const REGISTER_PREFIX = /\.\s*register\(\s*(?:import\([^)]*\)|[A-Za-z_$][\w$]*)\s*,\s*\{[^}]*\bprefix\s*:\s*['"`](\/[\w./-]*)['"`]/g;
const IMPORT = /\bimport\s+(?:([A-Za-z_$][\w$]*)|\{([^}]*)\})\s+from\s+['"]([^'"]+)['"]|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)/g;
// tsconfig `paths` / package.json `imports` aliases for the project's own source: `@/api/x`, `~/x`, `#x`.
const ALIAS = /^(?:@\/|~\/|#\/?)/;
const NEST_CONTROLLER = /@Controller\(\s*(?:['"`]([^'"`]*)['"`]|\{[^}]*\bpath\s*:\s*['"`]([^'"`]*)['"`][^}]*\})?\s*\)/;
const NEST_GET = /@(?:Get|All|Head)\(\s*(?:['"`]([^'"`]*)['"`])?\s*\)/g;
const GLOBAL_PREFIX = /\.setGlobalPrefix\(\s*['"`]([^'"`]*)['"`]/;


const join = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
const stripExt = (f: string): string => f.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');

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

/** Mount prefixes by (file without extension, identifier): where each router is used. */
function mounts(sources: SourceText[]): { prefix: string; file: string; ident: string; target: string }[] {
  const out: { prefix: string; file: string; ident: string; target: string }[] = [];
  const files = sources.map((s) => stripExt(s.file));
  for (const { file, text } of sources) {
    const imports = new Map<string, string>();
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[5]!;
      const target = spec.startsWith('.') ? importTarget(file, spec) : aliasTarget(spec, files);
      if (target === undefined) continue;
      const names = m[1] ?? m[4] ?? '';
      for (const n of [names, ...(m[2] ?? '').split(',').map((s) => s.trim().split(/\s+as\s+/).pop()!.trim())]) {
        if (n) imports.set(n, target);
      }
    }
    for (const m of text.matchAll(MOUNT)) {
      out.push({ prefix: m[1]!, file, ident: m[2]!, target: imports.get(m[2]!) ?? stripExt(file) });
    }
    for (const m of text.matchAll(REGISTER_PREFIX)) {
      const ident = /register\(\s*([A-Za-z_$][\w$]*)/.exec(m[0])?.[1] ?? '';
      const spec = /import\(\s*['"](\.[^'"]+)['"]/.exec(m[0])?.[1];
      out.push({ prefix: m[1]!, file, ident, target: spec ? importTarget(file, spec) : imports.get(ident) ?? stripExt(file) });
    }
  }
  return out;
}

/** Health routes of a Node project, prefixes resolved, in file order. */
export function nodeHealthRoutes(sources: SourceText[]): HealthFinding[] {
  const found: HealthFinding[] = [];
  const mounted = mounts(sources);
  const globalPrefix = sources.map((s) => GLOBAL_PREFIX.exec(s.text)?.[1]).find((p) => p !== undefined) ?? '';
  for (const { file, text } of sources) {
    const routers = new Set([...text.matchAll(ROUTER_DECL)].map((m) => m[1]!));
    // The app itself may be made like a router (`const app = new Hono()`): the one that is served here is the app.
    for (const r of routers) if (new RegExp(String.raw`(?:\b${r}\s*\.\s*listen\(|\bserve\(\s*(?:\{[^}]*\bfetch\s*:\s*)?${r}\b|export\s+default\s+${r}\b)`).test(text)) routers.delete(r);
    const self = stripExt(file);
    let registered = false;
    for (const m of text.matchAll(REGISTER)) {
      const [receiver, route] = [m[1]!, m[2]!];
      // A router's routes, or a plugin file's (`fastify.get` in a file registered with a prefix), sit under its mount:
      // `router.get('/')` mounted on `/health-check` is the health route.
      const mount = mounted.find((x) => (x.target === self && x.file !== file) || (x.file === file && x.ident === receiver && routers.has(receiver)));
      const full = mount ? join(mount.prefix, route) : join(route);
      if (!HEALTH_PATH.test(full)) continue;
      registered = true;
      const isRouter = routers.has(receiver) || (mount !== undefined && mount.file !== file);
      found.push({ value: full, file, confident: mount !== undefined || !isRouter });
    }
    const controller = NEST_CONTROLLER.exec(text);
    if (controller) {
      const base = controller[1] ?? controller[2] ?? '';
      const gets = [...text.matchAll(NEST_GET)].map((g) => g[1] ?? '');
      // A health controller with no handler listed yet (or only @Get()) serves its own path.
      for (const sub of gets.length ? gets : ['']) {
        const route = join(globalPrefix, base, sub);
        if (HEALTH_PATH.test(route)) {
          found.push({ value: route, file, confident: true });
          registered = true;
        }
      }
    }
    if (!registered) for (const m of text.matchAll(BARE)) found.push({ value: m[1]!, file, confident: false });
  }
  return found;
}

/** File-system routes (Next.js app/pages routers, Remix / React Router, SvelteKit) that serve a health endpoint. */
const FILE_ROUTES: RegExp[] = [
  new RegExp(String.raw`^app/routes/((?:[\w-]+[./])*${HEALTH_WORD})(?:/route)?\.[jt]sx?$`),
  new RegExp(String.raw`^(?:src/)?app/((?:[\w-]+/)*${HEALTH_WORD})/route\.[jt]sx?$`),
  new RegExp(String.raw`^(?:src/)?pages/((?:[\w-]+/)*${HEALTH_WORD})(?:/index)?\.[jt]sx?$`),
  new RegExp(String.raw`^(?:src/)?routes/((?:[\w-]+/)*${HEALTH_WORD})/\+server\.[jt]s$`),
];

/** A health route served by a route file, or undefined. Route groups `(x)` are dropped; Remix dots are slashes. */
export function fileHealthRoute(file: string): string | undefined {
  const clean = file.replace(/\/\([\w-]+\)(?=\/)/g, '');
  for (const re of FILE_ROUTES) {
    const m = re.exec(clean);
    if (!m) continue;
    const route = clean.startsWith('app/routes/') ? m[1]!.replace(/\./g, '/') : m[1]!;
    return join(route);
  }
  return undefined;
}
