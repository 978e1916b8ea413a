import path from 'node:path';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { preferredHealthRoute } from '../shared/health-route.js';
import type { HealthFinding } from '../shared/health-check.js';
import { fileHealthRoute, nodeHealthRoutes, type SourceText } from './routes.js';
import { unreadMountTargets } from './route-mounts.js';
import { pickPort, schemaPorts, type PortFinding } from '../shared/env/port.js';
import { byCodeUnits } from '../shared/text-order.js';

/** What reading the app's own source revealed. */
export interface SourceFacts {
  port?: PortFinding;
  healthPath?: HealthFinding;
  /** The source files read (not tests), for framework-specific checks. */
  texts: SourceText[];
}

const MAX_FILES = 300;
/** Folders globbed in every project; an entry file elsewhere (`backend/server.js`, a workspace member's) adds its own. */
const SOURCE_DIRS = ['src', 'app', 'server', 'lib', 'routes', 'api', 'pages', 'config'];
// Folder names a glob pattern can hold as written (no glob syntax to escape).
const PLAIN_DIR = /^[\w.-]+(\/[\w.-]+)*$/;
const MAX_BYTES = 256 * 1024;
/** Rounds of following mounted routers' imports outside the files globbed, and the most files they add. */
const FOLLOW_ROUNDS = 3;
const MAX_FOLLOWED = 60;

// `process.env.PORT || 3000`, `?? 3000`, `Number(process.env.HTTP_PORT ?? '8080')`, `parseInt(process.env.PORT, 10) || 4000`,
// `const { PORT = 4000 } = process.env`, then env schema defaults (`PORT: z.coerce.number().default(9999)`), then
// `.listen(4000`. Groups: the variable's name (when there is one) and the port.
const PORT_PATTERNS: ((text: string, file: string) => { name?: string; value: string; file: string }[])[] = [
  (t, file) => [...t.matchAll(/env\.([A-Z][A-Z0-9_]*)\b[^;\n|?]{0,20}(?:\|\||\?\?)\s*['"]?(\d{2,5})/g)].map((m) => ({ name: m[1]!, value: m[2]!, file })),
  (t, file) => [...t.matchAll(/\{[^}]*\b([A-Z][A-Z0-9_]*)\s*=\s*['"]?(\d{2,5})['"]?[^}]*\}\s*=\s*process\.env/g)].map((m) => ({ name: m[1]!, value: m[2]!, file })),
  (t, file) => [...t.matchAll(/env\[['"]([A-Z][A-Z0-9_]*)['"]\]\s*\)?\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/g)].map((m) => ({ name: m[1]!, value: m[2]!, file })),
  (t, file) => schemaPorts(t, file),
  (t, file) => [...t.matchAll(/\.listen\(\s*(\d{2,5})\s*[,)]/g)].map((m) => ({ value: m[1]!, file })),
];

/**
 * Reads a bounded set of source files (never ignored trees) for the port the app listens on and a health route.
 * `entry` files are read first: their port wins over one found elsewhere.
 */
export async function scanSource(fs: ProjectFs, entry: string[], extensions: string[]): Promise<SourceFacts> {
  const ext = extensions.length === 1 ? extensions[0]! : `{${extensions.join(',')}}`;
  // `node ../shared/server.js` names a folder outside the project: the walk may not go there (nor `.` / `..` hops).
  const entryDirs = [...new Set(entry.map((e) => path.posix.dirname(path.posix.normalize(e))))]
    .filter((d) => d !== '.' && PLAIN_DIR.test(d) && d.split('/').every((seg) => seg !== '.' && seg !== '..') && !SOURCE_DIRS.includes(d.split('/')[0]!));
  const files = await fs.glob([`*.${ext}`, `{${SOURCE_DIRS.join(',')}}/**/*.${ext}`, ...entryDirs.map((d) => `${d}/**/*.${ext}`)], { deep: 8 });
  files.sort((a, b) => a.split('/').length - b.split('/').length || byCodeUnits(a, b));
  const ordered = [...entry.filter((e) => files.includes(e)), ...files.filter((f) => !entry.includes(f))].slice(0, MAX_FILES);
  const facts: SourceFacts = { texts: [] };
  const health: HealthFinding[] = [];
  const texts = facts.texts;
  // Route files are known by their names alone: every file counts, not only the ones read.
  for (const file of files) {
    const route = fileHealthRoute(file);
    if (route) health.push({ value: route, file, confident: true });
  }
  for (const file of ordered) {
    // Test configs name the port of a dev server they start (playwright.config.ts webServer), not the app's.
    if (/\.test\.|\.spec\.|__tests__|(^|\/)(e2e|tests?)\//.test(file) || /(^|\/)(playwright|vitest|jest|cypress|vite|webpack)\.config\./.test(file)) continue;
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES) continue;
    texts.push({ file, text });
    if (!facts.port) {
      for (const pattern of PORT_PATTERNS) {
        const found = pickPort(pattern(text, file));
        if (found) {
          facts.port = found;
          break;
        }
      }
    }
  }
  await followMounts(fs, texts, extensions);
  health.push(...nodeHealthRoutes(texts));
  const preferred = preferredHealthRoute(health.filter((h) => h.confident)) ?? preferredHealthRoute(health);
  if (preferred) facts.healthPath = preferred;
  return facts;
}

/**
 * Reads the files mounted routers are imported from when the glob did not hold them (`app.use('/api', routes)` with
 * routes in `controllers/` or `modules/`), then the ones those mount, a few levels deep.
 */
async function followMounts(fs: ProjectFs, texts: SourceText[], extensions: string[]): Promise<void> {
  let added = 0;
  const tried = new Set<string>();
  for (let round = 0; round < FOLLOW_ROUNDS && added < MAX_FOLLOWED; round++) {
    const wanted = unreadMountTargets(texts, extensions).filter((c) => !tried.has(c[0]!));
    if (!wanted.length) return;
    for (const c of wanted) tried.add(c[0]!);
    for (const candidates of wanted.slice(0, MAX_FOLLOWED - added)) {
      for (const file of candidates) {
        const text = await fs.readText(file).catch(() => undefined);
        if (text === undefined || text.length > MAX_BYTES) continue;
        texts.push({ file, text });
        added++;
        break;
      }
    }
  }
}
