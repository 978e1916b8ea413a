import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { composeProject } from '../../src/verify/compose-run.js';
import { dockerEnvArgs, parseVerifyArgs } from '../../src/verify/options.js';
import { countGrype, countTrivy, findScanner, runScan, scanCommand, scanText } from '../../src/verify/scan.js';

// The reports are written by hand from the scanners' documented JSON shapes (see reports/README.md).
const report = (name: string): unknown => JSON.parse(readFileSync(new URL(`./reports/${name}`, import.meta.url), 'utf8'));
const work = mkdtempSync(path.join(tmpdir(), 'cdf-verify-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scan reports (hand-written)', () => {
  test('Trivy: CRITICAL/HIGH counted once per vulnerability and package, other severities ignored', () => {
    expect(countTrivy(report('trivy-hand-written.json'))).toEqual({ critical: 1, high: 3 });
  });
  test('Grype: severities are capitalised words', () => {
    expect(countGrype(report('grype-hand-written.json'))).toEqual({ critical: 2, high: 1 });
  });
  test('anything else is an error', () => {
    expect(() => countTrivy({ SchemaVersion: 1, Results: [] })).toThrow(/schema version 2/);
    expect(() => countGrype({ results: [] })).toThrow(/no matches array/);
    expect(scanText({ tool: 'grype', error: 'boom' })).toBe('scan failed: boom');
    expect(scanText({ tool: 'trivy', critical: 0, high: 2 })).toBe('0 critical, 2 high (trivy)');
  });
  test('commands scan the local image and print JSON', () => {
    expect(scanCommand('trivy', 'img:cold')).toEqual(['trivy', 'image', '--quiet', '--scanners', 'vuln', '--format', 'json', 'img:cold']);
    expect(scanCommand('grype', 'img:cold')).toEqual(['grype', 'docker:img:cold', '--output', 'json', '--quiet']);
  });
  test('a scanner on PATH is found and run; its report is counted', async () => {
    const bin = path.join(work, 'bin');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(bin, { recursive: true });
    // A stand-in `trivy` that answers --version and prints the hand-written report for `trivy image ... img:cold`.
    const fake = `#!/bin/sh\n[ "$1" = "--version" ] && { echo "Version: test"; exit 0; }\n[ "$1" = image ] && [ "$7" = "img:cold" ] && { cat '${new URL('./reports/trivy-hand-written.json', import.meta.url).pathname}'; exit 0; }\necho "unexpected: $*" >&2; exit 3\n`;
    writeFileSync(path.join(bin, 'trivy'), fake);
    chmodSync(path.join(bin, 'trivy'), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    try {
      expect(await findScanner()).toBe('trivy');
      expect(await runScan('trivy', 'img:cold')).toEqual({ tool: 'trivy', critical: 1, high: 3 });
      expect(await runScan('trivy', 'other')).toMatchObject({ tool: 'trivy', error: expect.stringMatching(/exited 3: unexpected/) });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('verify options', () => {
  test('env flags: --env-file first, then -e in order', () => {
    const env = path.join(work, 'app.env');
    writeFileSync(env, 'A=1\n');
    const o = parseVerifyArgs(['sub', '--env-file', 'app.env', '-e', 'A=2', '--env', 'URL=postgres://x/y?a=b', '--json', '--scan', '--no-compose'], work);
    expect(o).toMatchObject({ dir: path.join(work, 'sub'), envFile: env, json: true, scan: true, compose: false, timeoutS: 90 });
    expect(dockerEnvArgs(o)).toEqual(['--env-file', env, '-e', 'A=2', '-e', 'URL=postgres://x/y?a=b']);
    expect(parseVerifyArgs([], work)).toMatchObject({ compose: true, json: false, env: [] });
  });
  test('mistakes are one-line usage errors', () => {
    expect(() => parseVerifyArgs(['-e', 'NOVALUE'], work)).toThrow(/-e NOVALUE is not KEY=VALUE/);
    expect(() => parseVerifyArgs(['--env-file', 'missing.env'], work)).toThrow(/--env-file missing\.env: no such file/);
    expect(() => parseVerifyArgs(['--timeout', 'x'], work)).toThrow(/--timeout x is not a number/);
    expect(() => parseVerifyArgs(['a', 'b'], work)).toThrow(/one folder at most/);
  });
});

describe('compose projects', () => {
  const write = (name: string, text: string): string => {
    const d = mkdtempSync(path.join(work, 'c-'));
    writeFileSync(path.join(d, name), text);
    return d;
  };
  test('one built service plus backing services, with the port variables', () => {
    const d = write('docker-compose.yml', 'services:\n  web:\n    build: .\n    ports: ["${APP_PORT:-8080}:8080", "9000:9000"]\n  db:\n    image: postgres:17\n');
    expect(composeProject(d)).toEqual({ file: 'docker-compose.yml', app: 'web', backing: ['db'], portVars: ['APP_PORT'] });
  });
  test('no backing service, two built services, or no file: run the image alone', () => {
    expect(composeProject(write('compose.yaml', 'services:\n  web:\n    build: .\n'))).toBeUndefined();
    expect(composeProject(write('compose.yaml', 'services:\n  a:\n    build: .\n  b:\n    build: ./b\n  db:\n    image: redis\n'))).toBeUndefined();
    expect(composeProject(mkdtempSync(path.join(work, 'none-')))).toBeUndefined();
  });
  test('broken YAML is a usage error naming the file', () => {
    expect(() => composeProject(write('compose.yml', 'services: [\n'))).toThrow(/compose\.yml: not valid YAML.*--no-compose/);
  });
});
