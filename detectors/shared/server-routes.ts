import type { HealthFinding } from './health-check.js';
import { HEALTH_WORD } from './health-route.js';

/**
 * Health routes in the source of compiled servers (Go, Rust, Java), with group prefixes resolved:
 * - registered: `HandleFunc("/health"`, `"GET /health"` (Go 1.22 mux), gin/echo/fiber/chi `.GET("/health"` /
 *   `.Get(`, gin `.Match([]string{"GET", "HEAD"}, "/health"`, axum `.route("/health"`, actix `#[get("/health")]` / `web::resource("/health")`, rocket `#[get(...)]`,
 *   a match arm on the path (`("GET", "/health") =>`, `"/health" =>`),
 *   Spring `@GetMapping("/health")`, Javalin `.get("/health"`, JDK `createContext("/health"`: confident;
 * - on a group (`api := r.Group("/api")` gin/echo/fiber, `r.Route("/api", func...` chi, `web::scope("/api")` actix,
 *   `.nest("/api", ...)` axum) whose prefix is found in the same file: prefixed and confident;
 * - a string literal that only looks like a health path: low confidence.
 */

const ROUTE = String.raw`(\/(?:[\w.-]+\/)*${HEALTH_WORD})\/?`;
const REGISTERED = new RegExp(
  String.raw`(?:\b([A-Za-z_]\w*)\s*\.\s*)?(?:HandleFunc|Handle|GET|Get|get|HEAD|head|Any|Match|route|resource|Route|MethodFunc|createContext)\s*\(\s*(?:\[\]string\{[^}]*"GET"[^}]*\}\s*,\s*)?"(?:(?:GET|HEAD)\s+)?${ROUTE}"|#\[(?:get|head)\(\s*"${ROUTE}"|@(?:GetMapping|RequestMapping)\(\s*(?:value\s*=\s*|path\s*=\s*)?\{?\s*"${ROUTE}"|"(?:GET|HEAD)\s+${ROUTE}"|"(?:GET|HEAD)"\s*,\s*"${ROUTE}"|"${ROUTE}"\s*(?:\|[^=\n]*)?=>|web::scope\(\s*"${ROUTE}"\s*\)\s*\.route\(\s*""\s*,\s*(?:web::)?get\(\)`,
  'g',
);
// gin / echo / fiber / chi `.GET("/articles"`, Go 1.22 `"GET /articles"`, actix / rocket `#[get("/articles")]`, Spring `@GetMapping("/owners")`
const PLAIN = String.raw`(\/[\w.-]+(?:\/[\w.-]+)*)\/?`;
const PLAIN_GET = new RegExp(String.raw`(?:\b([A-Za-z_]\w*)\s*\.\s*)?(?:GET|Get)\s*\(\s*"${PLAIN}"|"GET\s+${PLAIN}"|#\[get\(\s*"${PLAIN}"|@GetMapping\(\s*(?:value\s*=\s*|path\s*=\s*)?\{?\s*"${PLAIN}"`, 'g');
const BARE = new RegExp(String.raw`["\`]${ROUTE}["\`]`, 'g');
// `api := r.Group("/api")`, `v1 := api.Group("/v1")` (gin, echo, fiber)
const GROUP = /\b([A-Za-z_]\w*)\s*:?=\s*([A-Za-z_]\w*)\s*\.\s*Group\(\s*"(\/[\w./-]*)"/g;
// chi `r.Route("/api", func(r chi.Router) {`, actix `web::scope("/api")`, axum `.nest("/api", ...)`: the routes after it
const NESTING = /(?:\bRoute\(\s*"(\/[\w./-]*)"\s*,\s*func|\bweb::scope\(\s*"(\/[\w./-]*)"|\.nest\(\s*"(\/[\w./-]*)")/g;

const READINESS = /readiness|(?:^|[._])(?:handle)?ready(?:z|Probe|Handler|Check)?$/i;

const join = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;

/** The prefix of a group variable, following chains (`v1 := api.Group("/v1")`). */
function groupPrefix(groups: Map<string, { parent: string; prefix: string }>, name: string, depth = 0): string | undefined {
  const g = groups.get(name);
  if (!g || depth > 8) return undefined;
  return join(groupPrefix(groups, g.parent, depth + 1) ?? '', g.prefix);
}

/** Health routes of one file. */
export function serverHealthRoutes(file: string, text: string): HealthFinding[] {
  const groups = new Map<string, { parent: string; prefix: string }>();
  for (const m of text.matchAll(GROUP)) groups.set(m[1]!, { parent: m[2]!, prefix: m[3]! });
  const nestings = [...text.matchAll(NESTING)].map((m) => ({ at: m.index, prefix: (m[1] ?? m[2] ?? m[3])! }));
  const found: HealthFinding[] = [];
  for (const m of text.matchAll(REGISTERED)) {
    const route = m.slice(2).find((g) => g !== undefined)!;
    const group = m[1] ? groupPrefix(groups, m[1]) : undefined;
    // A route written right after a nesting call (within a few lines) sits under it.
    const nest = nestings.filter((n) => n.at < m.index && m.index - n.at < 400).at(-1);
    // The handler passed after the path (`HandleFunc("GET /ready", readinessProbe)`): named as a readiness probe?
    const handler = /^\s*,\s*([\w.]+)/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 120))?.[1] ?? '';
    found.push({ value: join(group ?? nest?.prefix ?? '', route), file, confident: true, ...(READINESS.test(handler) ? { readiness: true } : {}) });
  }
  if (found.length === 0) for (const m of text.matchAll(BARE)) found.push({ value: join(m[1]!), file, confident: false });
  if (found.length === 0) {
    // No health route at all: a plain GET route the app serves (no path parameters) is probed as "the server answers".
    for (const m of text.matchAll(PLAIN_GET)) {
      const route = m.slice(2).find((g) => g !== undefined)!;
      if (route === '/') continue;
      const group = m[1] ? groupPrefix(groups, m[1]) : undefined;
      found.push({ value: join(group ?? '', route), file, confident: false });
    }
  }
  return found;
}
