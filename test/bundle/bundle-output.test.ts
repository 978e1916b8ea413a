import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { main as sourceMain, type Io } from '../../src/cli/main.js';
import { listFixtures } from '../helpers/fixtures.js';
import { useTempCache } from '../helpers/run-main.js';

// The published CLI is the esbuild bundle (dist/create-dockerfile.mjs and its chunks, built by `npm run build`
// before the tests), with the templates precompiled at build time and the audit, merge and prompt code split into
// chunks loaded on demand. Here the bundle and the sources run the same commands on two copies of every fixture:
// any difference in the files written, the output or the exit code between the two builds fails a test.
const BUNDLE = path.join(import.meta.dirname, '..', '..', 'dist', 'create-dockerfile.mjs');
type Main = (argv: string[], io: Io) => Promise<number>;

useTempCache();
const scratch = mkdtempSync(path.join(tmpdir(), 'cdf-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under `dir` with its text, by relative path. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    out[path.relative(dir, abs).split(path.sep).join('/')] = readFileSync(abs, 'utf8');
  }
  return out;
}

/** Runs the same commands with one build in its own copy of the project; what it printed, exited with and left. */
async function session(main: Main, project: string, dir: string, commands: string[][]) {
  cpSync(project, dir, { recursive: true });
  const log: string[] = [];
  for (const argv of commands) {
    let out = '';
    const io: Io = { out: (t) => void (out += t), err: (t) => void (out += t), env: { CI: 'true' }, stdinIsTTY: false };
    const code = await main([...argv, '--cwd', dir], io);
    log.push(`${argv.join(' ')} -> ${code}\n${out.split(dir).join('<project>')}`);
  }
  return { log, files: filesUnder(dir) };
}

describe.each(listFixtures())('bundle on fixture $name', (fx) => {
  test('writes, prints and exits as the sources do (generate with its self-audit, then --check)', async () => {
    const { main: bundleMain } = (await import(pathToFileURL(BUNDLE).href)) as { main: Main };
    const commands = [['--yes', ...fx.args], ['--check', ...fx.args]];
    const fromSource = await session(sourceMain, fx.project, path.join(scratch, 'source', fx.name), commands);
    const fromBundle = await session(bundleMain, fx.project, path.join(scratch, 'bundle', fx.name), commands);
    expect(fromSource.log.join('\n').length).toBeGreaterThan(0);
    expect(fromBundle.log).toEqual(fromSource.log);
    expect(fromBundle.files).toEqual(fromSource.files);
  });
});
