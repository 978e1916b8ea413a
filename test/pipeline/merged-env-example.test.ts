import { afterAll, expect, test } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepare } from '../../src/pipeline/run.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { useTempCache } from '../helpers/run-main.js';

// Their own database service was matched (state merged:): it keeps its credentials, so our POSTGRES_* secrets
// would be .env.example lines nobody reads.
useTempCache();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const project = (compose?: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdf-merged-env-'));
  dirs.push(dir);
  cpSync(path.join(FIXTURES_DIR, 'compose-merge-db-web', 'project'), dir, { recursive: true });
  if (compose !== undefined) writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return dir;
};
const envExample = async (dir: string): Promise<string> => {
  const { gen } = await prepare({ cwd: dir, answers: {}, reset: false, onConflict: 'report' });
  return gen.files.find((f) => f.path === '.env.example')?.text ?? '';
};

test('their matched database keeps its own password variable: ours is not added to .env.example', async () => {
  const text = await envExample(project());
  expect(text).toMatch(/^DB_PASSWORD=$/m);
  expect(text).not.toMatch(/POSTGRES_PASSWORD/);
  expect(text).toMatch(/^DJANGO_SECRET_KEY=$/m);
});

test('negative: a matched database that reads our variable keeps it in .env.example', async () => {
  const own = 'services:\n  db:\n    image: postgres:16-alpine\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n  web:\n    build: .\n    depends_on:\n      - db\n';
  expect(await envExample(project(own))).toMatch(/^POSTGRES_PASSWORD=$/m);
});

test('negative: no compose file of theirs, so ours runs postgres and its password stays', async () => {
  const dir = project();
  rmSync(path.join(dir, 'compose.yaml'));
  expect(await envExample(dir)).toMatch(/^POSTGRES_PASSWORD=$/m);
});
