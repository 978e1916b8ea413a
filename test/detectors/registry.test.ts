import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../helpers/memfs.js';
import { detectStack, buildPlan } from '../../src/plan/detect.js';
import { DETECTORS } from '../../detectors/index.js';
import type { Detector } from '../../detectors/types.js';

const django = { 'manage.py': 'import django', 'requirements.txt': 'Django==3.2\n' };

describe('choosing among several manifests', () => {
  test.each<[string, Files, string]>([
    ['Django with a package.json that builds assets', { ...django, 'package.json': { scripts: { build: 'vite build' } } }, 'python'],
    ['Django with a package.json that has a start script', { ...django, 'package.json': { scripts: { start: 'vite' } } }, 'python'],
    ['Node server with a tools-only pyproject.toml', { 'package.json': { scripts: { start: 'node s.js' } }, 'pyproject.toml': '[tool.black]\nline-length = 100\n' }, 'node'],
    ['Go service with a package.json for tooling', { 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': 'package main\nfunc main() {}\n', 'package.json': { devDependencies: { prettier: '3' } } }, 'go'],
    ['static SPA alone', { 'package.json': { scripts: { build: 'vite build' }, devDependencies: { vite: '6' } } }, 'node'],
  ])('%s -> %s', async (_, files, stack) => {
    expect((await detectStack(memProject(files), {})).detector.id).toBe(stack);
  });

  test('the plan says which stack was chosen over which, and how to choose', async () => {
    const files: Files = {
      ...django,
      'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
      'site1/settings.py': "WSGI_APPLICATION = 'site1.wsgi.application'\n",
      'site1/wsgi.py': 'application = None\n',
      'package.json': { scripts: { build: 'vite build' } },
    };
    const { plan } = await buildPlan(memProject(files), {});
    expect(plan.notes[0]).toMatch(/^stack python chosen \(strongest evidence: manage.py \(Django\)\) over node \(package.json with a build script\); pass --stack/);
  });

  test('--stack overrides the evidence', async () => {
    const files = { ...django, 'package.json': { scripts: { build: 'vite build' }, devDependencies: { vite: '6' } } };
    expect((await detectStack(memProject(files), { stack: 'node' })).detector.id).toBe('node');
  });

  const goWithBrokenTooling: Files = { 'go.mod': 'module example.com/x\n\ngo 1.22\n', 'main.go': 'package main\nfunc main() {}\n', 'package.json': '{ "devDependencies": { "prettier": "3" }, }\n' };

  test('without --stack, a broken package.json beside go.mod is still an error naming the file', async () => {
    await expect(buildPlan(memProject(goWithBrokenTooling), {})).rejects.toThrow(/^package.json:\d+:\d+: invalid JSON/);
  });

  test('--stack go next to a broken package.json plans Go: the other detectors never look', async () => {
    const { plan, detection } = await buildPlan(memProject(goWithBrokenTooling), { stack: 'go' });
    expect([plan.stack, detection.candidates.map((c) => c.stack)]).toEqual(['go', ['go']]);
    expect(plan.notes.join('\n')).not.toMatch(/chosen .* over/);
  });

  test('--stack runs only the named detector\'s detect()', async () => {
    const asked: string[] = [];
    const spied: Detector[] = DETECTORS.map((d) => ({ ...d, detect: async (fs) => (asked.push(d.id), d.detect(fs)) }));
    await detectStack(memProject(goWithBrokenTooling), { stack: 'go' }, spied);
    expect(asked).toEqual(['go']);
  });
});
