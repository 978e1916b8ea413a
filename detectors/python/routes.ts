import type { HealthFinding } from '../shared/health-check.js';
import { HEALTH_WORD, type SourceText } from '../shared/health-route.js';

/**
 * Health routes in Python web apps, with router prefixes resolved:
 * - FastAPI / Starlette: `@app.get("/health")` on the app object; `@router.get(...)` on an `APIRouter(prefix=...)`
 *   included with `include_router(module.router, prefix=...)` (prefix literals, or a settings constant such as
 *   `settings.API_V1_STR` whose literal value is found in the source), chains of routers followed;
 * - Flask / Quart: `@bp.route(...)` on a `Blueprint(..., url_prefix=...)` registered with
 *   `register_blueprint(bp, url_prefix=...)`;
 * - Django: `path('health/', ...)` in a urls module (prefixes from `include()` are not followed);
 * a route on a router whose inclusion is not found, or a bare string, is low confidence.
 */

const ROUTE = String.raw`(\/?(?:[\w.{}-]+\/)*${HEALTH_WORD}\/?)`;
const DECORATOR = new RegExp(String.raw`@([A-Za-z_]\w*)\s*\.\s*(?:get|head|api_route|route)\(\s*['"]${ROUTE}['"]`, 'g');
const ADD_ROUTE = new RegExp(String.raw`\b([A-Za-z_]\w*)\s*\.\s*(?:add_api_route|add_url_rule|add_route)\(\s*['"]${ROUTE}['"]`, 'g');
const DJANGO = new RegExp(String.raw`\b(?:re_)?path\(\s*r?['"]\^?${ROUTE}\$?['"]`, 'g');
const BARE = new RegExp(String.raw`['"](\/(?:api\/)?${HEALTH_WORD}\/?)['"]`, 'g');
const APP_DECL = /\b([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:[\w.]+\.)?(?:FastAPI|Starlette|Flask|Quart|Litestar)\s*\(/g;
const ROUTER_DECL = /\b([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:[\w.]+\.)?(?:APIRouter|Blueprint)\s*\(([^)]*)\)/g;
const INCLUDE = /\b([A-Za-z_]\w*)\s*\.\s*(?:include_router|register_blueprint)\(\s*([\w.]+)\s*(?:,([^)]*))?\)/g;
const PREFIX_ARG = /\b(?:url_)?prefix\s*=\s*(?:f?['"]([^'"]*)['"]|([\w.]+))/;

type Router = { file: string; name: string; prefix: string | undefined };
type Include = { file: string; parent: string; child: string; prefix: string | undefined };

const join = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
const stem = (file: string): string => file.slice(file.lastIndexOf('/') + 1).replace(/\.py$/, '');

/** A prefix argument's value: a literal, or a constant whose literal is assigned somewhere in the sources. */
function prefixValue(args: string, sources: SourceText[]): string | undefined {
  const m = PREFIX_ARG.exec(args);
  if (!m) return '';
  if (m[1] !== undefined) return /\{/.test(m[1]) ? undefined : m[1];
  const name = m[2]!.split('.').pop()!;
  const re = new RegExp(String.raw`\b${name}\s*(?::[^=\n]+)?=\s*['"](\/[^'"]*)['"]`);
  for (const s of sources) {
    const v = re.exec(s.text)?.[1];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The full prefix of a router (its own plus every inclusion above it), or undefined when a link is missing. */
function routerPrefix(r: Router, routers: Router[], apps: Set<string>, includes: Include[], depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const inc = includes.find((i) => {
    const parts = i.child.split('.');
    const name = parts.pop()!;
    return name === r.name && (parts.length === 0 || parts.at(-1) === stem(r.file) || i.file === r.file);
  });
  if (!inc || inc.prefix === undefined || r.prefix === undefined) return undefined;
  if (apps.has(inc.parent)) return join(inc.prefix, r.prefix);
  const parent = routers.find((p) => p.name === inc.parent && p.file === inc.file) ?? routers.find((p) => p.name === inc.parent);
  const above = parent ? routerPrefix(parent, routers, apps, includes, depth + 1) : undefined;
  return above === undefined ? undefined : join(above, inc.prefix, r.prefix);
}

/** Health routes of a Python project, prefixes resolved where the source shows them. */
export function pythonHealthRoutes(sources: SourceText[]): HealthFinding[] {
  const apps = new Set<string>();
  const routers: Router[] = [];
  const includes: Include[] = [];
  for (const { file, text } of sources) {
    for (const m of text.matchAll(APP_DECL)) apps.add(m[1]!);
    for (const m of text.matchAll(ROUTER_DECL)) routers.push({ file, name: m[1]!, prefix: prefixValue(m[2]!, sources) });
    for (const m of text.matchAll(INCLUDE)) includes.push({ file, parent: m[1]!, child: m[2]!, prefix: prefixValue(m[3] ?? '', sources) });
  }
  const found: HealthFinding[] = [];
  for (const { file, text } of sources) {
    let registered = false;
    for (const m of [...text.matchAll(DECORATOR), ...text.matchAll(ADD_ROUTE)]) {
      const [receiver, route] = [m[1]!, m[2]!];
      if (route.includes('{')) continue;
      registered = true;
      const slash = route.endsWith('/') && route.length > 1 ? '/' : '';
      const router = routers.find((r) => r.name === receiver && r.file === file);
      if (!router) {
        found.push({ value: join(route) + slash, file, confident: apps.has(receiver) });
        continue;
      }
      const prefix = routerPrefix(router, routers, apps, includes);
      found.push({ value: join(prefix ?? router.prefix ?? '', route) + slash, file, confident: prefix !== undefined });
    }
    for (const m of text.matchAll(DJANGO)) {
      registered = true;
      found.push({ value: join(m[1]!) + (m[1]!.endsWith('/') ? '/' : ''), file, confident: true });
    }
    if (!registered) for (const m of text.matchAll(BARE)) found.push({ value: m[1]!, file, confident: false });
  }
  return found;
}
