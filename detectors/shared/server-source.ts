import type { ProjectFs } from '../../src/fs/project-fs.js';
import { preferredHealthRoute } from './health-route.js';
import type { HealthFinding } from './health-check.js';
import { serverHealthRoutes } from './server-routes.js';
import { pickPort, type PortFinding } from './env/port.js';

/** What the source of a compiled server (Go, Rust) says about its port and health route. */
export interface ServerFacts {
  /** The port, and the variable it is read from when a pattern names one (`(?<name>...)` group). */
  port?: PortFinding;
  healthPath?: HealthFinding;
  /** A loopback listen address in the entry files ("127.0.0.1:9090"): unreachable from outside a container. */
  loopback?: { value: string; file: string };
}

const MAX_FILES = 300;
const MAX_BYTES = 256 * 1024;

const LOOPBACK = /"((?:127\.0\.0\.1|localhost|\[::1\]):\d{2,5})"/;

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
      // Every match of the pattern: the first may read another service's port (DB_PORT) that pickPort skips.
      const all = [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))];
      const found = pickPort(all.map((m) => ({ name: m.groups?.name, value: m.slice(1).find((g, i) => g !== undefined && g !== m.groups?.name) ?? '', file })));
      if (found) {
        facts.port = found;
        break outer;
      }
    }
  }
  for (const [file, text] of texts) {
    const m = LOOPBACK.exec(text);
    if (m && !facts.loopback) facts.loopback = { value: m[1]!, file };
  }
  const routes = (entries: Iterable<[string, string]>): HealthFinding[] => [...entries].flatMap(([file, text]) => serverHealthRoutes(file, text));
  let found = routes(texts);
  if (!found.some((h) => h.confident)) {
    const others: [string, string][] = [];
    for (const f of rest.slice(0, MAX_FILES)) {
      const t = await read(fs, f);
      if (t !== undefined) others.push([f, t]);
    }
    found = [...found, ...routes(others)];
  }
  const preferred = preferredHealthRoute(found.filter((h) => h.confident)) ?? preferredHealthRoute(found);
  if (preferred) facts.healthPath = preferred;
  return facts;
}
