import type { ProjectFs } from '../../src/fs/project-fs.js';
import { preferredHealthRoute } from './health-route.js';

/** What the source of a compiled server (Go, Rust) says about its port and health route. */
export interface ServerFacts {
  port?: { value: number; file: string };
  healthPath?: { value: string; file: string };
  /** A loopback listen address in the entry files ("127.0.0.1:9090"): unreachable from outside a container. */
  loopback?: { value: string; file: string };
}

const MAX_FILES = 300;
const MAX_BYTES = 256 * 1024;

// "/health", "GET /health" (Go 1.22 mux patterns), `/healthz`: a string literal that is a health route.
const LOOPBACK = /"((?:127\.0\.0\.1|localhost|\[::1\]):\d{2,5})"/;
const HEALTH_ROUTE = /["`](?:(?:GET|HEAD)\s+)?(\/(?:api\/)?(?:healthz?|health-check|healthcheck|livez|readyz|ping))\/?["`]/g;

async function read(fs: ProjectFs, file: string): Promise<string | undefined> {
  const text = await fs.readText(file).catch(() => undefined);
  return text !== undefined && text.length <= MAX_BYTES ? text : undefined;
}

/**
 * Reads the entry package's files (`main`) for the port, trying each pattern over every file before the next
 * pattern (so an env fallback beats a listen literal), and for health routes; when `main` has no health route,
 * the project's other source files (`rest`, e.g. internal router packages) are searched too.
 */
export async function scanServerSource(fs: ProjectFs, main: string[], rest: string[], portPatterns: RegExp[]): Promise<ServerFacts> {
  const facts: ServerFacts = {};
  const texts = new Map<string, string>();
  for (const f of main.slice(0, MAX_FILES)) {
    const t = await read(fs, f);
    if (t !== undefined) texts.set(f, t);
  }
  outer: for (const re of portPatterns) {
    for (const [file, text] of texts) {
      const m = re.exec(text);
      const n = m ? Number(m.slice(1).find((g) => g !== undefined)) : NaN;
      if (n >= 1 && n <= 65535) {
        facts.port = { value: n, file };
        break outer;
      }
    }
  }
  for (const [file, text] of texts) {
    const m = LOOPBACK.exec(text);
    if (m && !facts.loopback) facts.loopback = { value: m[1]!, file };
  }
  const routes = (entries: Iterable<[string, string]>): { value: string; file: string }[] =>
    [...entries].flatMap(([file, text]) => [...text.matchAll(HEALTH_ROUTE)].map((m) => ({ value: m[1]!, file })));
  let found = routes(texts);
  if (found.length === 0) {
    const others: [string, string][] = [];
    for (const f of rest.slice(0, MAX_FILES)) {
      const t = await read(fs, f);
      if (t !== undefined) others.push([f, t]);
    }
    found = routes(others);
  }
  const preferred = preferredHealthRoute(found);
  if (preferred) facts.healthPath = preferred;
  return facts;
}
