import { describe, expect, test } from 'vitest';
import { auditFiles } from '../../src/audit/audit.js';
import { RULES } from '../../src/audit/rules.js';
import type { Finding } from '../../src/audit/types.js';
import { DOCKERFILE_CASES, df, type Sample } from './samples-dockerfile.js';
import { RUN_CASES } from './samples-run.js';
import { COMPOSE_CASES } from './samples-compose.js';
import { K8S_CASES } from './samples-k8s.js';
import { STACK_CASES } from './samples-stack.js';
import { TABLE_DATE } from '../../src/versions/date.js';

const CASES = [...DOCKERFILE_CASES, ...RUN_CASES, ...COMPOSE_CASES, ...STACK_CASES, ...K8S_CASES];
const SAFE_IGNORE = '.git\n.env\n.env.*\n*.pem\n*.key\nid_rsa*\n';

/** Audits a sample; a Dockerfile without a .dockerignore gets a safe one unless the rule is about its absence. */
function audit(sample: Sample, rule: string): Finding[] {
  const files = { ...sample.files };
  if (files.Dockerfile !== undefined && files['.dockerignore'] === undefined && rule !== 'dockerignore-missing') files['.dockerignore'] = SAFE_IGNORE;
  // End-of-life dates compare with the tables' date, so the samples never flip as the calendar moves.
  return auditFiles(Object.entries(files).map(([path, text]) => ({ path, text })), { today: TABLE_DATE });
}

const show = (s: Sample): string => Object.values(s.files).join('---\n');

describe.each(CASES)('$rule', ({ rule, bad, good }) => {
  test.each(bad.map((s) => [show(s), s] as const))('reports %s', (_name, sample) => {
    const mine = audit(sample, rule).filter((f) => f.rule === rule);
    expect(mine.map((f) => `${f.file}:${f.line}`)).toContain(`${sample.file ?? 'Dockerfile'}:${sample.line}`);
    expect(mine[0]!.severity).toBe(RULES.find((r) => r.id === rule)!.severity);
    expect(mine[0]!.message.length).toBeGreaterThan(10);
  });
  test.each(good.map((s) => [show(s), s] as const))('accepts %s', (_name, sample) => {
    expect(audit(sample, rule).filter((f) => f.rule === rule)).toEqual([]);
  });
});

test('every rule has at least one failing and one passing sample, and no sample names an unknown rule', () => {
  const covered = new Map(CASES.map((c) => [c.rule, c]));
  for (const r of RULES) {
    expect(covered.get(r.id)?.bad.length ?? 0, `${r.id} failing samples`).toBeGreaterThan(0);
    expect(covered.get(r.id)?.good.length ?? 0, `${r.id} passing samples`).toBeGreaterThan(0);
  }
  expect([...covered.keys()].filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

test('the deliberately bad Dockerfile reports each problem on its line', () => {
  const text = df(
    'FROM node:latest',
    'WORKDIR /app',
    'COPY . .',
    'RUN npm install',
    'ENV API_KEY=sk_live_123',
    'EXPOSE 3000',
    'CMD npm start',
  );
  const found = auditFiles([{ path: 'Dockerfile', text }]).map((f) => `${f.line} ${f.rule} ${f.severity}`);
  expect(found).toEqual([
    '1 base-image-untagged warning',
    '1 no-healthcheck warning',
    '1 no-user error',
    '1 oci-labels-missing warning',
    '3 copy-all-before-install warning',
    '3 dockerignore-missing warning',
    '4 build-tools-in-final-image warning',
    '4 npm-cache warning',
    '5 secret-in-arg-env error',
    '7 shell-form-cmd warning',
  ]);
});

test('a compose file that is not YAML is a one-line user error', () => {
  expect(() => auditFiles([{ path: 'compose.yaml', text: 'services:\n  app: [\n' }])).toThrow(/compose\.yaml: not valid YAML/);
  // The parser's message ends with `line 3, column 1:` before a source excerpt; the colon must not reach the user.
  expect(() => auditFiles([{ path: 'compose.yaml', text: 'services:\n  app: [\n' }])).toThrow(/not valid YAML \([^\n]*\d\); fix the file/);
});
