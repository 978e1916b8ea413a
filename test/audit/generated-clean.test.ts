import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import fg from 'fast-glob';
import { auditFiles } from '../../src/audit/audit.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { TABLE_DATE } from '../../src/versions/date.js';

// Every reviewed generated file set (test/fixtures/*/expected) must audit with zero findings.
const cases = readdirSync(FIXTURES_DIR)
  .filter((name) => statSync(path.join(FIXTURES_DIR, name)).isDirectory())
  .map((name) => ({ name, dir: path.join(FIXTURES_DIR, name, 'expected') }))
  .filter(({ dir }) => readdirSync(path.join(dir, '..')).includes('expected'));

test('there are generated fixtures to audit', () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
});

test.each(cases)('$name: generated files audit clean', ({ dir }) => {
  // Every file, in folders too (.github/workflows, k8s/); the audit reads the kinds it knows.
  const names = fg.sync('**/*', { cwd: dir, dot: true });
  expect(names.some((n) => n === 'Dockerfile' || n.endsWith('/Dockerfile'))).toBe(true);
  const files = names.map((f) => ({ path: f, text: readFileSync(path.join(dir, f), 'utf8') }));
  // The tables' date, not today: generated files must audit clean on the day their tool version was made.
  expect(auditFiles(files, { today: TABLE_DATE }).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`)).toEqual([]);
});
