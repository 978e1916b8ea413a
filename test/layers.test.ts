import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every relative import of every source file, as repo-relative paths: [importer, imported]. */
function importEdges(): [string, string][] {
  const edges: [string, string][] = [];
  for (const file of fg.sync(['src/**/*.ts', 'detectors/**/*.ts'], { cwd: ROOT })) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      edges.push([file, path.posix.join(path.posix.dirname(file), m[1]!)]);
    }
  }
  return edges;
}

// Data flows one way: detectors -> plan -> render -> write/state; the CLI sits on top. A folder on the left may not
// import from any folder on the right.
const FORBIDDEN: [string, string[]][] = [
  ['src/write/', ['src/state/', 'src/cli/']],
  ['src/state/', ['src/cli/', 'src/pipeline/']],
  ['src/cli/', ['src/write/', 'src/state/']],
  ['src/pipeline/', ['src/cli/']],
  ['src/render/', ['src/cli/', 'src/write/', 'src/state/', 'detectors/']],
  ['src/plan/', ['src/cli/', 'src/write/', 'src/state/', 'src/render/', 'src/outputs/']],
  ['src/outputs/', ['src/cli/', 'src/write/', 'src/state/', 'src/render/']],
  ['src/answers/', ['src/cli/', 'src/write/', 'src/state/', 'src/render/']],
  ['detectors/', ['src/cli/', 'src/write/', 'src/state/', 'src/render/']],
];

test.each(FORBIDDEN)('%s imports nothing from %j', (from, banned) => {
  const edges = importEdges();
  expect(edges.length).toBeGreaterThan(100);
  const bad = edges.filter(([a, b]) => a.startsWith(from) && banned.some((x) => b.startsWith(x)));
  expect(bad).toEqual([]);
});
