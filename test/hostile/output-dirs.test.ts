import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeDir, snapshotTree, tempDir } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';

// Outputs in folders (.github/workflows/, k8s/...) are written into real folders inside the project only.
useTempCache();

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function project(label: string): string {
  const dir = tempDir(label);
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node s.js' } }));
  writeFileSync(path.join(dir, 's.js'), SERVER);
  return dir;
}

describe('folders of outputs', () => {
  test('a first run creates .github/workflows/ and k8s/overlays/production/', async () => {
    const dir = project('dirs-new');
    const r = await runMain(['--yes', '--ci', 'github', '--k8s', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, '.github/workflows/container.yml'))).toBe(true);
    expect(existsSync(path.join(dir, 'k8s/overlays/production/kustomization.yaml'))).toBe(true);
  });

  test('a symbolic link where an output folder goes is refused before anything is written', async () => {
    const dir = project('dirs-link');
    const outside = tempDir('dirs-outside');
    dirs.push(outside);
    symlinkSync(outside, path.join(dir, 'k8s'));
    const before = snapshotTree(dir);
    const r = await runMain(['--yes', '--k8s', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^create-dockerfile: k8s: a symbolic link where create-dockerfile writes a folder of outputs/m);
    expect(readdirSync(outside)).toEqual([]);
    expect(snapshotTree(dir)).toEqual(before);
  });

  test('a file where an output folder goes is refused', async () => {
    const dir = project('dirs-file');
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(path.join(dir, '.github/workflows'), 'not a folder');
    const r = await runMain(['--yes', '--ci', 'github', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.github\/workflows: not a folder/);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });
});
