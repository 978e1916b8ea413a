import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyChoices, prepare, type Asker, type PlannedFile } from '../../src/pipeline/run.js';
import { DETECTORS } from '../../detectors/index.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { useTempCache } from '../helpers/run-main.js';

useTempCache();
const dir = mkdtempSync(path.join(tmpdir(), 'cdf-pipeline-'));
cpSync(path.join(FIXTURES_DIR, 'npm-express', 'project'), dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

test('one run detects once, even when the asker changes answers, and plans with what was asked', async () => {
  const spies = DETECTORS.map((d) => vi.spyOn(d, 'detect'));
  const asker: Asker = {
    stack: async () => undefined,
    workspace: async () => { throw new Error('not a workspace'); },
    answers: async (plan, answers) => ({ ...answers, port: plan.port + 1 }),
    conflicts: async () => ({}),
  };
  const { gen } = await prepare({ cwd: dir, answers: {}, reset: false, onConflict: 'report' }, asker);
  expect(spies.map((s) => s.mock.calls.length)).toEqual(DETECTORS.map(() => 1));
  expect(gen.plan.port).toBe(3001);
  expect(gen.files.map((f) => f.status)).toEqual(gen.files.map(() => 'create'));
});

test('--stack: only the named detector looks at the project', async () => {
  const spies = DETECTORS.map((d) => vi.spyOn(d, 'detect'));
  await prepare({ cwd: dir, answers: { stack: 'node' }, reset: false, onConflict: 'report' });
  expect(spies.map((s, i) => [DETECTORS[i]!.id, s.mock.calls.length])).toEqual(DETECTORS.map((d) => [d.id, d.id === 'node' ? 1 : 0]));
});

test('conflict choices become statuses without touching the list they came from', () => {
  const conflict = (p: string): PlannedFile => ({ path: p, status: 'conflict', text: 'gen', generated: 'gen', current: 'mine', withMarkers: '<<<' });
  const files = [conflict('a'), conflict('b'), conflict('c'), conflict('d')];
  const after = applyChoices(files, { a: 'keep', b: 'generated', c: 'markers' });
  expect(after.map((f) => [f.status, f.text])).toEqual([['kept', 'mine'], ['update', 'gen'], ['merge', '<<<'], ['conflict', 'gen']]);
  expect(files.map((f) => f.status)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
});
