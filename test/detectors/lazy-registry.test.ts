import { expect, test } from 'vitest';
import { DETECTORS } from '../../detectors/index.js';
import { nodeDetector } from '../../detectors/node/detector.js';
import { goDetector } from '../../detectors/go/detector.js';
import { pythonDetector } from '../../detectors/python/detector.js';
import { rustDetector } from '../../detectors/rust/detector.js';
import { javaDetector } from '../../detectors/java/detector.js';
import { memProject } from '../helpers/memfs.js';

// The registry holds each stack's evidence check and loads its planning code on first use: every entry must be
// its stack's full detector in all but when the code loads.
const FULL = [nodeDetector, goDetector, pythonDetector, rustDetector, javaDetector];

test.each(FULL.map((d) => [d.id, d] as const))('the registry entry of %s is its detector', async (id, full) => {
  const entry = DETECTORS.find((d) => d.id === id)!;
  expect([entry.title, entry.manifests, entry.detect]).toEqual([full.title, full.manifests, full.detect]);
  expect(entry.workspaceApps === undefined).toBe(full.workspaceApps === undefined);
});

test('a registry entry plans and lists workspace apps as its detector does', async () => {
  const files = { 'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node server.js' }, dependencies: { express: '4.21.2' } }), 'server.js': 'app.listen(process.env.PORT || 3000);\n' };
  const entry = DETECTORS.find((d) => d.id === 'node')!;
  expect(await entry.plan(memProject(files), {})).toEqual(await nodeDetector.plan(memProject(files), {}));
  expect(await entry.workspaceApps!(memProject(files))).toEqual(await nodeDetector.workspaceApps!(memProject(files)));
});
