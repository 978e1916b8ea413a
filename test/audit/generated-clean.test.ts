import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
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
  // Folders (.github/workflows) hold files the audit does not read.
  const names = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile());
  expect(names).toContain('Dockerfile');
  const files = names.map((f) => ({ path: f, text: readFileSync(path.join(dir, f), 'utf8') }));
  // The tables' date, not today: generated files must audit clean on the day their tool version was made.
  expect(auditFiles(files, { today: TABLE_DATE }).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`)).toEqual([]);
});
