import { existsSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { excludedBy, parseDockerignore } from '../audit/dockerignore.js';
import { byCodeUnits } from '../../detectors/shared/text-order.js';

/**
 * Copies the build context into a temp dir, leaving out what .dockerignore excludes (the builder
 * would not see it either), so the warm-rebuild probe can edit a source file without touching the project.
 */
export async function copyContext(projectDir: string): Promise<string> {
  const ignore = path.join(projectDir, '.dockerignore');
  const patterns = parseDockerignore(existsSync(ignore) ? readFileSync(ignore, 'utf8') : '');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-verify-'));
  await cp(projectDir, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(projectDir, src).split(path.sep).join('/');
      return rel === '' || rel === '.dockerignore' || !excludedBy(patterns, rel);
    },
  });
  return dir;
}

const COMMENT: Record<string, string> = {
  '.js': '//', '.mjs': '//', '.cjs': '//', '.ts': '//', '.tsx': '//', '.jsx': '//', '.go': '//', '.rs': '//',
  '.java': '//', '.kt': '//', '.php': '//', '.py': '#', '.rb': '#',
};
const SKIP = /^(node_modules|\.git|target|dist|build|vendor|\.venv|venv|__pycache__|tests?|__tests__)$/;

/**
 * Simulates a source edit in the copied context: appends a comment to the shallowest source file
 * (entry-like names first), or adds a small file at the root when there is none. Returns what changed.
 */
export async function editSource(dir: string): Promise<string> {
  const found: { rel: string; score: number }[] = [];
  async function walk(rel: string, depth: number): Promise<void> {
    if (depth > 5) return;
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP.test(e.name) && !e.name.startsWith('.')) await walk(child, depth + 1);
      } else if (path.extname(e.name) in COMMENT && !/\.(test|spec|d|config)\.\w+$/.test(e.name)) {
        const entry = /^(main|index|server|app|application)\./.test(e.name) ? 0 : 10;
        found.push({ rel: child, score: entry + depth });
      }
    }
  }
  await walk('', 0);
  found.sort((a, b) => a.score - b.score || byCodeUnits(a.rel, b.rel));
  const target = found[0];
  if (target) {
    await appendFile(path.join(dir, target.rel), `\n${COMMENT[path.extname(target.rel)]} verify: warm-rebuild probe ${Date.now()}\n`);
    return target.rel;
  }
  await writeFile(path.join(dir, 'verify-probe.txt'), `${Date.now()}\n`);
  return 'verify-probe.txt';
}
