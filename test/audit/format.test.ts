import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { auditFiles, auditSummary } from '../../src/audit/audit.js';
import { formatHuman, formatJson, formatSarif } from '../../src/audit/format.js';
import { RULES, rulesMarkdown } from '../../src/audit/rules.js';

const BAD = [
  { path: 'app/Dockerfile', text: 'FROM node:latest\nCOPY . .\nRUN npm install\nUSER root\nCMD npm start\n' },
  { path: 'app/compose.yaml', text: 'services:\n  app:\n    build: .\n    privileged: true\n' },
];
const findings = auditFiles(BAD);

describe('SARIF 2.1.0', () => {
  const log = JSON.parse(formatSarif(findings, '1.2.3')) as Record<string, any>;
  const run = log.runs[0];

  test('has the 2.1.0 envelope and one run with the tool driver', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'create-dockerfile', version: '1.2.3' });
  });

  test('lists every rule with id, descriptions, help and a valid default level', () => {
    const rules = run.tool.driver.rules as Record<string, any>[];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of rules) {
      expect(r.shortDescription.text).toBeTypeOf('string');
      expect(r.fullDescription.text).toBeTypeOf('string');
      expect(r.help.text).toBeTypeOf('string');
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration.level);
    }
  });

  test('has one result per finding, pointing at its rule by id and index, with a 1-based region', () => {
    const rules = run.tool.driver.rules as { id: string }[];
    expect(run.results).toHaveLength(findings.length);
    for (const [i, r] of (run.results as Record<string, any>[]).entries()) {
      expect(r.ruleId).toBe(findings[i]!.rule);
      expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe(findings[i]!.file);
      expect(Number.isInteger(loc.region.startLine) && loc.region.startLine >= 1).toBe(true);
    }
    expect((run.results as { level: string }[]).map((r) => r.level)).toContain('error');
  });
});

test('human output groups by file, shows file:line, rule, message and fix; colours only when asked', () => {
  const plain = formatHuman(findings, BAD.map((f) => f.path), false);
  expect(plain).toMatch(/^app\/Dockerfile\n/);
  expect(plain).toMatch(/error\s+app\/Dockerfile:4 {2}root-user: USER root/);
  expect(plain).toMatch(/fix: Switch to an unprivileged numeric user/);
  expect(plain).toMatch(/\napp\/compose\.yaml\n/);
  expect(plain).not.toMatch(/\u001b\[/);
  expect(formatHuman(findings, BAD.map((f) => f.path), true)).toMatch(/\u001b\[31merror/);
  expect(formatHuman([], ['Dockerfile'], false)).toBe('No findings in Dockerfile.\n');
});

test('JSON output carries files, findings and counts', () => {
  const out = JSON.parse(formatJson(findings, ['app/Dockerfile', 'app/compose.yaml'])) as Record<string, any>;
  expect(out.files).toEqual(['app/Dockerfile', 'app/compose.yaml']);
  expect(out.findings).toEqual(findings);
  expect(out.summary.error).toBe(findings.filter((f) => f.severity === 'error').length);
});

test('one-line summary for generation and verify', () => {
  expect(auditSummary([])).toBe('audit: clean (0 findings)');
  expect(auditSummary(findings)).toMatch(/^audit: \d+ errors?, \d+ warnings? \(.*root-user.*\); run create-dockerfile audit for details$/);
});

test('README rule table is the one generated from the rule list', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(rulesMarkdown());
  expect(rulesMarkdown().split('\n')).toHaveLength(RULES.length + 2);
});
