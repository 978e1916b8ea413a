import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmd, tail } from './exec.js';

/** Repository root (two levels above test/e2e/lib). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** Folders never copied into the work dir: installed or built output, not the project itself. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.next', 'target', '.venv', 'venv', '__pycache__', '.gradle']);

/**
 * Every `test/fixtures/<case>` that has a `project/` folder, sorted by name,
 * limited to the comma-separated names in `E2E_ONLY` when it is set.
 */
export function discoverFixtures(only = process.env.E2E_ONLY): string[] {
  if (!existsSync(FIXTURES)) return [];
  const all = readdirSync(FIXTURES)
    .filter((name) => existsSync(path.join(FIXTURES, name, 'project')))
    .filter((name) => statSync(path.join(FIXTURES, name, 'project')).isDirectory())
    .sort();
  const wanted = (only ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return wanted.length === 0 ? all : all.filter((name) => wanted.includes(name));
}

/** A fixture whose fixture.json says `"e2e": false` cannot be built here; its `why` says what is missing. */
export function fixtureSkipReason(name: string): string | undefined {
  const file = path.join(FIXTURES, name, 'fixture.json');
  if (!existsSync(file)) return undefined;
  const meta = JSON.parse(readFileSync(file, 'utf8')) as { e2e?: boolean; why?: string };
  return meta.e2e === false ? (meta.why ?? 'fixture.json says e2e: false') : undefined;
}

/**
 * A fixture whose fixture.json says `"e2eCompose": false` builds and runs its app image here, but its compose stack
 * cannot come up (a service's build needs a host this machine cannot reach); its `whyCompose` says which.
 */
export function composeSkipReason(name: string): string | undefined {
  const file = path.join(FIXTURES, name, 'fixture.json');
  if (!existsSync(file)) return undefined;
  const meta = JSON.parse(readFileSync(file, 'utf8')) as { e2eCompose?: boolean; whyCompose?: string };
  return meta.e2eCompose === false ? (meta.whyCompose ?? 'fixture.json says e2eCompose: false') : undefined;
}

/** Copies a fixture's project into a fresh temp dir and returns that dir. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cdf-e2e-${name}-`));
  await cp(path.join(FIXTURES, name, 'project'), dir, {
    recursive: true,
    filter: (src) => !SKIP_DIRS.has(path.basename(src)),
  });
  return dir;
}

/** The extra CLI flags of a fixture (fixture.json "args"), as the static fixture tests pass them. */
export function fixtureArgs(name: string): string[] {
  const file = path.join(FIXTURES, name, 'fixture.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { args?: string[] }).args ?? [];
}

/**
 * Runs the generator non-interactively in `dir`, with the fixture's own flags. `E2E_GENERATOR` may point at another
 * build of the CLI (a JS file) to test that instead of this checkout's bin.
 */
export async function runGenerator(dir: string, args: string[] = []): Promise<void> {
  const bin = process.env.E2E_GENERATOR ?? path.join(REPO_ROOT, 'bin', 'create-dockerfile.cjs');
  const r = await cmd(process.execPath, [bin, '--yes', '--cwd', dir, ...args], { cwd: dir, timeoutMs: 120_000 });
  if (!r.ok) throw new Error(`generator failed in ${dir} (exit ${r.exitCode}):\n${tail(r.all, 60)}`);
}

const SOURCE_EXT: Record<string, string> = {
  '.js': '//', '.mjs': '//', '.cjs': '//', '.jsx': '//', '.ts': '//', '.tsx': '//', '.mts': '//',
  '.go': '//', '.rs': '//', '.java': '//', '.kt': '//', '.py': '#',
};

/**
 * Picks the app's main source file: entry-like names (server, main, index, app) near the top of the
 * tree first; tests, type declarations and tool configs never, since .dockerignore may drop them.
 */
export async function findSourceFile(dir: string): Promise<string | undefined> {
  const candidates: { file: string; score: number }[] = [];
  async function walk(rel: string, depth: number): Promise<void> {
    if (depth > 6) return;
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.') && !/^(tests?|__tests__|spec|e2e|dist|build)$/.test(entry.name)) {
          await walk(child, depth + 1);
        }
        continue;
      }
      const ext = path.extname(entry.name);
      if (!(ext in SOURCE_EXT) || /\.(test|spec|d|config)\.\w+$/.test(entry.name) || /config\.\w+$/.test(entry.name)) continue;
      const stem = path.basename(entry.name, ext).toLowerCase();
      const entryLike = ['server', 'main', 'index', 'app', 'application', 'lib'].includes(stem) ? 0 : 10;
      candidates.push({ file: child, score: entryLike + depth });
    }
  }
  await walk('', 0);
  candidates.sort((a, b) => a.score - b.score || a.file.localeCompare(b.file));
  return candidates[0]?.file;
}

/** Appends a harmless comment line to a source file (relative to `dir`) so its content changes. */
export async function touchSource(dir: string, rel: string): Promise<void> {
  const marker = SOURCE_EXT[path.extname(rel)] ?? '//';
  await appendFile(path.join(dir, rel), `\n${marker} e2e cache probe ${Date.now()}\n`);
}

/** A fixture run with `--workspace all` (several apps, one compose file): test/e2e/workspace-all.test.ts runs it. */
export function isEveryAppFixture(name: string): boolean {
  const args = fixtureArgs(name);
  return args.some((a, i) => a === '--workspace' && args[i + 1] === 'all');
}
