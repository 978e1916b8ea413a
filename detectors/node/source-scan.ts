import type { ProjectFs } from '../../src/fs/project-fs.js';
import { preferredHealthRoute } from '../shared/health-route.js';

/** What reading the app's own source revealed. */
export interface SourceFacts {
  port?: { value: number; file: string };
  healthPath?: { value: string; file: string };
}

const MAX_FILES = 300;
const MAX_BYTES = 256 * 1024;

// `process.env.PORT || 3000`, `?? 3000`, `Number(process.env.PORT ?? '8080')`, `parseInt(process.env.PORT, 10) || 4000`,
// `const { PORT = 4000 } = process.env`, `.listen(4000`
const PORT_PATTERNS = [
  /env\.PORT\b[^;\n|?]{0,20}(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
  /\{[^}]*\bPORT\s*=\s*['"]?(\d{2,5})['"]?[^}]*\}\s*=\s*process\.env/,
  /env\[['"]PORT['"]\]\s*\)?\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
  /\.listen\(\s*(\d{2,5})\s*[,)]/,
];

const HEALTH_ROUTE = /['"`](\/(?:api\/)?(?:healthz?|health-check|healthcheck|livez|readyz|ping))['"`]/g;
const NEST_CONTROLLER = /@Controller\(\s*['"`](healthz?|health-check|healthcheck)['"`]\s*\)/;

/** File-system routes (Next.js app/pages routers and similar) that serve a health endpoint. */
const FILE_ROUTES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(?:src\/)?app\/((?:api\/)?(?:healthz?|healthcheck))\/route\.[jt]sx?$/, (m) => `/${m[1]}`],
  [/^(?:src\/)?pages\/((?:api\/)?(?:healthz?|healthcheck))(?:\/index)?\.[jt]sx?$/, (m) => `/${m[1]}`],
  [/^(?:src\/)?routes\/((?:api\/)?(?:healthz?|healthcheck))\/\+server\.[jt]s$/, (m) => `/${m[1]}`],
];

/**
 * Reads a bounded set of source files (never ignored trees) for the port the app listens on and a health route.
 * `entry` files are read first: their port wins over one found elsewhere.
 */
export async function scanSource(fs: ProjectFs, entry: string[], extensions: string[]): Promise<SourceFacts> {
  const ext = extensions.length === 1 ? extensions[0]! : `{${extensions.join(',')}}`;
  const files = await fs.glob([`*.${ext}`, `{src,app,server,lib,routes,api,pages,config}/**/*.${ext}`], { deep: 6 });
  const ordered = [...entry.filter((e) => files.includes(e)), ...files.filter((f) => !entry.includes(f))].slice(0, MAX_FILES);
  const facts: SourceFacts = {};
  const health: { value: string; file: string }[] = [];
  for (const file of ordered) {
    for (const [re, path] of FILE_ROUTES) {
      const m = re.exec(file);
      if (m) health.push({ value: path(m), file });
    }
    if (/\.test\.|\.spec\.|__tests__/.test(file)) continue;
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES) continue;
    if (!facts.port) {
      for (const re of PORT_PATTERNS) {
        const m = re.exec(text);
        const n = m ? Number(m[1]) : NaN;
        if (n >= 1 && n <= 65535) {
          facts.port = { value: n, file };
          break;
        }
      }
    }
    for (const route of text.matchAll(HEALTH_ROUTE)) health.push({ value: route[1]!, file });
    const nest = NEST_CONTROLLER.exec(text);
    if (nest) health.push({ value: `/${nest[1]}`, file });
  }
  const preferred = preferredHealthRoute(health);
  if (preferred) facts.healthPath = preferred;
  return facts;
}
