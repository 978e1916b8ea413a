import type { HealthFinding } from '../shared/health-check.js';
import { HEALTH_WORD, type SourceText } from '../shared/health-route.js';
import { exportNames, findMounts, join, prefixOf, routersOf, stripExt } from './route-mounts.js';

export type { SourceText };

/**
 * Health routes registered in JavaScript/TypeScript source, with the prefixes they are mounted under:
 * - a route on the app object (`app.get('/health', ...)`, Fastify `fastify.get`, Hono `app.get`): confident;
 * - a route on a router (`Router()`, `express.Router()`, `require('express').Router()`, `new Router({ prefix })`,
 *   `new Hono()`) or in a plugin file, mounted as {@link findMounts} reads mounts, through any number of routers
 *   (`app.use('/api', routes)` then `router.use('/v1', v1)`): every prefix is prepended, confident, and a route such
 *   as `/` counts when the joined path is a health path; a router whose mount is not found: low confidence;
 * - Nest: `@Controller('x')` + `@Get('y')` under `app.setGlobalPrefix('api')`: confident;
 * - a bare string that looks like a health path: low confidence.
 */

const HEALTH_PATH = new RegExp(String.raw`^(?:/[\w.-]+)*/${HEALTH_WORD}(?:/(?:live|ready|liveness|readiness))?/?$`);
const BARE = new RegExp(String.raw`['"\`](/(?:api/)?${HEALTH_WORD})['"\`]`, 'g');
const REGISTER = /\b([A-Za-z_$][\w$]*)\s*\.\s*(?:get|all|head|route)\(\s*['"`](\/[\w./:-]*)['"`]/g;
const NEST_CONTROLLER = /@Controller\(\s*(?:['"`]([^'"`]*)['"`]|\{[^}]*\bpath\s*:\s*['"`]([^'"`]*)['"`][^}]*\})?\s*\)/;
const NEST_GET = /@(?:Get|All|Head)\(\s*(?:['"`]([^'"`]*)['"`])?\s*\)/g;
const GLOBAL_PREFIX = /\.setGlobalPrefix\(\s*['"`]([^'"`]*)['"`]/;

/**
 * Routers declared in a file, less the one that is the app itself (`const app = new Hono()` served here); a file
 * another file mounts holds routers only, whatever it exports.
 */
function localRouters(text: string, mountedHere: boolean): Map<string, string> {
  const routers = routersOf(text);
  if (mountedHere) return routers;
  for (const r of routers.keys()) if (new RegExp(String.raw`(?:\b${r}\s*\.\s*listen\(|\bserve\(\s*(?:\{[^}]*\bfetch\s*:\s*)?${r}\b|export\s+default\s+${r}\b)`).test(text)) routers.delete(r);
  return routers;
}

/** Health routes of a Node project, prefixes resolved through every mount up to the app, in file order. */
export function nodeHealthRoutes(sources: SourceText[]): HealthFinding[] {
  const found: HealthFinding[] = [];
  const mounted = findMounts(sources);
  const targets = new Set(mounted.filter((m) => stripExt(m.file) !== m.target).map((m) => m.target));
  const byFile = new Map(sources.map((s) => [s.file, localRouters(s.text, targets.has(stripExt(s.file)))]));
  const routers = (file: string): Map<string, string> => byFile.get(file) ?? new Map();
  const exportsByFile = new Map(sources.map((s) => [s.file, exportNames(s.text)]));
  const exported = (file: string): Map<string, string> => exportsByFile.get(file) ?? new Map();
  const globalPrefix = sources.map((s) => GLOBAL_PREFIX.exec(s.text)?.[1]).find((p) => p !== undefined) ?? '';
  for (const { file, text } of sources) {
    let registered = false;
    for (const m of text.matchAll(REGISTER)) {
      const [receiver, route] = [m[1]!, m[2]!];
      // A router's routes, or a plugin file's (`fastify.get` in a file registered with a prefix), sit under its
      // mounts: `router.get('/')` mounted on `/health-check` is the health route.
      const prefix = prefixOf(file, receiver, mounted, routers, exported);
      const full = join(prefix.path, route);
      if (!HEALTH_PATH.test(full)) continue;
      registered = true;
      found.push({ value: full, file, confident: prefix.mounted });
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
