import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Resources } from './lib/cleanup.js';
import { cmd, mustCmd } from './lib/exec.js';
import { REPO_ROOT, copyFixture, runGenerator } from './lib/fixtures.js';
import type { LayerReport } from '../../src/verify/layer-analysis.js';

// `create-dockerfile verify` on one fixture: alone, and --compare against a bloated single-stage Dockerfile
// committed in git. verify removes its own images and containers; this file removes the work dir.
const BIN = path.join(REPO_ROOT, 'bin', 'create-dockerfile.cjs');
const FIXTURE = 'npm-express';
const OLD_DOCKERFILE = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD npm start\n';
const verify = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  cmd(process.execPath, [BIN, 'verify', ...args], { cwd, timeoutMs: 15 * 60_000, env });

test('verify without a Docker engine is one line and exit 2', async () => {
  const dir = await copyFixture(FIXTURE);
  const res = new Resources();
  res.dirs.add(dir);
  try {
    await writeFile(path.join(dir, 'Dockerfile'), OLD_DOCKERFILE);
    const r = await verify([], dir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no Docker engine answers/);
  } finally {
    await res.release();
  }
});

describe.skipIf(!inject('dockerAvailable'))(`verify on ${FIXTURE}`, () => {
  const res = new Resources();
  let dir = '';

  beforeAll(async () => {
    dir = await copyFixture(FIXTURE);
    res.dirs.add(dir);
    await runGenerator(dir);
    const generated = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    // The "before" state lives in git, as it would in a project adopting the generated file.
    await writeFile(path.join(dir, 'Dockerfile'), OLD_DOCKERFILE);
    const git = (args: string[]) => mustCmd('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd: dir });
    await git(['init', '-q']);
    await git(['add', 'Dockerfile']);
    await git(['commit', '-q', '-m', 'old Dockerfile']);
    await writeFile(path.join(dir, 'Dockerfile'), generated);
  });

  afterAll(() => res.release());

  test('verify builds, runs healthy as non-root and reports the measurements', async () => {
    const r = await verify([], dir);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/image size\s+\d+(\.\d)? MB/);
    expect(r.stdout).toMatch(/layers\s+\d+/);
    expect(r.stdout).toMatch(/build time\s+\d+\.\d s/);
    expect(r.stdout).toMatch(/warm rebuild\s+\d+\.\d s \(after editing server\.js\)/);
    expect(r.stdout).toMatch(/running user\s+65532:65532/);
    expect(r.stdout).toMatch(/healthy after\s+\d+\.\d s/);
    expect(r.stdout).toMatch(/audit\s+clean/);
    // The layer report: the distroless base collapsed into one row, the Dockerfile's own layers with instructions.
    expect(r.stdout).toMatch(/^ {4}1(-\d+)? +\d+\.\d [kM]B {2}base image \(\d+ layers?\)$/m);
    expect(r.stdout).toMatch(/^ +\d+ +\d+(\.\d)? (k?B|MB) {2}COPY (--from=\S+ )?\/app\/node_modules \.\/node_modules$/m);
    expect(r.stdout).toMatch(/efficiency +\d+\.\d %/);
    expect(r.stdout).toMatch(/base +\d+\.\d MB \(\d+%\)/);
    expect(r.stdout).toMatch(/\/nodejs\/bin\/node \(layer \d+\)/);
    // tini and node_modules are dependencies; the app is the sources copied last.
    expect(r.stdout).toMatch(/app +\d+\.\d kB \(0%\)/);
  });

  test('verify --compare HEAD prints the before/after table', async () => {
    const r = await verify(['--compare', 'HEAD'], dir);
    expect(r.exitCode, r.all).toBe(0);
    console.log(r.stdout);
    const row = (name: string): string[] => {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`| ${name} `));
      expect(line, `row ${name}`).toBeDefined();
      return line!.split('|').slice(2, 5).map((c) => c.trim());
    };
    expect(r.stdout).toMatch(/verify --compare: HEAD:Dockerfile -> Dockerfile/);
    const size = row('image size').map((c) => Number.parseFloat(c));
    expect(size[1]!, 'the generated image is smaller').toBeLessThan(size[0]!);
    expect(row('build time')[0]).toMatch(/^\d+\.\d s$/);
    expect(row('warm rebuild')[1]).toMatch(/^\d+\.\d s$/);
    expect(row('findings')[0]).toMatch(/error/);
    expect(row('findings')[1]).toBe('clean');
    expect(row('runs as root?').slice(0, 2)).toEqual(['yes', 'no']);
    expect(row('efficiency')[1]).toMatch(/^\d+\.\d %$/);
    const mb = (c: string): number => {
      const m = /^([\d.]+) (B|kB|MB)/.exec(c);
      expect(m, c).not.toBeNull();
      return Number(m![1]) / { B: 1e6, kB: 1e3, MB: 1 }[m![2] as 'B' | 'kB' | 'MB'];
    };
    expect(mb(row('base')[1]!), 'distroless base is smaller than node:22').toBeLessThan(mb(row('base')[0]!));
    // verify cleans up after itself: the work dir is unchanged apart from what git tracks.
    expect((await cmd('git', ['status', '--porcelain', 'Dockerfile'], { cwd: dir })).stdout.trim()).toBe('M Dockerfile');
  });

  test('verify --json --compare prints both measurements with their layer reports', async () => {
    const r = await verify(['--json', '--compare', 'HEAD'], dir);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { passed: boolean; images: { label: string; layers: number; sizeBytes: number; layerReport: LayerReport }[] };
    expect(doc.passed).toBe(true);
    expect(doc.images.map((m) => m.label)).toEqual(['HEAD:Dockerfile', 'Dockerfile']);
    for (const m of doc.images) {
      const lr = m.layerReport;
      expect(lr.layers).toHaveLength(m.layers);
      expect(lr.share.base + lr.share.dependencies + lr.share.app).toBe(lr.finalBytes);
      expect(lr.share.base).toBeGreaterThan(0);
      // The files of the final image are most of what docker reports as its size.
      expect(lr.finalBytes / m.sizeBytes).toBeGreaterThan(0.8);
      expect(lr.finalBytes / m.sizeBytes).toBeLessThan(1.05);
    }
    // The old single-stage file installs with npm into the image: its dependencies are in a RUN layer.
    expect(doc.images[0]!.layerReport.layers.some((l) => !l.base && l.instruction.startsWith('RUN npm install'))).toBe(true);
  });
});

describe.skipIf(!inject('dockerAvailable'))('verify with the environment an app needs', () => {
  const res = new Resources();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-verify-env-'));
    res.dirs.add(dir);
    // Exits 3 unless NEEDED=yes, as an app that cannot start without its configuration.
    const script = "if (process.env.NEEDED !== 'yes') { console.error('NEEDED is not set'); process.exit(3) } setInterval(() => {}, 1000)";
    await writeFile(path.join(dir, 'Dockerfile'), `FROM node:22-bookworm-slim\nUSER 1000:1000\nCMD ["node", "-e", ${JSON.stringify(script)}]\n`);
    await writeFile(path.join(dir, 'app.env'), 'NEEDED=yes\n');
  });
  afterAll(() => res.release());

  test('without it the container exits and verify fails; -e or --env-file makes it pass', async () => {
    const bare = await verify([], dir);
    expect(bare.exitCode, bare.all).toBe(1);
    expect(bare.stdout).toMatch(/healthy after +exited \(3\)/);
    expect(bare.stdout).toMatch(/NEEDED is not set/);
    const withE = await verify(['-e', 'NEEDED=yes'], dir);
    expect(withE.exitCode, withE.all).toBe(0);
    expect(withE.stdout).toMatch(/healthy after +running \(no HEALTHCHECK\)/);
    const withFile = await verify(['--env-file', 'app.env'], dir);
    expect(withFile.exitCode, withFile.all).toBe(0);
  });
});

// A project whose app needs a backing service and a variable, written here on images this engine has: the backing
// service answers on TCP; the app exits unless it can reach it, and turns healthy once it has.
const APP = "if (!process.env.TOKEN) { console.error('TOKEN is not set'); process.exit(4) } const c = require('net').connect(7000, 'backend'); c.on('error', (e) => { console.error('backend: ' + e.code); process.exit(5) }); c.on('data', () => require('fs').writeFileSync('/tmp/ok', 'ok')); setInterval(() => {}, 1000)";
const BACKEND = "require('net').createServer((s) => s.end('ok')).listen(7000, () => require('fs').writeFileSync('/tmp/ready', ''))";
const COMPOSE = `services:
  app:
    build: .
    environment:
      TOKEN: "\${TOKEN:?set TOKEN in .env}"
    depends_on:
      backend:
        condition: service_healthy
  backend:
    image: node:22-bookworm-slim
    command: ["node", "-e", ${JSON.stringify(BACKEND)}]
    volumes:
      - "backend-data:/data"
    healthcheck:
      test: ["CMD", "node", "-e", "require('fs').statSync('/tmp/ready')"]
      interval: 2s
      retries: 30
volumes:
  backend-data: {}
`;

describe.skipIf(!inject('dockerAvailable'))('verify with compose backing services', () => {
  const res = new Resources();
  let dir = '';
  let envFile = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-verify-compose-'));
    res.dirs.add(dir);
    await writeFile(path.join(dir, 'Dockerfile'), `FROM node:22-bookworm-slim\nUSER 1000:1000\nHEALTHCHECK --interval=2s CMD ["node", "-e", "require('fs').statSync('/tmp/ok')"]\nCMD ["node", "-e", ${JSON.stringify(APP)}]\n`);
    await writeFile(path.join(dir, 'docker-compose.yml'), COMPOSE);
    const envDir = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-verify-envfile-'));
    res.dirs.add(envDir);
    envFile = path.join(envDir, 'verify.env');
    await writeFile(envFile, `TOKEN=${randomBytes(12).toString('hex')}\n`);
  });
  afterAll(() => res.release());

  test('the app runs with its backing service and turns healthy; compose down removes containers and volumes', async () => {
    const r = await verify(['--env-file', envFile], dir);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/healthy after +\d+\.\d s/);
    expect(r.stdout).toMatch(/running user +1000:1000/);
    const left = await mustCmd('docker', ['ps', '-a', '--filter', 'name=cdf-verify', '--format', '{{.Names}}']);
    expect(left.stdout.trim()).toBe('');
    const volumes = await mustCmd('docker', ['volume', 'ls', '--filter', 'name=cdf-verify', '--format', '{{.Name}}']);
    expect(volumes.stdout.trim()).toBe('');
  });

  test('alone (--no-compose) the app cannot reach its backing service and verify fails', async () => {
    const r = await verify(['--no-compose', '-e', 'TOKEN=x'], dir);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toMatch(/healthy after +exited \(5\)/);
    expect(r.stdout).toMatch(/backend: (ENOTFOUND|EAI_AGAIN)/);
  });

  test('a missing required variable fails with compose\'s message, not a hang', async () => {
    const r = await verify([], dir);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toMatch(/not started/);
    expect(r.stdout).toMatch(/set TOKEN in \.env/);
  });
});
