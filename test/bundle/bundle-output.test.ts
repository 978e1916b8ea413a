import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main as sourceMain, type Io } from '../../src/cli/main.js';
import { listFixtures } from '../helpers/fixtures.js';
import { useTempCache } from '../helpers/run-main.js';

// The published CLI is the esbuild bundle (dist/create-dockerfile.cjs and its chunks, built by `npm run build`
// before the tests), with the templates precompiled at build time and the audit, merge and prompt code split into
// chunks loaded on demand. Here the bundle and the sources run the same commands on two copies of every fixture:
// any difference in the files written, the output or the exit code between the two builds fails a test.
const BUNDLE = path.join(import.meta.dirname, '..', '..', 'dist', 'create-dockerfile.cjs');
// The loader is CommonJS, as the bin requires it.
const requireBundle = (): { main: Main } => createRequire(import.meta.url)(BUNDLE) as { main: Main };
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

describe.each(listFixtures({ everyApp: true }))('bundle on fixture $name', (fx) => {
  test('writes, prints and exits as the sources do (generate with its self-audit, then --check)', async () => {
    const { main: bundleMain } = requireBundle();
    const commands = [['--yes', ...fx.args], ['--check', ...fx.args]];
    const fromSource = await session(sourceMain, fx.project, path.join(scratch, 'source', fx.name), commands);
    const fromBundle = await session(bundleMain, fx.project, path.join(scratch, 'bundle', fx.name), commands);
    expect(fromSource.log.join('\n').length).toBeGreaterThan(0);
    expect(fromBundle.log).toEqual(fromSource.log);
    expect(fromBundle.files).toEqual(fromSource.files);
  });
});

// Projects that make a run load code on demand: their own Dockerfile in docker/ (its parser), a hand-written compose file (the
// structural merge), the `audit` command. A fixture's expected output never holds these inputs.
const ON_DEMAND: Record<string, Record<string, string>> = {
  'node-own-dockerfile-and-compose': {
    'package.json': JSON.stringify({ name: 'own', scripts: { start: 'node server.js' } }),
    'server.js': "require('http').createServer((q, s) => s.end('ok')).listen(process.env.SHOP_PORT || 4000);\n",
    'docker/Dockerfile': 'FROM node:22\nENV SHOP_PORT=4000\nEXPOSE 4000\nCMD ["node", "server.js"]\n',
    'compose.yaml': 'services:\n  web:\n    image: nginx # theirs\n',
  },
  'go-serve-in-own-dockerfile': {
    'go.mod': 'module example.com/shelf\n\ngo 1.24\n',
    'main.go': 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\tif len(os.Args) < 2 || os.Args[1] != "serve" {\n\t\tos.Exit(2)\n\t}\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    'docker/Dockerfile': 'FROM golang:1.24\nCOPY . .\nRUN go build -o /shelf .\nCMD ["/shelf", "serve"]\n',
  },
};

describe.each(Object.entries(ON_DEMAND))('bundle on %s', (name, files) => {
  test('generates and audits as the sources do', async () => {
    const project = path.join(scratch, 'on-demand', name);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
      writeFileSync(path.join(project, rel), text);
    }
    const { main: bundleMain } = requireBundle();
    const commands = [['--yes'], ['audit']];
    const fromSource = await session(sourceMain, project, path.join(scratch, 'source', name), commands);
    const fromBundle = await session(bundleMain, project, path.join(scratch, 'bundle', name), commands);
    expect(fromSource.log[0], 'the sources generate').toMatch(/^--yes -> 0/);
    expect(fromBundle.log).toEqual(fromSource.log);
    expect(fromBundle.files).toEqual(fromSource.files);
  });
});
