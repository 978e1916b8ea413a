import { execa } from 'execa';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { runMain } from '../helpers/run-main.js';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'create-dockerfile.cjs');
const run = (args: string[], cwd?: string) => execa('node', [BIN, ...args], { cwd, reject: false, env: { CI: 'true' }, stdin: 'ignore' });
// Cases that do not depend on the working folder run `main()` in-process (same exit code and streams); the built
// bin stays for the default folder, paths shown relative to it, the process exit status and no colour on a pipe.
const inProcess = async (args: string[]) => {
  const r = await runMain(args);
  return { exitCode: r.code, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdf-audit-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:latest\nCOPY . .\nRUN npm install\nENV API_KEY=abc\nCMD npm start\n');
  cpSync(path.join(FIXTURES_DIR, 'express-pg-redis', 'expected'), path.join(dir, 'good'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('audit through the CLI', () => {
  test('audit of a bad Dockerfile: findings with file:line, exit 1', async () => {
    const r = await run(['audit'], dir);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/error\s+Dockerfile:1 {2}no-user:/);
    expect(r.stdout).toMatch(/Dockerfile:4 {2}secret-in-arg-env:/);
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?, \d+ info in Dockerfile\./);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  test('audit of generated files (folder argument; compose, .dockerignore, stack file and k8s/ found): no findings, exit 0', async () => {
    const r = await run(['audit', 'good'], dir);
    const k8s = ['k8s/base/configmap.yaml', 'k8s/base/deployment.yaml', 'k8s/base/kustomization.yaml', 'k8s/base/networkpolicy.yaml',
      'k8s/base/poddisruptionbudget.yaml', 'k8s/base/service.yaml', 'k8s/base/serviceaccount.yaml', 'k8s/kustomization.yaml',
      'k8s/overlays/production/hpa.yaml', 'k8s/overlays/production/kustomization.yaml'];
    expect(r.stdout).toBe(`No findings in ${['Dockerfile', '.dockerignore', 'docker-compose.yml', 'docker-stack.yml', ...k8s].map((f) => `good/${f}`).join(', ')}.`);
    expect(r.exitCode).toBe(0);
  });

  test('audit --json and --sarif print machine-readable reports', async () => {
    const json = await inProcess(['audit', path.join(dir, 'Dockerfile'), '--json']);
    expect(json.exitCode).toBe(1);
    const parsed = JSON.parse(json.stdout) as { findings: { rule: string; line: number }[] };
    expect(parsed.findings).toContainEqual(expect.objectContaining({ rule: 'shell-form-cmd', line: 5 }));
    const sarif = await inProcess(['audit', dir, '--sarif']);
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'create-dockerfile' } } }] });
  });

  test('missing Dockerfile and bad flags are one-line errors with exit 2; --help exits 0', async () => {
    const missing = await inProcess(['audit', 'good/.dockerignore/..', 'x']);
    expect(missing.exitCode).toBe(2);
    const empty = mkdtempSync(path.join(tmpdir(), 'cdf-audit-empty-'));
    try {
      const r = await run(['audit'], empty);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/Dockerfile: no Dockerfile; pass the folder/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const flag = await inProcess(['audit', '--nope']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toMatch(/audit: .*--nope/);
    const help = await inProcess(['audit', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/--sarif/);
    const main = await inProcess(['--help']);
    expect(main.stdout).toMatch(/audit \[DIR\|Dockerfile\]/);
  });
});
