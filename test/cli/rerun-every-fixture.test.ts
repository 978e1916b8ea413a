import { afterAll, describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listFixtures } from '../helpers/fixtures.js';
import { runMain, useTempCache } from '../helpers/run-main.js';

// A re-run on an unchanged project must change nothing: what a run writes (.env.example, the compose file, the state
// file) is read back by the next one, so every fixture is generated, checked and generated again, in-process.
const cache = useTempCache();
const scratch = mkdtempSync(path.join(tmpdir(), 'cdf-rerun-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file of a folder with its text and modification time. */
function snapshot(dir: string): Record<string, { text: string; mtime: number }> {
  const out: Record<string, { text: string; mtime: number }> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out[path.relative(dir, file)] = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
  }
  return out;
}

describe.each(listFixtures({ everyApp: true }))('fixture $name, run again unchanged', (fx) => {
  test('--check right after --yes is up to date; a second --yes reports every file identical and writes nothing', async () => {
    const dir = path.join(scratch, fx.name);
    cpSync(fx.project, dir, { recursive: true });
    const run = (...args: string[]) => runMain(['--cwd', dir, ...args, ...fx.args], { XDG_CACHE_HOME: cache });
    const first = await run('--yes');
    expect(first.code, first.stderr).toBe(0);
    const check = await run('--check');
    expect(check.code, `${check.stderr}${check.stdout}`).toBe(0);
    const before = snapshot(dir);
    const again = await run('--yes', '--json');
    expect(again.code, again.stderr).toBe(0);
    const files = (JSON.parse(again.stdout) as { files: { path: string; status: string }[] }).files;
    // `kept`: the project's own compose file, ours merged in on the first run, with nothing new to apply.
    expect(files.filter((f) => f.status !== 'identical' && f.status !== 'kept')).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });
});
